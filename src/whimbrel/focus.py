"""The article's focus country, and the state actors it names without a nationality.

News names its own country's institutions bare: "police fired tear gas", "the
interior ministry said", "government troops shelled the town". When an
article is about one country (the country most often resolved among its
events' actors, recipients and locations), such state actors with no country
of their own are given the focus country, and so are bare rebel and
opposition groups ("rebels", "opposition factions"), and so are its unnamed people
("civilians", "residents", "a man"), and so is any other party named by its
sector alone ("a newspaper", "the ruling party", "Vice-President X") unless it
is owned ("its troops") or of a sector often foreign (clergy, aid groups,
refugees, medics, companies). No actor takes the focus beside a co-actor of
its role that names a country ("Israeli helicopters and tanks"), except rebels
beside their own state. A place inferred from the nationality of those acted
on ("expelled two Russian diplomats") does not make the focus. The words that mark
them are data (``data/actors/domestic_markers.tsv``); the actor records how
(``how = "focus:SYR"``), so that a user can see and filter it.

Plain Python, run by the pipeline on each article's events, after dedup.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Optional

from .actors import load_actor_index
from .knowledge import read_table, word_list
from .records import Actor, Event, Place
from .settings import Settings

NON_STATE = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UNK", "EUR", "UNO"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Sectors of people who are, as often as not, from elsewhere than where the news happens: clergy,
# aid workers, refugees, doctors of relief groups, companies (investors, firms under sanctions).
OUTSIDER_SECTORS = frozenset({"REL", "SOC", "REF", "MED", "BUS"})
OWNED = re.compile(r"(its|his|her|their|our|my|your)\b", re.I)


NEVER = re.compile(r"(?!)")


def _markers(extra: tuple[str, ...] = ()) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The domestic, foreign and insurgent words of ``domestic_markers.tsv`` as patterns."""
    return (_kind_pattern("domestic", extra) or NEVER, _kind_pattern("foreign", extra) or NEVER,
            _kind_pattern("insurgent", extra) or NEVER)


def focus_country(events: Iterable[Event], extra_files: tuple[str, ...] = ()) -> Optional[str]:
    """The country the article is about: the most frequent resolved country, if it leads clearly
    (``extra_files``: the user's actor files, which may name more countries)."""
    counts: Counter[str] = Counter()
    for e in events:
        for a in e.actors + e.recipients:
            if a.country and a.country not in NON_STATE and len(a.country) == 3:
                counts[a.country] += 1
        loc = e.location
        if (loc is not None and loc.country and loc.country not in NON_STATE
                and (loc.start is not None or _names(e.evidence.sentence, loc.text)
                     or any(a.country == loc.country for a in e.actors)
                     or any(r.country == loc.country and not _by_nationality(r, extra_files) for r in e.recipients))):
            # a place the text names, or one inferred from the doers or from a named recipient; a place
            # inferred from the nationality of those acted on ("The government expelled two Russian
            # diplomats", "attacked a camp for Congolese refugees") says nothing of the article's country
            counts[loc.country] += 2
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [("", 0)]
    return top if n >= 2 and n > rest[0][1] else None


def _names(sentence: str, name: Optional[str]) -> bool:
    return bool(name) and re.search(r"\b" + re.escape(name) + r"\b(?!-)", sentence) is not None


def _by_nationality(a: Actor, extra_files: tuple[str, ...] = ()) -> bool:
    """Is the actor known only by a nationality adjective ("two Russian diplomats"), not by a name?"""
    if not (a.how or "").startswith("country:"):
        return False
    index = load_actor_index(extra_files)
    return not any(e.kind == "country" and not e.adjective and e.country == a.country
                   for w in re.findall(r"[\w.'-]+", a.text) for e in index.lookup(w))


def _name_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[A-Z][\w'-]+", text) if w.lower() not in ("the", "a", "an"))


def fill_short_mentions(events: list[Event]) -> list[Event]:
    """"Defense Secretary Jim Mattis ... Mattis said": a later, shorter mention of a name
    the article has resolved before reuses that resolution (``how = "earlier:..."``)."""
    known: dict[str, Actor] = {}
    out = []

    def fill(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        filled = []
        for a in actors:
            words = _name_words(a.text)
            if a.country not in (None, "UNK") and words:
                for w in words[-2:]:
                    known.setdefault(w, a)
            elif a.country == "UNK" and words and words[-1] in known:
                src = known[words[-1]]
                a = replace(a, country=src.country, sector=a.sector or src.sector, name=src.name,
                            code=src.country + ((a.sector or src.sector) or ""), how=f"earlier:{src.text}")
            filled.append(a)
        return tuple(filled)

    for e in events:
        out.append(replace(e, actors=_one_per_entity(fill(e.actors)), recipients=_one_per_entity(fill(e.recipients))))
    return fill_pronouns(out)


NAMED_KINDS = ("organization:", "person:", "metonym:", "dictionary:")


def _one_per_entity(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """"expelled inspectors of the International Atomic Energy Agency, or IAEA": one named party
    (an organisation, a person, an institution) told twice in a role is one party."""
    seen: set[tuple[str, Optional[str]]] = set()
    codes: set[tuple[str, Optional[str]]] = set()
    out = []
    for a in actors:
        key = (a.how or "").split(" (")[0], a.country
        code = (a.country or "UNK", a.sector)
        if (a.how or "").startswith(NAMED_KINDS) and key in seen:
            continue
        if code in codes and a.country not in (None, "UNK") and a.sector is not None:
            continue  # "Prime Minister X and members of his government": one actor code (FJIGOV), one party
        seen.add(key)
        codes.add(code)
        out.append(a)
    return tuple(out) if len(out) < len(actors) else actors


PERSONAL = word_list("pronoun_person")  # "he", "she": the last named person
GROUP = word_list("pronoun_group")  # "they", "it": the last resolved doer


def fill_pronouns(events: list[Event]) -> list[Event]:
    """"Kenyan police fired tear gas ... They arrested 40 people": a pronoun that acts in a later
    sentence is the last doer of an earlier sentence that can be it (a person for "he" and "she",
    any resolved doer for "they" and "it"; the words are data, ``lexicon/function_words.tsv``);
    ``how = "pronoun:TEXT"``. Pronouns within one
    sentence are resolved by the event coder."""
    last_any: Optional[tuple[int, Actor]] = None
    last_person: Optional[tuple[int, Actor]] = None
    out = []
    for e in events:
        filled = []
        for a in e.actors:
            word = a.text.lower()
            src = None
            if a.how == "pronoun" and word in PERSONAL and last_person and last_person[0] < e.sentence_index:
                src = last_person[1]
            elif a.how == "pronoun" and word in GROUP and last_any and last_any[0] < e.sentence_index:
                src = last_any[1]
            if src is not None:
                a = replace(a, country=src.country, sector=src.sector, name=src.name, code=src.code,
                            how=f"pronoun:{src.text}")
            filled.append(a)
        for a in e.actors:
            if a.country not in (None, "UNK") and a.how != "pronoun" and not (a.how or "").startswith("pronoun:"):
                last_any = (e.sentence_index, a)
                if (a.how or "").startswith("person:"):
                    last_person = (e.sentence_index, a)
        out.append(replace(e, actors=tuple(filled)))
    return out


def fill_place_recipients(events: list[Event], settings: Optional[Settings] = None) -> list[Event]:
    """An event that names no recipient but happens in another country than its actors'
    ("Serbia lifted the curfew in Montenegro", "Hamas threatened attacks in Israel", "students
    demonstrated in Belgrade") acts on that country, as CAMEO-style coding has it: the place
    becomes the recipient with no sector (``how = "place:NAME"``). Not for the types in
    ``settings.place_recipient_skip_types`` (statements about someone, talks in Geneva: where they
    happen says nothing of whom they are about), except in the modes of
    ``settings.place_recipient_keep_modes`` (a visit is to the place).

    An event of a type in ``settings.place_recipient_domestic_types`` that happens in its actors'
    own country ("Tajik authorities imposed a curfew in Kulob", "police detained members of an
    outlawed group in Kasese", "farmers marched through Cusco") acts on that country: its
    first unresolved recipient that names someone or has a sector takes the place's country, or
    else the place becomes the recipient, with the sector the setting gives the type ("COERCE:CVL":
    a curfew falls on the people; "PROTEST:GOV": a protest is put to the government)."""
    settings = settings or Settings()
    skip, keep = frozenset(settings.place_recipient_skip_types), frozenset(settings.place_recipient_keep_modes)
    domestic_types = {t.partition(":")[0]: t.partition(":")[2] or None for t in settings.place_recipient_domestic_types}
    out = []
    for e in events:
        loc = e.location
        if ((e.event_type in skip and e.mode not in keep) or loc is None or not loc.country or loc.country in NON_STATE
                or len(loc.country) != 3 or any(r.country not in (None, "UNK") for r in e.recipients)):
            out.append(e)
            continue
        how = f"place:{loc.name or loc.text}"
        if e.event_type in domestic_types and any(a.country == loc.country for a in e.actors):
            out.append(_domestic_recipient(e, loc, how, domestic_types[e.event_type]))
            continue
        if (any(a.country == loc.country for a in e.actors)
                or any(loc.text and loc.text in a.text for a in e.actors)
                or any(_name_words(r.text) and loc.text not in r.text for r in e.recipients)):  # an unknown name
            out.append(e)
            continue
        named = [r for r in e.recipients if loc.text and loc.text in r.text]
        if named:  # "rockets were fired at Sderot": the recipient is the place itself
            recipients = tuple(replace(r, country=loc.country, code=loc.country + (r.sector or ""), how=how)
                               if r is named[0] else r for r in e.recipients)
        else:
            recipients = e.recipients + (_place_actor(e, loc, how),)
        out.append(replace(e, recipients=recipients))
    return out


def _place_actor(e: Event, loc: Place, how: str, sector: Optional[str] = None) -> Actor:
    return Actor(text=loc.text, start=loc.start if loc.start is not None else e.evidence.trigger_start,
                 end=loc.end if loc.end is not None else e.evidence.trigger_end, name=loc.name,
                 country=loc.country, sector=sector, code=loc.country + (sector or ""), how=how)


def _domestic_recipient(e: Event, loc: Place, how: str, sector: Optional[str]) -> Event:
    """The place's country for an event acting in its own actors' country (see fill_place_recipients)."""
    for r in e.recipients:
        if r.country in (None, "UNK") and r.how != "pronoun" and (r.sector or _name_words(r.text)):
            return replace(e, recipients=tuple(
                replace(x, country=loc.country, code=loc.country + (x.sector or ""), how=how) if x is r else x
                for x in e.recipients))
    if all((a.how or "").startswith("place:") for a in e.actors):
        return e  # "clashes near Aleppo" with no doer named: no party is made up on both sides
    if len({(a.country, a.sector) for a in e.actors}) > 1 and not any(r.sector or _name_words(r.text) for r in e.recipients):
        return e  # "M23 rebels clashed with army soldiers in Rutshuru": two sides act on each other, not on the place
    return replace(e, recipients=e.recipients + (_place_actor(e, loc, how, sector),))


def fill_place_attackers(events: list[Event], settings: Optional[Settings] = None) -> list[Event]:
    """An attack told without its doer ("a roadside bomb killed three soldiers near Samarra",
    "a journalist was killed in Beirut") is coded, as CAMEO does, to unidentified armed forces
    (``settings.unknown_attacker_sector``, UAF) of the country where it happened
    (``how = "place:NAME"``)."""
    sector = (settings or Settings()).unknown_attacker_sector
    out = []
    for e in events:
        loc = e.location
        if (e.event_type != "ASSAULT" or loc is None or not loc.country or loc.country in NON_STATE
                or len(loc.country) != 3 or loc.start is None or not loc.text  # a place the text names
                or any(a.country not in (None, "UNK") or a.sector or _name_words(a.text) for a in e.actors)
                or any(loc.text in a.text for a in e.actors + e.recipients)):  # "killed one U.S. soldier"
            out.append(e)
            continue
        # No phrase names the doer: its text is empty (an empty span at the trigger), the place stays the location's.
        doer = Actor(text="", start=e.evidence.trigger_start, end=e.evidence.trigger_start, name=None,
                     country=loc.country, sector=sector, code=loc.country + sector, how=f"place:{loc.name or loc.text}")
        out.append(replace(e, actors=e.actors + (doer,)))
    return out


@functools.lru_cache(maxsize=1)
def state_acts() -> dict[tuple[str, str], str]:
    """Acts only a state carries out, and the sector of the state body that does them (column
    ``state_sector`` of ``ontology/plover_modes.tsv``): an arrest told with no doer ("a missionary was
    arrested in Lebanon") was made by that country's police; a curfew, martial law or a deportation
    by its government."""
    return {(r["type"], r["mode"]): r["state_sector"] for r in read_table("ontology/plover_modes.tsv")
            if r.get("state_sector")}


def fill_place_authorities(events: list[Event]) -> list[Event]:
    """A coercive act that only a state carries out, told with no doer ("was arrested in Lebanon", "a curfew
    was imposed in Kulob"), is coded to the authorities (:func:`state_acts`) of the country where it happened,
    when the text names the place (``how = "place:NAME"``), as an attack with no doer is coded to
    unidentified armed forces there (fill_place_attackers)."""
    out = []
    for e in events:
        loc = e.location
        sector = state_acts().get((e.event_type, e.mode or ""))
        if (sector is None or e.actors or loc is None or not loc.country or loc.country in NON_STATE
                or len(loc.country) != 3 or loc.start is None or not loc.text):
            out.append(e)
            continue
        doer = Actor(text="", start=e.evidence.trigger_start, end=e.evidence.trigger_start, name=None,
                     country=loc.country, sector=sector, code=loc.country + sector, how=f"place:{loc.name or loc.text}")
        out.append(replace(e, actors=(doer,)))
    return out


def fill_minority_homes(events: list[Event], extra_files: tuple[str, ...] = ()) -> list[Event]:
    """"Ethnic Albanians demonstrated in Serbia": a minority named by a nation's adjective lives,
    and acts, in the country where the event happens (``how = "resident:NAME"``). The words that
    mark a minority are data (``kind = minority`` in ``data/actors/domestic_markers.tsv``)."""
    minority = _minority(extra_files)

    def fill(actors: tuple[Actor, ...], home: str, name: str) -> tuple[Actor, ...]:
        return tuple(replace(a, country=home, code=home + (a.sector or ""), how=f"resident:{name}")
                     if minority.search(a.text) and a.country not in (None, "UNK", home)
                     and (a.how or "").startswith("country:") else a for a in actors)

    out = []
    for e in events:
        loc = e.location
        if loc is None or not loc.country or loc.country in NON_STATE or len(loc.country) != 3:
            out.append(e)
            continue
        name = loc.name or loc.text
        out.append(replace(e, actors=fill(e.actors, loc.country, name), recipients=fill(e.recipients, loc.country, name)))
    return out


def _minority(extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    return _kind_pattern("minority", extra) or NEVER


def fill_nongovernmental(events: list[Event], extra_files: tuple[str, ...] = ()) -> list[Event]:
    """"A human rights group protested", "aid groups said": a non-governmental body named by its kind
    alone, with no country of its own and none that marks it local ("a local rights group", which the
    story's country takes), is coded as CAMEO codes such bodies: country ``NGO`` (``how = "ngo:TERM"``).
    The words are data (``kind = ngo`` in ``data/actors/domestic_markers.tsv``); they must end the
    actor's text, as its head ("Charity Mwangi" is a person)."""
    ngo = _kind_pattern("ngo", extra_files)
    if ngo is None:
        return events
    domestic = _markers(extra_files)[0]

    def fill(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        out = []
        for a in actors:
            found = ngo.search(a.text) if a.country == "UNK" and a.how in ("sector-only", "unresolved") else None
            if found and not a.text[found.end():].strip(" .,'\"") and not domestic.search(a.text):
                a = replace(a, country="NGO", code="NGO" + (a.sector or ""), how=f"ngo:{found.group(1).lower()}")
            out.append(a)
        return tuple(out)

    return [replace(e, actors=fill(e.actors), recipients=fill(e.recipients)) for e in events]


@functools.lru_cache(maxsize=16)
def _kind_pattern(kind: str, extra: tuple[str, ...] = ()) -> Optional[re.Pattern[str]]:
    """The words of one kind of ``domestic_markers.tsv`` as one pattern (longest first); None when none."""
    rows = read_table("actors/domestic_markers.tsv", extra)
    words = sorted((r["term"] for r in rows if r["kind"] == kind), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I) if words else None


def fill_context_sectors(events: list[Event], extra_files: tuple[str, ...] = ()) -> list[Event]:
    """"Deputies arrested a man ..., the sheriff's office said": a word whose sector depends on the
    article ("deputies" are members of parliament, but sheriff's deputies in an article that names a
    sheriff) takes the sector of the cue the article names (``sectors.tsv`` rows of kind ``context:CUE``)."""
    index = load_actor_index(extra_files)
    rules = index.context_sectors
    if not rules or not events:
        return events
    article = " ".join(dict.fromkeys(e.evidence.sentence for e in events)).lower()
    active = {word: sector for word, sector, cue in rules if re.search(r"\b" + re.escape(cue.lower()), article)}
    if not active:
        return events
    sector_words = index.sector_words

    def fill(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        out = []
        for a in actors:
            words = re.findall(r"[\w']+", a.text.lower())
            sector = active.get(words[-1]) if words and (a.how or "") in ("sector-only", "unresolved") else None
            if sector and any(w in sector_words for w in words[:-1]):
                sector = None  # "army officers": a word before it gives the sector
            if sector and sector != a.sector:
                a = replace(a, sector=sector, code=(a.country + sector) if a.country not in (None, "UNK") else a.code,
                            how="sector-only" if a.how == "unresolved" else a.how)
            out.append(a)
        return tuple(out)

    return [replace(e, actors=fill(e.actors), recipients=fill(e.recipients)) for e in events]


def fill_focus(events: list[Event], extra_files: tuple[str, ...] = (), settings: Optional[Settings] = None) -> list[Event]:
    events = fill_nongovernmental(fill_context_sectors(events, extra_files), extra_files)
    events = _fill_focus(fill_minority_homes(events, extra_files), extra_files)
    events = fill_place_recipients(fill_place_authorities(fill_place_attackers(events, settings)), settings)
    return [replace(e, actors=_one_per_entity(e.actors), recipients=_one_per_entity(e.recipients)) for e in events]


def _fill_focus(events: list[Event], extra_files: tuple[str, ...] = ()) -> list[Event]:
    focus = focus_country(events, extra_files)
    if focus is None:
        return events
    domestic, foreign, insurgent = _markers(extra_files)

    def fill(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        out = []
        # A co-actor that names a country of its own decides: another country ("Israeli helicopters and
        # tanks") or the focus once more ("Palestinian homes and civilian buildings": one party, not two).
        # Only rebels stand beside their own state ("the Sudanese government and the rebels in Darfur").
        named = {a.country for a in actors if a.country not in (None, "UNK")}
        alone, at_home = not named, named == {focus}
        for a in actors:
            state = a.sector in STATE_SECTORS and domestic.search(a.text) and not foreign.search(a.text)
            rebels = a.sector in ("REB", "OPP") and insurgent.search(a.text)  # "rebels", "opposition factions"
            people = a.sector == "CVL" and not foreign.search(a.text)  # "civilians", "a man", "residents"
            loyal = a.sector == "PRM" and domestic.search(a.text) and not foreign.search(a.text)  # "pro-government gunmen"
            # "a newspaper", "the party", "Vice-President X": any other party named by its sector alone, when it
            # stands alone in its role, is not owned ("its troops": the owner's) and is no kind of outsider
            other = (alone and a.sector is not None and a.sector not in OUTSIDER_SECTORS and a.how == "sector-only"
                     and not foreign.search(a.text) and not OWNED.match(a.text))
            if a.country == "UNK" and ((alone and (state or rebels or people or loyal or other))
                                       or (rebels and at_home)):  # "the Sudanese government and the rebels"
                a = replace(a, country=focus, code=focus + (a.sector or ""), how=f"focus:{focus}")
            out.append(a)
        return tuple(out)

    return [replace(e, actors=fill(e.actors), recipients=fill(e.recipients)) for e in events]
