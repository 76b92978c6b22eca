"""Actors: resolve an actor or recipient phrase to a country and a sector.

The knowledge is in ``data/actors/*.tsv`` (countries, metonyms, sectors,
organisations, people), loaded through :mod:`whimbrel.knowledge` and
indexed once into an :class:`ActorIndex`. :meth:`ActorIndex.resolve` takes
the tokens of a noun phrase (built by the event coder from the parse) and
returns an :class:`~whimbrel.records.Actor`:

- names, aliases and adjectives anywhere in the phrase give the country
  ("Syrian government forces", "Syria's army", "forces of the US-led
  coalition"), the head noun or a title gives the sector ("forces" MIL,
  "Defense Secretary" GOV);
- organisations, people (by the article's date) and metonyms ("the
  Pentagon") give both;
- ``pro-X`` aligns the actor with X's country as a pro-government militia
  (PRM); ``X-backed`` names a backer, not the actor's own country;
- what cannot be resolved keeps its text and comes back with country
  ``UNK``: nothing is dropped silently.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from .knowledge import is_petrarch_dictionary, read_petrarch_actors, read_table, split, word_list
from .records import Actor

SECTOR_NOUN = "noun"
SECTOR_TITLE = "title"
SECTOR_MODIFIER = "modifier"
SECTOR_PROXY = "proxy"  # a word that, after a country's possessive, makes the country a patron ("Israel's ally")
SECTOR_CONTEXT = "context:"  # "context:sheriff": the word's sector in an article that names the cue word
SECTOR_GENERIC = "generic"  # role words ("officials", "leaders") whose sector a modifier or a named group overrides
# Words that, after a hyphen, make the preceding name a backer,
# not the actor's own identity ("Iranian-backed militias", "US-led coalition").
BACKER_WORDS = word_list("backer")
OPPONENT_WORDS = word_list("opponent")  # "anti-Syria": the name after it is whom the actor opposes
RESIDENCE_PREPS = word_list("residence_prep")
RULING_BODIES = word_list("ruling_body")  # "the Taliban government": whoever a government is of, it governs
ALLEGIANCE_WORDS = word_list("allegiance")  # "militants loyal to X", "workers affiliated with Y": X's, Y's country  # "ethnic Albanians in southern Serbia": where a people lives
TRANSNATIONAL = frozenset({"IMG", "ISM"})  # groups across states; named with one state, their branch there
OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})  # held by office; a former holder is ELI
FORMER_WORDS = frozenset({"former", "ex"})
NON_STATE_SECTORS = frozenset({"REB", "PRM", "UAF", "CRM", "PTY", "OPP"})
FUZZY_SEEN_MAX = 200_000  # words whose spelling check is remembered, at most
OWNER_KINDS = frozenset({"organization", "dictionary"})  # named groups that own what a phrase names
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "them", "him", "her", "us", "who", "which", "that"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One knowledge-base entry a phrase can match."""

    name: str
    kind: str  # country | metonym | organization | person
    country: Optional[str]
    sector: Optional[str] = None
    code: Optional[str] = None
    start: str = ""
    end: str = ""
    adjective: bool = False
    spelt: str = ""  # the misspelt word this entry was read from ("Ethopia")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("\u2011", "-").split())


class ActorIndex:
    """All actor knowledge, indexed by lower-cased phrase."""

    def __init__(self, extra_files: tuple[str, ...] = ()):
        self.phrases: dict[str, list[Entry]] = {}
        self.exact: dict[str, list[Entry]] = {}  # short all-caps aliases ("US", "IS") match case-sensitively
        self.sectors: dict[str, dict[str, str]] = {SECTOR_NOUN: {}, SECTOR_TITLE: {}, SECTOR_MODIFIER: {}, SECTOR_GENERIC: {}}
        self.max_words = 1
        self.stems: dict[str, list[tuple[str, Entry]]] = {}  # PETRARCH stems, by their first four letters
        self._country_words: dict[tuple[str, int], dict[str, Entry]] = {}  # one-word country names, adjectives
        self._person_words: dict[tuple[str, int], dict[str, list[Entry]]] = {}  # surnames of listed people
        self._near_ready = False  # the two tables above are built on the first spelling check
        self._fuzzy_seen: dict[str, tuple[Optional[Entry], Optional[list[Entry]]]] = {}  # bounded: FUZZY_SEEN_MAX
        for r in read_table("actors/countries.tsv", extra_files):
            iso = r["iso3"]
            self._add(r["name"], Entry(r["name"], "country", iso))
            for alias in split(r["aliases"]) + split(r["capitals"]):
                self._add(alias, Entry(r["name"], "country", iso))
            for adj in split(r["adjectives"]):
                self._add(adj, Entry(r["name"], "country", iso, adjective=True))
        for r in read_table("actors/peoples.tsv", extra_files):
            # "Chechen rebels", "Igbo elders", "Tamils": a people that lives mostly in one state, read like its adjective
            for alias in (r["people"],) + split(r["aliases"]):
                self._add(alias, Entry(r["people"], "country", r["country"], adjective=True))
        for r in read_table("actors/metonyms.tsv", extra_files):
            self._add(r["text"], Entry(r["text"], "metonym", r["country"], r["sector"] or None))
        for r in read_table("actors/organizations.tsv", extra_files):
            entry = Entry(r["name"], "organization", r["country"] or None, r["sector"] or None, r.get("code") or None)
            for alias in (r["name"],) + split(r["aliases"]):
                self._add(alias, entry)
        for r in read_table("actors/people.tsv", extra_files):
            entry = Entry(r["name"], "person", r["country"] or None, r["sector"] or None,
                          start=r.get("start", ""), end=r.get("end", ""))
            for alias in (r["name"],) + split(r["aliases"]):
                self._add(alias, entry)
        for path in extra_files:
            if is_petrarch_dictionary(path):
                self._add_petrarch(path)
        self.proxy_words: set[str] = set()  # sectors.tsv kind "proxy": "X's ally" is X's ally, not X
        self.context_sectors: list[tuple[str, str, str]] = []  # (word, sector, cue): see sectors.tsv kind "context:CUE"
        for r in read_table("actors/sectors.tsv", extra_files):
            if r["kind"] == SECTOR_PROXY:
                self.proxy_words.add(_norm(r["term"]))
                continue
            if r["kind"].startswith(SECTOR_CONTEXT):
                # "deputies" are sheriff's deputies (COP), not members of parliament, in an article that names a sheriff
                self.context_sectors.append((_norm(r["term"]), r["sector"], r["kind"][len(SECTOR_CONTEXT):].strip()))
                continue
            kind = r["kind"] if r["kind"] in self.sectors else SECTOR_NOUN
            self.sectors[kind].setdefault(_norm(r["term"]), r["sector"])
            words = len(r["term"].split())
            self.max_words = max(self.max_words, words)
        # every word and phrase of the sector tables ("army" in "army officers" gives a sector of its own)
        self.sector_words: frozenset[str] = frozenset(t for table in self.sectors.values() for t in table)

    def _add_petrarch(self, path: str) -> None:
        """Entries of a TABARI/PETRARCH actor dictionary; stems match words that start with them."""
        for r in read_petrarch_actors(path):
            entry = Entry(r["name"].title(), "dictionary", r["country"], r["sector"] or None, r["code"],
                          start=r["start"], end=r["end"])
            for name in (r["name"],) + split(r["aliases"]):
                if not name:
                    continue
                self._add(name, entry, first=True)  # the user's dictionary wins
                if r["role"] == "stem" and " " not in name and len(name) >= 4:
                    self.stems.setdefault(name.lower()[:4], []).append((name.lower(), entry))

    def _add(self, phrase: str, entry: Entry, first: bool = False) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        stripped = phrase[4:] if phrase.lower().startswith("the ") else phrase

        def put(table: dict[str, list[Entry]], key: str) -> None:
            bucket = table.setdefault(key, [])
            bucket.insert(0, entry) if first else bucket.append(entry)

        for p in {phrase, stripped}:
            if len(p) <= 4 and p.replace(".", "").isupper() and not first:
                put(self.exact, p)
                if "." in p:  # "U.S." is unambiguous in any case
                    put(self.phrases, _norm(p))
            else:
                put(self.phrases, _norm(p))
            self.max_words = max(self.max_words, len(p.split()))

    # ------------------------------------------------------------------ lookup

    def lookup(self, text: str, date: Optional[str] = None) -> list[Entry]:
        """Entries for an exact phrase (used by ``whimbrel actors lookup`` and tests)."""
        found = list(self.exact.get(text.strip(), ())) + list(self.phrases.get(_norm(text), ()))
        return self._by_date(found, date)

    @staticmethod
    def _by_date(entries: list[Entry], date: Optional[str]) -> list[Entry]:
        """The entries that hold on the article's date. An office-holder named outside every term of
        theirs is still the same person: of the same country, but out of office: after a term, an
        elite (CAMEO ELI: "Imran Khan" in 2023), before any, no sector (the office is not yet theirs)."""
        if not date:
            return entries
        dated = [e for e in entries if (not e.start or e.start <= date) and (not e.end or date <= e.end)]
        if dated:
            return dated
        undated = [e for e in entries if not (e.start or e.end)]
        if undated:
            return undated
        former = any(e.end and e.end < date for e in entries)  # between two terms too
        out = [replace(e, sector="ELI" if former else None, code=None)
               if e.kind == "person" and e.sector in OFFICE_SECTORS else e for e in entries]
        return sorted(out, key=lambda e: e.end or "9999", reverse=True)  # the last term ended first

    def _match_words(self, words: Sequence[str], date: Optional[str]) -> Optional[Entry]:
        return self._match_text(" ".join(words), date)

    def _match_text(self, text: str, date: Optional[str]) -> Optional[Entry]:
        found = self.exact.get(text) or self.phrases.get(_norm(text))
        if not found and self.stems and " " not in text and len(text) >= 4:
            word = text.lower()
            found = [e for stem, e in self.stems.get(word[:4], ()) if word.startswith(stem)]
        if not found:
            return None
        found = self._by_date(list(found), date)
        return found[0] if found else None

    def resolve(self, tokens: Sequence[Token], head: Token, date: Optional[str] = None, outer: bool = True) -> Actor:
        """Resolve the phrase made of ``tokens`` (sorted, contiguous or not) whose head is ``head``
        (``outer``: an apposition of the head left out of the phrase may name it)."""
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        text = head.doc[tokens[0].i:tokens[-1].i + 1].text  # (Doc.text rebuilds the whole text: never in a loop)
        if head.pos_ == "PRON" and head.lower_ in PRONOUNS and len(tokens) == 1:  # "us", not "US"
            return Actor(text=text, start=start, end=end, country="UNK", how="pronoun")

        matches = self._scan(tokens, date)
        if self._sector(tokens, head) is None and head.pos_ != "PROPN":
            # "the borders of Jordan": a country inside a prepositional phrase only places an actor
            # whose head is one ("the forces of Jordan"); a named group still owns a thing of its own
            # ("the shells of the Islamic State organization").
            in_pp = {t.i for t in tokens if _in_pp(t, head)}
            matches = [m for m in matches if m[1] not in in_pp or m[0].kind in OWNER_KINDS]
        own: Optional[Entry] = None
        aligned: Optional[Entry] = None
        own_how = ""
        for entry, first, last, relation in matches:
            if relation == "backer":
                continue  # a backer ("US-backed") or an opponent ("anti-Syria") is not the actor's own country
            if relation == "aligned":
                aligned = aligned or entry
                continue
            covers_head = first <= head.i <= last
            if own is None or covers_head or (own.kind == "country" and entry.kind != "country" and entry.sector):
                own, own_how = entry, f"{entry.kind}:{entry.name}" + (f" (spelt {entry.spelt!r})" if entry.spelt else "")
                if covers_head:
                    break

        if own is not None and own.country in TRANSNATIONAL and own.kind in OWNER_KINDS:
            # "Iraq's al-Qaeda", "Yemeni al-Qaeda": a transnational group named with one state is its branch there
            first = [m for m in matches if m[0] is own][0][1]
            states = [e for e, f, l, rel in matches if e.kind == "country" and rel == "own" and l < first
                      and all(t.lower_ in ("'s", "'", "’s") for t in head.doc[l + 1:first])]
            if states:
                own = replace(own, country=states[-1].country, code=None)
                own_how = f"organization:{own.name} ({states[-1].name})"
        nations = {e.country for e, f, l, rel in matches if e.kind == "country" and rel == "own" and not f <= head.i <= l}
        if own is not None and own.kind == "person" and nations and own.country not in nations:
            # "Georgian President Eduard Shevardnadze": the office that matches the nationality named
            span = [m for m in matches if m[0] is own][0]
            name = head.doc[span[1]:span[2] + 1].text
            same = [e for e in self.lookup(name) if e.kind == "person" and e.country in nations]
            if same:
                own, own_how = same[0], f"person:{same[0].name}"
        if own is not None and own.kind == "country" and own.adjective and first_covers_head(matches, head):
            # "Bosnian Serbs", "Iraqi Turkmen": a people named with another state's adjective belongs to that state
            states = [e for e, f, l, rel in matches if e.kind == "country" and rel == "own" and l < head.i
                      and e.country != own.country and head.doc[l].dep_ in ("amod", "compound") and head.doc[l].head.i == head.i]
            if states:
                own, own_how = states[-1], f"country:{states[-1].name}"
        if own is not None and own.kind == "country" and own.adjective and first_covers_head(matches, head):
            # "ethnic Albanians in southern Serbia": a people is placed where it lives
            homes = [e for e, f, l, rel in matches if e.kind == "country" and not e.adjective and f > head.i
                     and any(t.lower_ in RESIDENCE_PREPS for t in head.doc[head.i + 1:f])]
            if homes:
                own, own_how = homes[0], f"resident:{homes[0].name}"
        sector = self._sector(tokens, head) or (own.sector if own else None)
        if (sector == "REL" and own is not None and own.kind == "person" and own.sector
                and (first_covers_head(matches, head) or head.ent_type_ == "PERSON")):
            sector = own.sector  # "Sheikh Hamad bin Khalifa", "Ayatollah Khamenei": a religious honorific, the person's office
        if sector is None and own is not None and own.kind == "country" and first_covers_head(matches, head):
            # "Russia condemned ...": a state named alone acts through its government;
            # "Syrians" (the people) are civilians.
            sector = "CVL" if own_adjective(matches, head) else "GOV"
        if self._modifier_sector(tokens) == "PRM":
            sector = "PRM"  # "pro-government gunmen"
        generic_head = head.lower_ in self.sectors[SECTOR_GENERIC] or head.lemma_.lower() in self.sectors[SECTOR_GENERIC]
        if own is not None and own.kind in ("organization", "metonym") and own.sector and (
                own.sector in NON_STATE_SECTORS or generic_head) and not (
                head.lemma_.lower() in RULING_BODIES and not first_covers_head(matches, head)):
            sector = own.sector  # "ELN commanders", "Hamas officials", "Amnesty researchers": the group decides
            # (not "the Taliban government", "Houthi authorities": a group that governs is a government)
        if own is not None and own.kind == "dictionary" and own.code and first_covers_head(matches, head):
            sector = own.sector  # a user's PETRARCH code is explicit: it beats titles and head nouns
        named = {i for _, f, l, _ in matches for i in range(f, l + 1)}  # "the Former Yugoslav Republic of Macedonia"
        if sector in OFFICE_SECTORS and _former([t for t in tokens if t.i not in named], head):
            sector = "ELI"  # "former president Carlos Menem", "an ex-general": out of office, an elite (CAMEO ELI)
        if sector is None and head.ent_type_ == "NORP":
            sector = "CVL"  # "Kurds", "Serbs": a people
        country = own.country if own else None
        name = own.name if own else None
        how = own_how
        if aligned and (own is None or own.kind == "country"):
            # "pro-Assad militia", "pro-government gunmen": aligned with X's government.
            country, sector, how = aligned.country, "PRM", f"aligned:{aligned.name}"
        if country is None and outer and (sector is not None or head.ent_type_ in ("PERSON", "ORG", "NORP")):
            # "the country's top judge, Justice Amina Bello of Nigeria", "militants loyal to Iraq's al-Qaeda
            # leader": an apposition or an allegiance left out of the phrase names it
            other, relation = self._named_beside(tokens, head, date)
            if other is not None:
                if relation == "allegiance" and other.sector in ("GOV", "MIL", "COP") and sector in (None, "REB", "UAF"):
                    sector = "PRM"  # "fighters loyal to the president": a pro-government militia
                country, name, sector = other.country, other.name, sector or other.sector
                how = f"{relation}:{other.how}"
        if country is None:
            country = "UNK"
            how = how or ("sector-only" if sector else "unresolved")
        code = own.code if own is not None and own.code and own.sector == sector else None
        if code is None and country and country != "UNK":
            code = country + (sector or "")
        return Actor(text=text, start=start, end=end, name=name, country=country, sector=sector, code=code, how=how or None)

    def _named_beside(self, tokens: Sequence[Token], head: Token, date: Optional[str]) -> tuple[Optional[Actor], str]:
        """The resolved actor of an apposition of ``head`` or of what it is loyal to ("troops loyal to
        President X", "workers affiliated with the Y union"), when the phrase left it out."""
        inside = {t.i for t in tokens}
        found: list[tuple[Token, str]] = [(c, "apposition") for c in head.children if c.dep_ == "appos" and c.i not in inside]
        found += [(o, "allegiance") for mod in head.children
                  if mod.i > head.i and mod.i not in inside and mod.dep_ in ("amod", "acl") and mod.lower_ in ALLEGIANCE_WORDS
                  for prep in mod.children if prep.dep_ == "prep" for o in prep.children if o.dep_ == "pobj"]
        for tok, relation in found:
            sub = [t for t in tok.subtree if not t.is_punct or t.text in ("-", ".")]
            other = self.resolve(sub, tok, date, outer=False) if sub else None
            if other is not None and other.country != "UNK":
                return other, relation
        return None, ""

    def _scan(self, tokens: Sequence[Token], date: Optional[str]) -> list[tuple[Entry, int, int, str]]:
        """Longest knowledge-base matches in the phrase, with their relation to the actor."""
        words = [t for t in tokens if not (t.is_punct and t.text not in (".",)) or t.text == "-"]
        out = []
        i = 0
        n = len(words)
        while i < n:
            hit = None
            for k in range(min(self.max_words, n - i), 0, -1):
                span = words[i:i + k]
                if span[0].text == "-" or span[-1].text == "-":
                    continue
                texts = [t.text for t in span]
                surface = span[0].doc[span[0].i:span[-1].i + 1].text  # "al-Qaeda" as written
                entry = self._match_text(surface, date) or self._match_words(texts, date) or (self._match_words([t.lemma_ for t in span], date) if k == 1 and span[0].pos_ == "NOUN" else None)
                if entry is None and texts[0].lower() == "the":
                    entry = self._match_words(texts[1:], date) if k > 1 else None
                if entry is not None:
                    hit = (entry, span, k)
                    break
            if hit is None:
                entry = self._fuzzy(words[i], date)
                if entry is not None:
                    hit = (entry, words[i:i + 1], 1)
            if hit is None:
                i += 1
                continue
            entry, span, k = hit
            relation = "own"
            prev = words[i - 1] if i > 0 else None
            prev2 = words[i - 2] if i > 1 else None
            nxt = words[i + k] if i + k < n else None
            nxt2 = words[i + k + 1] if i + k + 1 < n else None
            if prev is not None and prev.text == "-" and prev2 is not None and prev2.lower_ == "pro":
                relation = "aligned"
            elif prev is not None and prev.lower_.startswith("pro-"):
                relation = "aligned"
            elif prev is not None and ((prev.text == "-" and prev2 is not None and prev2.lower_ in OPPONENT_WORDS)
                                       or prev.lower_ in OPPONENT_WORDS):
                relation = "backer"  # "an anti-Syria journalist": X is whom the actor opposes, not its country
            elif nxt is not None and nxt.text == "-" and nxt2 is not None and nxt2.lower_ in BACKER_WORDS:
                relation = "backer"
            elif nxt is not None and nxt.lower_ in BACKER_WORDS and nxt.i == span[-1].i + 1 and span[-1].whitespace_ == "":
                relation = "backer"
            elif (entry.kind == "country" and nxt is not None and nxt.lower_ in ("'s", "’s", "'")
                  and any(w.lemma_.lower() in self.proxy_words or w.lower_ in self.proxy_words
                          for w in words[i + k + 1:i + k + 3])):
                relation = "backer"  # "Israel's militia ally in southern Lebanon", "Iran's proxies": the patron, not the actor
            out.append((entry, span[0].i, span[-1].i, relation))
            i += k
        return out

    def _fuzzy(self, tok: Token, date: Optional[str] = None) -> Optional[Entry]:
        """A misspelt country name or adjective ("Ethopia", "Afganistan", "Quatar") or a misspelt
        surname of a listed person ("Bouteflicka"): one letter added, dropped, changed or swapped
        inside a capitalised word of six letters (seven for surnames) or more that matches nothing
        else, when exactly one country (person) is that close."""
        word = tok.text
        if len(word) < 6 or not word.isalpha() or not word[0].isupper():
            return None
        low = word.lower()
        seen = self._fuzzy_seen.get(low)
        if seen is None:
            if len(self._fuzzy_seen) >= FUZZY_SEEN_MAX:
                self._fuzzy_seen.clear()  # the index lives as long as the process: its memo must not grow without end
            seen = self._fuzzy_seen[low] = self._near(low)
        country, people = seen
        if country is not None and _may_be_country_slip(tok):
            return replace(country, spelt=word)
        if people and len(low) >= 7 and tok.pos_ == "PROPN":
            dated = self._by_date(list(people), date)
            return replace(dated[0], spelt=word) if dated else None
        return None

    def _near(self, low: str) -> tuple[Optional[Entry], Optional[list[Entry]]]:
        """The one country and the one person whose name is one slip away from ``low`` (same first letter).
        A real word or place listed in ``not_misspelt.tsv`` ("Columbia", "Granada") is no slip."""
        if low in _not_misspelt():
            return None, None
        if not self._near_ready:  # a flag, not the tables' emptiness: with no qualifying words, build once all the same
            for key, entries in self.phrases.items():
                if " " in key or len(key) < 5:
                    continue
                kinds = {e.kind for e in entries}
                if kinds == {"country"} and len({e.country for e in entries}) == 1:
                    self._country_words.setdefault((key[0], len(key)), {})[key] = entries[0]
                elif kinds == {"person"} and len(key) >= 7 and len({e.name for e in entries}) == 1:
                    self._person_words.setdefault((key[0], len(key)), {})[key] = entries
            self._near_ready = True
        sizes = (len(low) - 1, len(low), len(low) + 1)
        found = {e.country: e for n in sizes for key, e in self._country_words.get((low[0], n), {}).items()
                 if _one_edit(low, key)}
        people = [v for n in sizes for key, v in self._person_words.get((low[0], n), {}).items() if _one_edit(low, key)]
        return (next(iter(found.values())) if len(found) == 1 else None), (people[0] if len(people) == 1 else None)

    def _sector(self, tokens: Sequence[Token], head: Token) -> Optional[str]:
        nouns, titles = self.sectors[SECTOR_NOUN], self.sectors[SECTOR_TITLE]
        # Multi-word titles and nouns ("prime minister", "riot police", "pro-government forces"),
        # compared on the surface text so that hyphenated words match.
        # A window after the head ("doctors from an American aid group") is the head's modifier: the head
        # word decides before it; a window up to the head ("riot police officers", "prime minister X") first.
        def windows(after_head: bool) -> Iterator[str]:
            for k in range(min(self.max_words + 2, len(tokens)), 1, -1):
                for i in range(len(tokens) - k + 1):
                    if (tokens[i].i > head.i) == after_head:
                        yield _norm("".join(t.text_with_ws for t in tokens[i:i + k]))

        for phrase in windows(after_head=False):
            for table in (titles, nouns):
                if phrase in table:
                    return table[phrase]
        for word in (head.lower_, head.lemma_.lower()) if not place_word(head) else ():  # "the West Bank": no bank
            if word in nouns:
                return nouns[word]
            if word in titles:
                return titles[word]
        for phrase in windows(after_head=True):
            for table in (titles, nouns):
                if phrase in table:
                    return table[phrase]
        for t in tokens:
            if t.i == head.i or place_word(t):
                continue  # "Palestinians of the West Bank": a word of a place's name gives no sector
            # the lemma only of a noun: "a suspected weapons supply" has no suspect in it
            for word in (t.lower_,) + ((t.lemma_.lower(),) if t.pos_ in ("NOUN", "PROPN") else ()):
                if word in titles or word in nouns:
                    if nouns.get(word) == "CVL" and t.pos_ == "PROPN" and t.ent_iob_ in ("B", "I") and t.head.pos_ == "PROPN":
                        continue  # "National Assembly president": a word of a name, not a people
                    return titles.get(word) or nouns[word]  # "opposition leader", "army officers"
        found = self._modifier_sector(tokens)
        if found:
            return found
        generic = self.sectors[SECTOR_GENERIC]
        return generic.get(head.lower_) or generic.get(head.lemma_.lower())

    def _modifier_sector(self, tokens: Sequence[Token]) -> Optional[str]:
        mods = self.sectors[SECTOR_MODIFIER]
        words = [w for t in tokens for w in (t.lower_, t.lemma_.lower())]
        # Hyphenated modifiers are split by the tokenizer: "pro", "-", "government".
        words += [f"{a.lower_}-{c.lower_}" for a, b, c in zip(tokens, tokens[1:], tokens[2:]) if b.text == "-"]
        for word in reversed(words):
            if word in mods:
                return mods[word]
        return None


def _one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` different by one inserted, deleted, replaced or swapped letter inside
    the word? A different last letter is another word more often than a slip ("Indian", "Indiana")."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if diff[-1] == len(a) - 1:
            return False
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) != 1:
        return False
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return i < len(a) - 1 and a[i:] == b[i + 1:]


@functools.cache
def _not_misspelt() -> frozenset[str]:
    """Real words and names one letter away from a country word or a listed surname (data)."""
    return frozenset(r["word"].lower() for r in read_table("actors/not_misspelt.tsv"))


def _may_be_country_slip(tok: Token) -> bool:
    """Can this word be a misspelt country? Not when the parser reads it as a person, a building, a
    work or any entity other than a place, a people or an organisation (the parser tags an unknown
    capitalised word standing alone, such as "Ethopia", as an organisation), nor inside a longer
    name ("Columbia University", "the District of Columbia"): a slip stands alone."""
    if tok.ent_type_ not in ("", "GPE", "NORP", "LOC", "ORG"):
        return False
    if tok.ent_iob_ == "I":
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return not (nxt is not None and nxt.ent_iob_ == "I")


def _former(tokens: Sequence[Token], head: Token) -> bool:
    """Is the phrase's office held no more ("former president X", "ex-minister", "the ex-general")?
    Only a word before the head counts, outside any prepositional phrase ("a former colony's troops" does not)."""
    return any(t.lower_ in FORMER_WORDS and t.i < head.i and not _in_pp(t, head)
               and (t.lower_ != "ex" or (t.i + 1 < len(t.doc) and t.nbor(1).text == "-")) for t in tokens)


def place_word(tok: Token) -> bool:
    """Is the token a word of a place's name ("West Bank", "Gaza Strip")?"""
    return tok.pos_ == "PROPN" and tok.ent_type_ in PLACE_ENTS


def _in_pp(tok: Token, head: Token) -> bool:
    """Is ``tok`` inside a prepositional phrase of the phrase headed by ``head`` ("forces of the coalition")?"""
    return any(a.dep_ == "prep" and a.i != head.i and head in a.ancestors for a in [tok, *tok.ancestors])


def first_covers_head(matches: list[tuple[Entry, int, int, str]], head: Token) -> bool:
    return any(first <= head.i <= last and rel == "own" for _, first, last, rel in matches)


def own_adjective(matches: list[tuple[Entry, int, int, str]], head: Token) -> bool:
    return any(first <= head.i <= last and e.adjective for e, first, last, _ in matches)


@functools.lru_cache(maxsize=8)
def load_actor_index(extra_files: tuple[str, ...] = ()) -> ActorIndex:
    return ActorIndex(extra_files)


def sectors_of(actors: Iterable[Actor]) -> list[str]:
    return [a.sector for a in actors if a.sector]


# ------------------------------------------------------------------ all-capital names read as words

CAPS_WINDOW = 8  # words on each side that tell an all-capital passage ("THE WAR IS OVER") from running text
CAPS_SHARE = 0.6  # share of all-capital words from which a passage counts as written in capitals
CAPS_SUBJECTS = PRONOUNS | frozenset({"there", "this", "what", "where", "how", "why"})  # "it IS": the verb


@functools.lru_cache(maxsize=1)
def caps_names() -> dict[str, str]:
    """``caps_names.tsv``: all-capital names the English model reads as a word ("IS"), with the form to read."""
    return {r["word"]: r["reads_as"].lower() for r in read_table("actors/caps_names.tsv")}


def _capital_passage(doc: Doc, i: int) -> bool:
    """Whether the words around token ``i`` on its line are mostly written in capitals."""
    words: list[str] = []
    for step in (-1, 1):
        seen, j = 0, i
        while seen < CAPS_WINDOW:
            if (step == -1 and (j == 0 or "\n" in doc[j - 1].whitespace_)) or (step == 1 and (j + 1 >= len(doc) or "\n" in doc[j].whitespace_)):
                break  # the line ends
            j += step
            if "\n" in doc[j].text:
                break
            if sum(c.isalpha() for c in doc[j].text) >= 2:
                words.append(doc[j].text)
                seen += 1
    if not words:
        return True  # a line of its own ("IS"): nothing tells the name from the word
    return sum(w.isupper() for w in words) / len(words) >= CAPS_SHARE


def mark_caps_names(doc: Doc) -> Doc:
    """Give an all-capital name that the model reads as a word ("IS" for the Islamic State) the normal form
    of the name it stands for, before the model tags and parses the text, so "IS landmines kill 5" and
    "clashes between rebels and IS" are parsed with IS as a noun. Left alone: a passage written in capitals
    ("THE WAR IS OVER") and the word after a pronoun ("it IS over")."""
    names = caps_names()
    if not names or not any(name in doc.text for name in names):
        return doc
    for tok in doc:
        reads_as = names.get(tok.text)
        if reads_as is None:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in CAPS_SUBJECTS:
            continue
        if _capital_passage(doc, tok.i):
            continue
        tok.norm_ = reads_as
    return doc


@Language.component("whimbrel_caps_names", assigns=["token.norm"])
def caps_names_component(doc: Doc) -> Doc:
    return mark_caps_names(doc)
