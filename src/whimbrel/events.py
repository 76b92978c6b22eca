"""The event coder: triggers, arguments, type, mode, CAMEO code, modality.

A spaCy component, ``whimbrel_events``, reads the dependency parse of each
sentence and writes :class:`~whimbrel.records.Event` records to
``doc._.whimbrel_events``. What it knows is data (``data/lexicon``):

- ``triggers.tsv``: verb and noun triggers (lemma, optional particle or
  required object) with their PLOVER type and mode and CAMEO code;
- ``support_verbs.tsv``: light verbs whose object noun is the event
  ("conducted an airstrike", "held talks");
- ``recipient_preps.tsv``: prepositions that introduce the recipient;
- ``instruments.tsv``: weapons that set the mode of an attack;
- ``embedding.tsv``: what an event embedded in another becomes
  ("threatened to attack" is THREATEN violence, not ASSAULT);
- ``modality.tsv``: negation, condition, future and attempt cues;
- ``types.tsv``: types that need a recipient.

One trigger gives at most one event; a noun trigger tied to a verb trigger
of the same type ("an airstrike hit ...", "killed in the shelling") gives
one event; an event that is the content of another (threat, demand,
accusation, promise) is folded into it. Actors and recipients are lists
(coordination gives one event with several actors, never a cross product).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex, load_actor_index, place_word
from .errors import KnowledgeError
from .knowledge import Ontology, load_ontology, read_table, split, word_list
from .nlp import guarded, register_extensions
from .records import Actor, Event, Evidence, stable_id, with_event_ids

VERB, NOUN = "VERB", "NOUN"
VERBAL = frozenset({"VERB", "AUX"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "conj", "acl", "relcl", "acomp"})
# Dependents that belong to an actor phrase ("the Syrian army's 4th division", "forces of the coalition").
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "npadvmod", "case",
                         "punct", "predet", "advmod", "appos", "prep", "pobj", "hmod", "hyph"})
PHRASE_PREPS = frozenset({"of", "in", "from", "throughout", "across"})  # "students throughout Indonesia"
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
OBJECT_CONTROL = word_list("object_control")
JUDGING_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT"})  # they judge an act: its doer is their recipient
TOPIC_PREPS = word_list("topic_prep")
BACKGROUND_PREPS = word_list("background")
PEOPLE_NOUNS = word_list("people")  # "a man", "tourists": people by what they are, not a force
SEQUENCE_PREPS = word_list("sequence")  # "after", "since": an event before or after another
SIMULTANEITY_PREPS = word_list("simultaneity")  # "during": an event beside another, of the same kind one with it
QUANTITY_WORDS = word_list("quantity")
DENIAL_VERBS = word_list("denial")
DECISION_NOUNS = word_list("decision_noun")  # whose decision, move or plan acts in its infinitive
CLAIM_NOUNS = word_list("claim_noun")
OPINION_VERBS = word_list("opinion")
MEASURE_WORDS = word_list("measure")
SUBORDINATORS = word_list("subordinator")
OUTCOME_VERBS = word_list("outcome_verb")
TOLL_HEADS = word_list("toll_head")
WHEN_MARKS = word_list("same_event_mark")
TWO_SIDED = word_list("two_sided")  # "clashed with": the other side acts too
COMPANION_WORDS = word_list("companion")  # "together with", "along with", "alongside": a co-actor
PROTESTER_WORDS = word_list("protester")  # whose violence is a riot
AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
UNARMED_MODES = frozenset({None, "destroy", "beat", "primitive", "seize", "restrict"})  # an attack with no weapon of war
INTRANSITIVE_VERBS = word_list("intransitive")  # "protested", "marched": never a passive participle
HEDGE_WORDS = word_list("hedge")  # "the presumed Russian strike": words before an actor's name that are not in it
LANDMARK_NOUNS = word_list("landmark")  # "by the border", "by the river": a 'by' phrase that says where, not who
AGENT_ENTS = frozenset({"ORG", "PERSON", "NORP", "GPE"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "ourselves", "myself", "yourself"})
ANAPHORS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their"})
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
SPEAKER_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})
NON_EVENT_ENTS = frozenset({"GPE", "PERSON", "NORP", "LOC", "FAC", "DATE", "TIME", "ORG", "EVENT", "WORK_OF_ART", "LAW"})
TIME_ENTS = frozenset({"DATE", "TIME"})
FORCE_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
MONTH_NAMES = frozenset("january february march april may june july august september october november december "
                        "jan feb mar apr jun jul aug sep sept oct nov dec".split())
TIME_WORDS = frozenset({"dawn", "dusk", "night", "morning", "evening", "afternoon", "noon", "midnight", "weekend", "time"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
PARALLEL_ROOTS = (("02", "10"),)  # CAMEO roots whose sub-codes run in parallel: appeal, demand
MARKUP_CHARS = frozenset("<>&;{}|\\^~`=")  # characters of markup and entities ("&gt;"), not of names
_AMPERSAND_WORD = re.compile(r"[A-Za-z]{1,4}&[A-Za-z]{1,4}")  # "AT&T", "S&P"


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    words: tuple[str, ...]
    pos: str
    event_type: str
    mode: Optional[str]
    cameo: str
    particles: frozenset[str]
    objects: frozenset[str]
    requires: str
    confidence: float
    object_role: str = "recipient"  # "theme": the required object is what is given or imposed, not who receives it
    not_objects: frozenset[str] = frozenset()  # "!epidemic" in the object column: not with this object ("fight the epidemic")

    @property
    def rule(self) -> str:
        extra = ""
        if self.particles:
            extra += "+" + "|".join(sorted(self.particles))
        if self.objects:
            extra += "+obj"
        return f"{self.pos.lower()}:{' '.join(self.words)}{extra}"

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects) + 2 * bool(self.particles) + len(self.words)


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[TriggerEntry, ...]]
    support: dict[str, frozenset[str]]
    speech: dict[str, str]
    recipient_preps: dict[tuple[str, str], frozenset[str]]
    instruments: dict[tuple[str, ...], tuple[str, str, str]]  # words -> (mode, cameo, kind: weapon|attacker)
    embedding: dict[tuple[str, str], "Conversion"]
    modality: dict[str, dict[str, str]]
    requires: dict[str, str]
    intentions: dict[tuple[str, str], "Conversion"]
    topic_heads: frozenset[str]

    vocab: frozenset[str] = frozenset()

    def lemma(self, tok: Token) -> str:
        """The token's lemma, corrected from its surface form when the model's lemma is no
        word we know but a regular inflection of the surface is ("staged" -> "stage", not "stag")."""
        lemma = tok.lemma_.lower()
        if lemma in self.vocab or tok.pos_ not in ("VERB", "AUX", "NOUN"):
            return lemma
        for cand in _inflection_bases(tok.lower_):
            if cand in self.vocab:
                return cand
        return lemma

    @functools.cached_property
    def deontic(self) -> frozenset[str]:
        """Auxiliaries that make reported speech a demand ("must", modality.tsv where=aux)."""
        return frozenset(w for w, m in self.modality.get("aux", {}).items() if m == "deontic")

    def embed(self, governing: str, embedded: str) -> Optional["Conversion"]:
        return self.embedding.get((governing, embedded)) or self.embedding.get((governing, "*"))

    def intention(self, event_type: str, cue: str) -> Optional["Conversion"]:
        return self.intentions.get((event_type, cue)) or self.intentions.get(("ANY", cue))


@dataclass(frozen=True, slots=True)
class Conversion:
    """What an event becomes inside another one or under a modal cue (data: embedding.tsv, intentions.tsv)."""

    event_type: str
    mode: Optional[str]
    cameo: Optional[str]


@functools.lru_cache(maxsize=8)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    onto = load_ontology()
    triggers: dict[tuple[str, str], list[TriggerEntry]] = {}
    for r in read_table("lexicon/triggers.tsv", extra_files):
        where = f"triggers.tsv entry {r['lemma']!r}"
        if r["type"] not in onto.plover_types:
            raise KnowledgeError(f"{where}: unknown PLOVER type {r['type']!r}.", "Use one of plover_types.tsv.")
        if r["mode"] and (r["type"], r["mode"]) not in onto.plover_modes:
            raise KnowledgeError(f"{where}: {r['type']} has no mode {r['mode']!r}.", "Use a mode of plover_modes.tsv.")
        onto.cameo_code(r["cameo"])
        if r["pos"] not in (VERB, NOUN):
            raise KnowledgeError(f"{where}: pos must be VERB or NOUN, not {r['pos']!r}.", "Fix the pos column.")
        words = tuple(r["lemma"].lower().split())
        try:
            confidence = float(r["confidence"]) if r["confidence"] else 0.7
        except ValueError:
            raise KnowledgeError(f"{where}: confidence must be a number, not {r['confidence']!r}.",
                                 "Give a number between 0 and 1, or leave it empty.") from None
        objects = [o for o in split(r["object"]) if not o.startswith("!")]
        entry = TriggerEntry(words, r["pos"], r["type"], r["mode"] or None, r["cameo"],
                             frozenset(split(r["particle"])), frozenset(objects),
                             r["requires"], confidence,
                             r.get("object_role") or ("theme" if objects else "recipient"),
                             frozenset(o[1:] for o in split(r["object"]) if o.startswith("!")))
        if entry.object_role not in ("theme", "recipient", "received", "actor"):
            raise KnowledgeError(f"{where}: object_role must be theme, recipient, received or actor, not {entry.object_role!r}.",
                                 "Fix the object_role column.")
        triggers.setdefault((words[-1], r["pos"]), []).append(entry)
    ordered = {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in triggers.items()}
    support = {r["lemma"]: frozenset(split(r["particle"])) for r in _user_last("lexicon/support_verbs.tsv", extra_files)}
    speech = {r["lemma"]: r["stance"] for r in _user_last("lexicon/speech_verbs.tsv", extra_files)}
    preps = {(r["type"], r["pos"]): frozenset(split(r["preps"])) for r in _user_last("lexicon/recipient_preps.tsv", extra_files)}
    instruments = {}
    for r in _user_last("lexicon/instruments.tsv", extra_files):
        onto.cameo_code(r["cameo"])
        instruments[tuple(r["lemma"].lower().split())] = (r["mode"], r["cameo"], r.get("kind") or "weapon")
    def conversion(r: dict[str, str], where: str) -> Conversion:
        if r["result_type"] not in onto.plover_types:
            raise KnowledgeError(f"{where}: unknown PLOVER type {r['result_type']!r}.", "Use one of plover_types.tsv.")
        if r["cameo"]:
            onto.cameo_code(r["cameo"])
        return Conversion(r["result_type"], r["result_mode"] or None, r["cameo"] or None)

    embedding = {(r["governing_type"], r["embedded_type"]): conversion(r, "embedding.tsv")
                 for r in _user_last("lexicon/embedding.tsv", extra_files)}
    intentions = {(r["type"], r["cue"]): conversion(r, "intentions.tsv")
                  for r in _user_last("lexicon/intentions.tsv", extra_files)}
    modality: dict[str, dict[str, str]] = {}
    for r in _user_last("lexicon/modality.tsv", extra_files):
        modality.setdefault(r["where"], {})[r["cue"]] = r["modality"]
    requires = {r["type"]: r["requires"] for r in _user_last("lexicon/types.tsv", extra_files)}
    topics = frozenset(r["lemma"] for r in read_table("lexicon/topic_heads.tsv", extra_files))
    vocab = frozenset({w for (w, _pos) in ordered} | set(support) | set(speech)
                      | {c for table in modality.values() for c in table})
    return Lexicon(ordered, support, speech, preps, instruments, embedding, modality, requires, intentions, topics, vocab)


def _user_last(relpath: str, extra_files: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows in the order that makes a user's row win when a table is built into a dict."""
    return list(reversed(read_table(relpath, extra_files)))


@functools.lru_cache(maxsize=65536)
def _inflection_bases(word: str) -> tuple[str, ...]:
    """Candidate base forms of a regular English inflection (a fallback for lemmatizer slips);
    cached: it runs for every noun and verb the lexicon does not know."""
    out = [word]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            out += [base, base + "e"]
            if len(base) > 2 and base[-1] == base[-2]:
                out.append(base[:-1])  # "stopped" -> "stop"
    if word.endswith("ied"):
        out.append(word[:-3] + "y")  # "denied" -> "deny"
    return tuple(out)


# ------------------------------------------------------------------------ matching


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _pos(tok: Token) -> Optional[str]:
    if tok.pos_ == "VERB":
        return VERB
    if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NON_EVENT_ENTS:
        return NOUN  # "March" (a month), "Strike Force" (a name) and "the Gulf War" (a named event) are no new events
    return None


def _words_before(tok: Token, n: int) -> list[Token]:
    """The n words before ``tok``, skipping hyphens ("air-strike")."""
    out: list[Token] = []
    i = tok.i - 1
    while i >= 0 and len(out) < n:
        t = tok.doc[i]
        if t.text not in ("-", "\u2011"):
            out.insert(0, t)
        i -= 1
    return out


def _words_match(tokens: Sequence[Token], words: Sequence[str]) -> bool:
    return len(tokens) == len(words) and all(w in (_lemma(t), t.lower_) for t, w in zip(tokens, words))


DIRECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd")


def _object_words(tok: Token, direct: bool = False) -> set[str]:
    """Words that can satisfy a trigger's required object: the lemmas of its objects and
    particles, their modifiers ("curfew hours"), "of" complements ("a state of emergency")
    and hyphenated compounds ("cease-fire")."""
    words: set[str] = set()

    def add(t: Token) -> None:
        words.update((_lemma(t), t.lower_))
        mods = [m for m in t.lefts if m.dep_ in ("compound", "amod", "nmod")]
        for m in mods:
            words.add(_lemma(m))
        if mods:
            words.add(" ".join(_lemma(m) for m in mods) + " " + _lemma(t))
        if t.i >= 2 and t.doc[t.i - 1].text == "-":
            words.add(f"{t.doc[t.i - 2].lower_}-{t.lower_}")
        for c in t.conjuncts:
            words.add(_lemma(c))

    for c in tok.children:
        if c.dep_ in (DIRECT_DEPS if direct else ("dobj", "nsubjpass", "attr", "dative", "prep", "prt", "pobj", "oprd", "acomp",
                                                  "npadvmod")):  # "eased curfew hours" (parsed as an adverbial noun)
            add(c)
            for g in c.children:
                if g.dep_ == "pobj":
                    add(g)
                elif g.dep_ == "prep" and g.lower_ == "of":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            add(p)
                            words.add(f"{_lemma(c)} of {_lemma(p)}")
    return words


def match_trigger(tok: Token, lex: Lexicon) -> Optional[TriggerEntry]:
    pos = _pos(tok)
    if pos is None:
        return None
    if pos == NOUN and tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        return None  # "riot police", "attack helicopters", "protest leaders": a modifier, not an event
    seen = set()
    for key in (lex.lemma(tok), tok.lower_):
        if key in seen:
            continue
        seen.add(key)
        for entry in lex.triggers.get((key, pos), ()):
            if len(entry.words) > 1 and not _words_match(_words_before(tok, len(entry.words) - 1), entry.words[:-1]):
                continue
            if entry.particles:
                parts = {c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod")
                         or (c.dep_ == "prep" and not _is_time_phrase(c))}  # "called X on Wednesday" is no "call on"
                wanted = {p for p in entry.particles if not p.startswith("!")}
                if wanted and not parts & wanted:
                    continue
                if any(p[1:] in parts and not _instrument_prep(tok, p[1:], lex) for p in entry.particles if p.startswith("!")):
                    continue  # "!with": "charged the crowd" is an attack, "charged them with rioting" is not
            if entry.objects and not (_subject_words(tok) if entry.object_role == "actor" else _object_words(tok)) & entry.objects:
                continue
            if entry.not_objects and _object_words(tok, direct=True) & entry.not_objects:
                continue
            if (entry.objects and entry.object_role != "actor" and any(c.dep_ == "dobj" for c in tok.children)
                    and not _object_words(tok, direct=True) & entry.objects
                    and any(not e.objects and not e.particles for e in lex.triggers.get((key, pos), ()))):
                continue  # "struck a militia convoy despite the truce deal": the direct object chooses the sense
            return entry
    return None


def _people_noun(text: str) -> bool:
    """Does an actor's text end in a word for people by what they are ("two Russian tourists", "a man")
    (function_words kind people)?"""
    words = text.lower().split()
    if not words:
        return False
    last = words[-1]
    return last in PEOPLE_NOUNS or last.endswith("s") and last[:-1] in PEOPLE_NOUNS or \
        last.endswith("ies") and last[:-3] + "y" in PEOPLE_NOUNS


def _instrument_prep(tok: Token, prep: str, lex: Lexicon) -> bool:
    """Does the preposition on the verb name a weapon ("charged the crowd with batons")?"""
    objs = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == prep for p in c.children if p.dep_ == "pobj"]
    return bool(objs) and all((_lemma(p),) in lex.instruments or (p.lower_,) in lex.instruments for p in objs)


def _subject_words(tok: Token) -> set[str]:
    """Words that can satisfy a trigger that requires a kind of actor (object_role "actor"):
    the subject's head (a noun's owner or modifier) and, under a quantity, what is counted
    ("hundreds of protesters gathered")."""
    words: set[str] = set()
    if tok.pos_ in VERBAL:
        doers = _subjects(tok)
    else:  # a noun: its owner or modifier ("the teachers' strike", "a doctors strike"), or the subject of the
        # verb it is the object of ("doctors began a strike")
        doers = [c for c in tok.children if c.dep_ in ("poss", "compound", "nmod") and c.pos_ in ("NOUN", "PROPN")]
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            doers += _subjects(tok.head)
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
            doers += _subjects(tok.head.head)  # "nurses went ahead with a 48-hour strike"
    for s in doers:
        for t in (s, _quantity_head(s), *s.conjuncts):
            words.update((_lemma(t), t.lower_))
            mods = [m for m in t.lefts if m.dep_ in ("compound", "amod", "nmod")]
            if mods:  # "peacekeeping troops arrived"
                words.add(f"{_lemma(mods[-1])} {_lemma(t)}")
    return words


def _is_time_phrase(prep: Token) -> bool:
    """A prepositional phrase that only tells when ("on Wednesday", "on 9 September")."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    return bool(objs) and all(p.ent_type_ in TIME_ENTS or p.lemma_.lower() in TIME_WORDS or p.lower_ in MONTH_NAMES
                              for p in objs)


def _trigger_start(tok: Token, entry: TriggerEntry) -> int:
    """Index of the first token of a multi-word trigger ("air strike")."""
    i, remaining = tok.i, len(entry.words) - 1
    while remaining and i > 0:
        i -= 1
        if tok.doc[i].text not in ("-", "\u2011"):
            remaining -= 1
    return i


# ------------------------------------------------------------------------ arguments


def _adjectival(verb: Token) -> bool:
    """A verb form that only describes a noun inside a phrase: "the ruling party", "the banned movement"
    (after a determiner, or a past participle), not an act ("accused the RSF of looting aid")."""
    return verb.dep_ == "amod" and (verb.tag_ == "VBN" or (verb.i > 0 and verb.nbor(-1).dep_ in ("det", "poss")))


def _inside_name(prep: Token) -> bool:
    """A preposition inside a proper name ("the Movement for Democratic Change", "Forces for the Defence
    of Democracy"): right after a proper noun, with a proper noun as its object."""
    return (prep.lower_ in ("for", "against") and prep.head.pos_ == "PROPN" and prep.i == prep.head.i + 1
            and any(o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ not in ("DATE", "TIME") for o in prep.children))


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head`` (no clauses, no conjuncts)."""
    out = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ not in PHRASE_DEPS and not (c.dep_ in ("conj", "cc") and t.i != head.i):
                continue  # coordinated modifiers ("Turkish and Greek sides") stay; coordinated heads are separate actors
            if c.dep_ == "prep" and ((c.lower_ not in PHRASE_PREPS and not _inside_name(c)) or any(
                    g.pos_ == "VERB" and not _adjectival(g) and not _in_misread_clause(g, c) for g in c.subtree)):
                continue  # "the RSF of looting aid": the accusation, not the actor ("activists from the ruling party" are)
            if c.dep_ == "punct" and c.text not in ("-", "'", "\u2019", ".") :
                continue
            if c.dep_ == "appos" and (head.pos_ != "PROPN" or _listed_apposition(c)):
                continue
            if c.dep_ in ("advmod", "amod") and c.i > head.i and t.i == head.i:
                continue  # "troops loyal to the general": the phrase is "troops" ("doctors from British charities" keep "British")
            out.append(c)
            stack.append(c)
    out.sort(key=lambda t: t.i)
    # Keep a run around the head: a phrase never jumps over a clause, but it may span a
    # parenthesis inside one of its modifiers ("the Hizbollah (Party of God) group").
    kept = {t.i for t in out}

    def bridged(a: Token, b: Token) -> bool:
        return all(g.is_punct or any(x.i in kept and x.i != head.i for x in g.ancestors)
                   for g in head.doc[a.i + 1:b.i])

    i = out.index(head)
    lo = hi = i
    while lo > 0 and (out[lo - 1].i == out[lo].i - 1 or bridged(out[lo - 1], out[lo])):
        lo -= 1
    while hi < len(out) - 1 and (out[hi + 1].i == out[hi].i + 1 or bridged(out[hi], out[hi + 1])):
        hi += 1
    run = out[lo:hi + 1]
    covered = head.doc[run[0].i:run[-1].i + 1]  # the text the phrase spans, with the punctuation it bridges
    opened = sum(t.text == "(" for t in covered) - sum(t.text == ")" for t in covered)
    if opened > 0:
        nxt = head.doc[run[-1].i + 1] if run[-1].i + 1 < len(head.doc) else None
        if nxt is not None and nxt.text == ")":
            run.append(nxt)  # "the Rapid Support Forces (RSF)", "Omdurman (Khartoum)"
        else:
            cut = next(t.i for t in covered if t.text == "(")
            run = [t for t in run if (t.i < cut if cut > head.i else t.i > cut)]  # the side of the head
    while run and (run[-1].is_punct or _markup(run[-1])) and run[-1].i != head.i and run[-1].text != ")":
        run.pop()
    while run and (run[0].is_punct or _markup(run[0])) and run[0].i != head.i:
        run.pop(0)
    return run


def _in_misread_clause(verb: Token, top: Token) -> bool:
    """Is ``verb`` (below ``top``) inside the clause of a participle the parser misread
    (``_misread_participle``)? "Doctors from an American aid group donated ...": that verb is the
    sentence's, not the phrase's. Only verbs are asked, and they are rare inside noun phrases."""
    t = verb
    for _ in range(12):
        if t.dep_ == "acl" and _misread_participle(t) is not None:
            return True
        if t.i == top.i or t.head.i == t.i:
            return False
        t = t.head
    return False


def _markup(tok: Token) -> bool:
    """Is the token markup left in scraped text ("<", ">>", "&gt;", "&&") rather than a word?
    Such a token is never an actor, a recipient or a word of one ("AT&T" is a word)."""
    text = tok.text
    return any(ch in MARKUP_CHARS for ch in text) and not _AMPERSAND_WORD.fullmatch(text)


def _antecedent(tok: Token) -> Token:
    """A personal or possessive pronoun resolved to the subject of a clause above it in the
    same sentence ("Police said they arrested ...", "X was quoted as saying he would ...");
    the pronoun itself when there is none."""
    if tok.pos_ != "PRON" or tok.lower_ not in ANAPHORS:
        return tok
    person = tok.lower_ in PERSON_PRONOUNS  # "he", "her": one person, never "police", "rebels" or a state
    for verb in tok.ancestors:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i and c.pos_ != "PRON" and c.i != tok.i:
                if person and (c.tag_ in ("NNS", "NNPS") or c.ent_type_ in ("ORG", "GPE", "NORP")):
                    continue  # "police", "rebels", "Uganda": no "he"
                return c
    if person:  # "police arrested opposition leader Bobi Wine as he tried to lead a march": the person named last
        for c in reversed(tok.sent[:tok.i - tok.sent.start]):
            if c.ent_type_ == "PERSON" and c.dep_ not in ("compound", "flat") and c.head.ent_type_ != "PERSON":
                return c
    return tok


def _refers_to_speaker(tok: Token) -> bool:
    """In reported speech, "it", "they", "his country", "its government" are, most often, the speaker's side."""
    if tok.pos_ == "PRON" and tok.lower_ in SPEAKER_PRONOUNS:
        return True
    return tok.lemma_.lower() in ("country", "government", "nation") and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their", "our") for c in tok.children)


def _linking_prep(noun: Token, governor: Token) -> Optional[str]:
    """The preposition that hangs the phrase of ``noun`` on ``governor`` ("after" in "took the town
    after months of fighting"), lower case; None when the noun is a direct argument."""
    tok = noun
    for _ in range(6):
        if tok.head.i == governor.i:
            return tok.lower_ if tok.dep_ == "prep" else None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _semicolon_between(tok: Token, governor: Token) -> bool:
    """"X shot Y in the leg; the boy is expected to survive": a semicolon closes the clause, so the
    clause after it neither governs nor qualifies the one before (the parser sometimes joins them)."""
    lo, hi = sorted((tok.i, governor.i))
    return any(c.dep_ == "punct" and c.text == ";" and lo < c.i < hi for c in governor.children)


def _in_background(tok: Token) -> bool:
    """Is the event told inside a temporal or causal adjunct ("after the clashes",
    "following the killing of", "in response to the unrest", "since the 2011 war")?"""
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            prep = tok.head
            words = prep.lower_
            if prep.head.dep_ in ("prep", "amod", "acomp") or prep.head.lower_ in ("response", "wake", "view", "light"):
                words = f"{prep.head.lower_} {words}"
            if words in BACKGROUND_PREPS or prep.lower_ in BACKGROUND_PREPS:
                return True
            tok = prep.head
            continue
        if tok.dep_ in ("advcl", "pcomp") and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_PREPS for c in tok.children):
            return True
        if tok.dep_ == "pcomp" and tok.head.lower_ in BACKGROUND_PREPS:
            return True
        if tok.dep_ in ("compound", "amod", "nmod", "poss", "conj"):
            tok = tok.head
            continue
        return False
    return False


def _told_sequel(tok: Token) -> bool:
    """Is the verb a finite clause of its own after "after"/"before" ("are investigating after a trooper shot a
    driver"), with its own subject? Unlike a noun ("after the 2015 war", "killed after an attack by X") or a
    participle ("after being shot"), such a clause tells an act of its own that the story reports."""
    if tok.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in SEQUENCE_PREPS for c in tok.children):
        return False
    if tok.tag_ not in ("VBD", "VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _in_toll(tok: Token) -> bool:
    """Is the event noun what a casualty toll counts ("the death toll from the bombing", "the toll in the attack")?"""
    return (tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("from", "in", "of")
            and tok.head.head.lemma_.lower() in TOLL_HEADS)


def _subordinate(tok: Token) -> bool:
    """Is the verb's clause a subordinate one ("as police cracked down", "while talks went on")?"""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in tok.children)


def _descriptive(tok: Token) -> bool:
    """Is the verb told inside a relative or participial clause that describes a noun ("the
    helicopter that was captured", "nationals suspected of blowing up a plane", "refugees
    fleeing the war")? Such a clause tells who a participant is, not what happened."""
    if tok.pos_ not in VERBAL:
        return False
    for _ in range(4):
        if tok.dep_ in ("relcl", "acl"):
            return tok.head.pos_ in ("NOUN", "PROPN", "PRON") and _misread_participle(tok) is None
        if tok.dep_ not in ("xcomp", "pcomp", "prep", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _bare_repeat(tok: Token) -> bool:
    """Is the recipient a bare noun with no figure or word of its own ("soldiers", "an unknown number of
    soldiers"), which only repeats a party named before it with the same head?"""
    head = _quantity_head(tok)
    if tok is not head and tok.lemma_.lower() != "number":
        return False  # "dozens of soldiers": a figure of its own
    return not any(c.dep_ in ("amod", "compound", "nmod", "poss", "nummod", "quantmod", "prep", "conj", "appos", "acl", "relcl")
                   for c in head.children)


def _told_relative(tok: Token) -> bool:
    """Is the verb a past act told in a relative clause set off by a comma ("... at federal officers, who
    responded with tear gas")? Such a clause carries the story on; one with no comma ("the helicopter that
    was captured") or in another tense ("Sharon, who has vowed ...") tells who a participant is."""
    if tok.dep_ != "relcl" or tok.tag_ != "VBD" or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    rel = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which")]
    return bool(rel) and rel[0].i > 0 and tok.doc[rel[0].i - 1].text == ","


def _quantity_head(tok: Token) -> Token:
    if tok.lemma_.lower() in QUANTITY_WORDS or tok.like_num:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                objs = [p for p in c.children if p.dep_ == "pobj"]
                if objs and not objs[0].like_num:
                    return objs[0]
    return tok


def expand_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")) or _listed_apposition(c):
            out.extend(expand_conjuncts(c))
        elif c.dep_ == "appos" and c.pos_ == "PROPN" and c.left_edge.i == tok.i + 1:
            # "Kenya's president William Ruto and Ethiopian Prime Minister Abiy Ahmed": the parser hangs the
            # second party on the first one's name, written right after its title
            out.extend(g for n in c.children if n.dep_ == "conj" and n.pos_ == "PROPN" for g in expand_conjuncts(n))
    return out


def _listed_apposition(tok: Token) -> bool:
    """"The US, Russia, and Switzerland met": the parser reads the second name of a list as an apposition
    of the first (and the rest as its conjuncts); names in a list are parties of their own."""
    return (tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN" and tok.head.i < tok.i
            and tok.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") and tok.head.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")
            and any(c.dep_ == "cc" for c in tok.children)
            and any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in tok.children))


def _subjects(v: Token, depth: int = 0) -> list[Token]:
    if depth > 4:
        return []
    subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
    if subj:
        s = subj[0]
        if v.dep_ == "relcl" and s.lower_ in RELATIVE_PRONOUNS:
            return [v.head]
        return [s]
    if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        return _subjects(v.head, depth + 1)
    if v.dep_ == "xcomp":
        gov = v.head
        objs = [c for c in gov.children if c.dep_ in ("dobj",)]
        if objs and _lemma(gov) in OBJECT_CONTROL:
            return objs
        raised = [c for c in gov.children if c.dep_ == "nsubjpass" and c.lower_ not in RELATIVE_PRONOUNS]
        if raised and not any(c.dep_ == "agent" for c in gov.children):
            return raised[:1]  # "Obama is scheduled to attend", "the rebels were forced to withdraw": the passive's subject
        return _subjects(gov, depth + 1)
    if v.dep_ == "advcl" and (v.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)):
        return _subjects(v.head, depth + 1)  # "..., killing three", "took to the streets to protest"
    if v.dep_ == "acomp":  # "it is willing to withdraw": the subject of "is"
        return _subjects(v.head, depth + 1)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.dep_ == "acomp":
        return _subjects(v.head.head, depth + 1)  # "X is guilty of violating", "X was responsible for attacking"
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.lower_ == "to" and v.head.head.pos_ == "VERB":
        return _subjects(v.head.head, depth + 1)  # "youths resorted to throwing stones", "took to blocking roads"
    if v.dep_ == "relcl":
        return [v.head]
    if v.dep_ == "acl" and v.tag_ == "VBG":
        return [v.head]
    misread = _misread_participle(v)
    if misread is not None:
        return [misread]
    if v.dep_ == "acl" and v.head.pos_ == "NOUN" and v.head.lemma_.lower() in DECISION_NOUNS and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        # "Iran's decision to expel the inspectors", "the move by Moscow to recognise": whose decision, acts
        # (not "Iran's failure to expel the militants", "its refusal to allow inspectors")
        owner = [c for c in v.head.children if c.dep_ == "poss"]
        owner += [p for c in v.head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                  for p in c.children if p.dep_ == "pobj"]
        return owner[:1]
    stranded = _stranded_subject(v)
    return [stranded] if stranded is not None else []


def _misread_participle(v: Token) -> Optional[Token]:
    """"Doctors from an American aid group donated and delivered medicine to ...", "Palestinian youths
    resorted to throwing stones ..., officials said": the parser read the sentence's own verb as a
    participle describing a noun (a reduced relative, "the convoy attacked by jets"). A participle
    with a direct object (its own, a conjunct's, or that of a gerund after "to") and no agent is
    active, when the noun it hangs on has no verb of its own to be the subject of: the noun phrase
    is the sentence's root, or one more subject of a verb that has another ("youths ..., officials
    said"). Returns the subject (the noun phrase's head, above any "from"/"of" phrase) or None."""
    if v.dep_ != "acl" or v.tag_ not in ("VBN", "VBD") or v.head.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(c.dep_ in ("agent", "aux", "auxpass", "nsubj", "nsubjpass") for c in v.children):
        return None
    verbs = [v] + [c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    verbs += [g for c in v.children if c.dep_ == "prep" and c.lower_ == "to"  # "youths resorted to throwing stones"
              for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
    if not any(c.dep_ == "dobj" for w in verbs for c in w.children) and v.lemma_.lower() not in INTRANSITIVE_VERBS:
        return None  # (a verb that takes no object is never passive: "thousands of students protested in Dhaka")
    top = v.head
    while (top.dep_ == "pobj" and top.head.dep_ == "prep" and top.head.lower_ in ("from", "of")
           and top.head.head.pos_ in ("NOUN", "PROPN")):
        top = top.head.head
    if top.dep_ == "ROOT":
        return top
    if top.dep_ == "nsubj" and sum(c.dep_ == "nsubj" for c in top.head.children) > 1:
        return top
    return None


def _stranded_subject(v: Token) -> Optional[Token]:
    """"With the signing of a memorandum, the Sudanese government and the SPLA have agreed to ...":
    the parser hung the subject on the opening phrase as one more conjunct. A main verb with a
    tense and no subject takes the noun phrase right before it (and its auxiliaries) that follows
    a comma and was read as a conjunct inside the phrase before."""
    if v.dep_ != "ROOT" or v.pos_ not in VERBAL or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in v.children):
        return None
    if not (v.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.i < v.i for c in v.children)):
        return None
    start = min([v.i] + [c.i for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < v.i])
    if start < 3:
        return None
    tok = v.doc[start - 1]
    for _ in range(8):
        if tok.right_edge.i != start - 1:
            return None
        before = tok.left_edge.i - 1
        if (tok.dep_ in ("conj", "appos") and tok.pos_ in ("NOUN", "PROPN") and before > 0 and v.doc[before].text == ","
                and tok.head.i < before):
            return tok
        if tok.head.i == tok.i or tok.head.i >= start:
            return None
        tok = tok.head
    return None


def _whole_name(head: Token, toks: list[Token]) -> Optional[list[Token]]:
    """The phrase ``toks`` grown to the whole name its proper-noun head is part of, when the parser
    cut the name ("Sheikh Hamad" of "Sheikh Hamad bin Khalifa al-Thani"); None when it is whole."""
    if head.pos_ != "PROPN" or head.ent_iob_ not in ("B", "I") or head.ent_type_ not in ("PERSON", "ORG"):
        return None
    doc = head.doc
    lo = head.i
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    hi = head.i
    while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
        hi += 1
    inside = {t.i for t in toks}
    if all(i in inside for i in range(lo, hi + 1)):
        return None
    first, last = min(lo, toks[0].i), max(hi, toks[-1].i)
    if any(t.i < lo - 1 or t.i > hi + 1 for t in toks) and not all(first <= t.i <= last for t in toks):
        return None
    return list(doc[first:last + 1])


def _companions(tok: Token) -> list[Token]:
    """Parties named as acting beside ``tok`` ("French troops, together with Malian soldiers, attacked",
    "Turkey, along with Qatar, pledged", "alongside Kurdish fighters"): the objects of "with" after a
    companion word, or of "alongside"."""
    out = []
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == "with" and any(g.dep_ == "advmod" and g.lower_ in COMPANION_WORDS for g in c.children):
            out += [p for p in c.children if p.dep_ == "pobj"]
        elif c.lower_ in COMPANION_WORDS:
            out += [p for p in c.children if p.dep_ == "pobj" and not _landmark(p)]  # not "clashed along the border"
            out += [p for w in c.children if w.dep_ == "prep" and w.lower_ == "with" for p in w.children if p.dep_ == "pobj"]
    return out


def _dated_as_name(verb: Token) -> bool:
    """Has the parser read a main verb followed by a day as a participle naming its noun ("A newspaper
    called Thursday on Arabs ...": "called" with "Thursday" as its complement)?"""
    return any(c.dep_ in ("oprd", "dobj", "npadvmod") and c.ent_type_ in TIME_ENTS and c.text[:1].isupper()
               for c in verb.children)  # a name ("Thursday"), not "today": "10 soldiers killed today" were killed


def _up_to_objects(verb: Token) -> list[Token]:
    """"kidnapped up to 16 Russian advisers": the parser reads "up" as the verb's particle and the
    counted object as the object of "to"; it is the verb's object."""
    return [o for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"
            for p in c.children if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children if o.dep_ == "pobj" and any(n.dep_ == "nummod" or n.like_num for n in o.children)]


def _object_sharer(verb: Token) -> Optional[Token]:
    """"donated and personally delivered $50,000 worth of goods to the school": a verb with no object
    and no preposition of its own shares those of the next verb it is coordinated with (which has no
    subject of its own). Returns that verb, or None."""
    if any(c.dep_ in ("dobj", "dative", "prep", "nsubjpass", "ccomp", "xcomp") for c in verb.children):
        return None
    for c in verb.children:
        if (c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)):
            return c
    return None


def _reduced_passive(verb: Token) -> Optional[tuple[Token, list[Token]]]:
    """"Authorities identified the man shot and killed by a deputy": the parser made "the man" the
    subject of "shot"; a participle with no auxiliary, a subject, and an agent of its own or of the
    participle joined to it is a passive told in short. Returns (the one acted on, the agents)."""
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in verb.children):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    agents = [p for w in [verb] + [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"
                                  and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
              for c in w.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return (subjects[0], agents) if agents else None


def _maker(tok: Token) -> Optional[Token]:
    """The subject of the verb whose object ``tok`` is ("the PKK" in "the PKK issued a declaration")."""
    if tok.dep_ != "dobj" or tok.pos_ != "NOUN" or tok.head.pos_ != "VERB":
        return None
    subjects = [s for s in _subjects(tok.head) if s.pos_ != "PRON" or s.lower_ not in RELATIVE_PRONOUNS]
    return subjects[0] if subjects else None


def _landmark(tok: Token) -> bool:
    """Is the object of a 'by' phrase a place beside which something happened ("killed in a village by the
    Turkish border", "shot by the roadside") rather than a doer? A common noun of the landmark list."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in LANDMARK_NOUNS or tok.lower_ in LANDMARK_NOUNS)


def _agents(v: Token) -> list[Token]:
    deps = {c.dep_ for c in v.children}
    if {"nsubj", "dobj"} <= deps and not deps & {"auxpass", "nsubjpass"}:
        return []  # an active verb with subject and object has no agent: "released 12 hostages after mediation by elders"
    own = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj" and not _landmark(p)]
    if own or "nsubjpass" not in deps:
        return own
    # "the man was shot and killed by a deputy": a participle coordinated after it, with no subject of its own,
    # shares its agent
    shared = [p for w in v.children if w.dep_ == "conj" and w.tag_ == "VBN"
              and not any(g.dep_ in ("nsubj", "nsubjpass") for g in w.children)
              for c in w.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj" and not _landmark(p)]
    if shared:
        return shared
    # "he was shocked with a stun gun by police officers": the parser hung the "by" phrase on the weapon
    # (only after "with": "killed in a village by the Turkish border" names no killer)
    return [a for c in v.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children if o.dep_ == "pobj"
            for b in o.children if b.dep_ == "prep" and b.lower_ == "by" for a in b.children
            if a.dep_ == "pobj" and a.ent_type_ not in ("DATE", "TIME")][:1]


def _prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the given prepositions, leaving out times ("on Tuesday", "at dawn")."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in TIME_ENTS
                       and p.lemma_.lower() not in TIME_WORDS and not p.is_punct
                       and not any(t.lower_ in MONTH_NAMES for t in p.subtree))  # "on 9 September 2022"
    return out


@dataclass
class Draft:
    """An event being built from one or more tokens of a sentence."""

    trigger: Token
    entry: TriggerEntry
    anchor: Token  # the clause verb that carries tense, negation and subject
    event_type: str
    mode: Optional[str]
    cameo: str
    rule: str
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    confidence: float = 0.7
    absorbed: set[int] = field(default_factory=set)
    modifier_actor: Optional[list[Token]] = None  # "USA coalition" in "a USA coalition airstrike"
    theme: list[Token] = field(default_factory=list)  # what is given, imposed or suspended ("aid", "sanctions")
    event_noun: bool = False  # a clear event noun tells this event ("an airstrike hit ...")


class EventCoder:
    """Codes the events of a parsed :class:`Doc`; used by the ``whimbrel_events`` component."""

    def __init__(self, lexicon: Lexicon, actors: ActorIndex, ontology: Ontology):
        self.lex = lexicon
        self.actors = actors
        self.onto = ontology
        # the first "x0" three-digit code of each type (ASSAULT -> 180): the code of a converted event
        self.root_codes: dict[str, str] = {}
        for code, c in ontology.cameo.items():
            if c.plover_type and len(code) == 3 and code.endswith("0"):
                self.root_codes.setdefault(c.plover_type, code)
        # the quad class of an event from its CAMEO root (ontology/quad_classes.tsv: appeals are neutral, 0)
        self.root_quads: dict[str, int] = {}
        for r in read_table("ontology/quad_classes.tsv"):
            if r["quad_class"] not in ("0", "1", "2", "3", "4") or r["root"] not in ontology.cameo:
                raise KnowledgeError(f"quad_classes.tsv: bad row {r['root']!r} -> {r['quad_class']!r}.",
                                     "Give a CAMEO root of cameo_codes.tsv and a quad class from 0 to 4.")
            self.root_quads[r["root"]] = int(r["quad_class"])
        conv = lexicon.intention("ANY", "deontic")
        self.deontic_entry = TriggerEntry(("must",), VERB, conv.event_type if conv else "REQUEST", conv.mode if conv else None,
                                          (conv.cameo if conv else None) or "100", frozenset(), frozenset(), "", 0.6)

    # -------------------------------------------------------------- per sentence

    def drafts(self, sent: Span) -> list[Draft]:
        said_only = self._statement_tokens(sent)
        found = [(tok, e) for tok in sent if tok.i not in said_only and (e := match_trigger(tok, self.lex)) is not None]
        found += self._deontic_triggers(sent, {tok.i for tok, _ in found})
        found.sort(key=lambda te: te[0].i)
        by_index = {tok.i: (tok, e) for tok, e in found}
        drafts: dict[int, Draft] = {}
        for tok, entry in found:
            if entry.pos == NOUN and self._is_topic(tok):
                continue
            drafts[tok.i] = self._draft(tok, entry)
        # "the attack on the market, which killed 30": the relative clause tells the attack's outcome,
        # even when the parser hangs it on the nearest noun.
        for i, d in sorted(drafts.items()):
            if i not in drafts or d.trigger.dep_ != "relcl" or not any(
                    c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in d.trigger.children):
                continue
            h = d.trigger.head
            host = h.i if h.i in drafts else (h.head.head.i if h.dep_ == "pobj" and h.head.dep_ == "prep" else None)
            if host is not None and host in drafts and host != i and drafts[host].event_type == d.event_type:
                d.actors = [a for a in d.actors if a.i != h.i]
                self._merge(drafts[host], d)
                del drafts[i]
        # Noun triggers bound to a verb trigger: same type merges, another type is content.
        for i, d in list(drafts.items()):
            if d.trigger.pos_ in VERBAL or i not in drafts:
                continue
            gov = self._governing_trigger(d.trigger, by_index)
            if gov is None or gov.i not in drafts:
                continue
            g = drafts[gov.i]
            if (d.trigger.dep_ == "nsubj" and self.lex.lemma(gov) in OUTCOME_VERBS and g.event_type != d.event_type
                    and not g.actors[1:] and not any(c.dep_ == "agent" for c in gov.children)):
                # "fighting displaced 5,000 families": the displacement is what the fighting did; the fighting is the event
                d.rule += f"+outcome:{self.lex.lemma(gov)}"
                d.event_noun = True
                del drafts[gov.i]
                continue
            if (d.trigger.dep_ == "dobj" and not g.entry.objects and self._is_support(gov)
                    and g.event_type not in ("ACCUSE", "REJECT", "SUPPORT", "THREATEN")):
                # "ordered patrols", "launched an offensive": the noun is the event, the verb only brings it about
                d.anchor, d.rule = gov, d.rule + f"+support:{self.lex.lemma(gov)}"
                d.actors = d.actors or _agents(gov) or _subjects(gov)
                del drafts[gov.i]
                continue
            link = _linking_prep(d.trigger, gov)
            if link in SEQUENCE_PREPS and (g.event_type != d.event_type or g.actors):
                # "took control of the town after months of fighting": an earlier or later event of its own
                # (not "three soldiers were killed after an attack by the Taliban": the attack killed them)
                continue
            if g.event_type == d.event_type:
                self._merge(g, d)
            elif g.event_type in FORCE_TYPES and d.event_type == "PROTEST" and d.actors and link is None:
                # "fired tear gas to break up protests by Catholic worshippers": the protest is news of its own,
                # and its protesters are whom the force was used on
                g.recipients = [r for r in g.recipients if r.i != d.trigger.i] + [a for a in d.actors if a not in g.recipients]
                continue
            elif link in SIMULTANEITY_PREPS:
                continue  # "clashed with police during a protest": the protest is an event of its own, not the clash's content
            else:
                self._embed(g, d)
                if g.event_type == "ACCUSE" and (d.actors or d.modifier_actor):
                    continue  # "condemned the US airstrikes on Syrian positions": the strikes are news too
            del drafts[i]
        # "shelled the town, killing three", "killed four and wounded 11": one event and its outcome.
        merged_into: dict[int, int] = {}  # "killing or wounding 50": the second outcome joins the first's event
        for i, d in sorted(drafts.items()):
            gov = d.trigger.head
            outcome = (d.trigger.dep_ == "advcl" and (d.trigger.tag_ == "VBG" or any(
                c.dep_ == "aux" and c.lower_ == "to" for c in d.trigger.children))) or (
                d.trigger.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in d.trigger.children))
            host = merged_into.get(gov.i, gov.i)
            when = d.trigger.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in WHEN_MARKS for c in d.trigger.children)
            # "three people were killed after gunmen opened fire on a bus": an attack told after a killing with no
            # doer is the attack that killed them, as with "when"
            when = when or (d.event_type == "ASSAULT" and bool(d.actors) and _told_sequel(d.trigger) and host in drafts
                            and any(c.dep_ == "nsubjpass" for c in drafts[host].trigger.children)
                            and not _agents(drafts[host].trigger))
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in d.trigger.children)
            agented = any(c.dep_ == "agent" for c in d.trigger.children)
            # (not "the man was shot and killed by a deputy": a second participle with an agent and no subject
            # of its own shares the first's subject and gives it its agent, see _agents)
            passive_pair = (d.trigger.dep_ == "conj" and d.trigger.tag_ == "VBN" and host in drafts
                            and not any(c.dep_ in ("aux", "auxpass") for c in d.trigger.children)
                            and (own_subject or not agented)
                            and any(c.dep_ in ("auxpass", "nsubjpass") for c in drafts[host].trigger.children))
            if (d.trigger.pos_ in VERBAL and (outcome or when or passive_pair) and host in drafts
                    and drafts[host].event_type == d.event_type and i in drafts):
                h = drafts[host]
                if passive_pair:  # "three were killed and five others wounded": the second subject was hit too
                    agents = _agents(d.trigger)  # "two were killed and 12 wounded by Israeli fire": the fire did both
                    if agents and not h.actors:
                        h.actors = agents
                    d.recipients, d.actors = d.recipients + [a for a in d.actors if a not in agents], []
                if when and d.actors and (not h.actors or any(c.dep_ in ("auxpass", "nsubjpass") for c in h.trigger.children)):
                    h.actors = list(d.actors)  # "were killed when gunmen stormed the hotel": the attackers act
                self._merge(drafts[host], d)
                merged_into[i] = host
                del drafts[i]
            elif (when and d.actors and host in drafts and i in drafts and not drafts[host].actors
                  and any(c.dep_ == "nsubjpass" for c in drafts[host].trigger.children)):
                # "a soldier was wounded when youths threw stones at a patrol": whoever did the act of the
                # when-clause did the passive one, told with no agent (the two stay events of their own)
                drafts[host].actors = list(d.actors)
        # Events embedded in another trigger's clause ("threatened to attack", "agreed to hold talks").
        for i, d in sorted(drafts.items()):
            if d.anchor.pos_ not in ("VERB", "AUX") or i not in drafts:
                continue
            gov = self._clause_governor(d, drafts)
            if gov is not None:
                self._embed(drafts[gov], d)
                if (drafts[gov].event_type == "ACCUSE" and d.anchor.dep_ == "ccomp"
                        and any(c.dep_ in ("nsubj", "nsubjpass") for c in d.anchor.children)):
                    continue  # "alleged that the militia abducted 12 villagers": the claimed act is told too, as reported
                del drafts[i]
        for d in drafts.values():
            self._clausal_recipients(d, set(drafts))
        by_anchor = {g.anchor.i: g for g in drafts.values()}
        for d in drafts.values():
            # "met his Indian counterpart in Moscow and agreed to disengage troops", "met Xi and signed agreements":
            # a verb joined to a meeting, with its doer and no party of its own, is done with the party met
            t = d.anchor
            host = by_anchor.get(t.head.i) if t.dep_ == "conj" else None
            if (host is not None and host is not d and host.event_type == "CONSULT" and host.recipients and not d.recipients
                    and d.event_type in ("AGREE", "SUPPORT", "COOPERATE", "REJECT")
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)):
                d.recipients = list(host.recipients)
        return [d for _, d in sorted(drafts.items())]

    # Prepositions that name who a plain (non-trigger) verb under an event acts on:
    # "threatened to break relations with Russia", "promised to continue aid to Mozambique".
    CLAUSE_RECIPIENT_PREPS = frozenset({"to", "with", "against", "on", "from", "into"})

    def _clausal_recipients(self, d: Draft, triggers: set[int]) -> None:
        """A verb event with no named recipient takes one from its complement clause: the subject
        of a demand's that-clause ("demanded that Israel withdraw") or the named object of a plain
        verb under it ("threatened to cut power to Nakhichevan", "refused to allow UN planes to land")."""
        protest = d.event_type == "PROTEST"
        if (d.trigger.pos_ not in VERBAL and not (protest and d.anchor.pos_ in VERBAL)) or any(
                self._named(r) for r in d.recipients):
            return  # a protest noun reaches its demand through its verb ("staged demonstrations to demand ...")
        own = {a.i for a in d.actors}
        found: list[Token] = []
        if d.event_type == "REQUEST":
            for c in d.trigger.children:
                if c.dep_ == "ccomp":
                    found += [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ != "PRON"]
        frontier = [c for c in d.trigger.children if c.dep_ == "xcomp" and c.pos_ in VERBAL]
        if protest:  # "marched to demand reforms from the government", "rioted, calling for Mubarak's removal"
            frontier += [c for c in {*d.trigger.children, *d.anchor.children} if c.dep_ == "advcl" and c.pos_ in VERBAL and (
                c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
        for _ in range(2):
            nxt = []
            for v in frontier:
                if v.i in triggers and not protest:
                    continue  # an event of its own: embedding gives its arguments
                found += [c for c in v.children if c.dep_ in ("dobj", "dative")
                          or (c.dep_ == "nsubj" and v.dep_ == "ccomp")]  # "allow UN planes to land"
                found += _prep_objects(v, self.CLAUSE_RECIPIENT_PREPS | ({"for"} if protest else frozenset()))
                found += [p for c in v.children if c.dep_ == "dobj" for p in _prep_objects(c, self.CLAUSE_RECIPIENT_PREPS)]
                nxt += [c for c in v.children if c.dep_ in ("xcomp", "ccomp")]
            frontier = nxt
        if protest:  # whom the demand is made of: "demanding the resignation of President X"
            found = [self._owner(t, None) for t in found]
        if d.event_type == "THREATEN" and not any(t.i not in own and self._named(t) for t in found):
            # "threatened to strike unless Israel rescinded the law": the threat is put to whoever must act
            chain = {d.trigger.i} | {t.i for t in d.trigger.subtree if t.dep_ == "xcomp"}
            found += [s for v in d.trigger.subtree if v.dep_ == "advcl" and v.head.i in chain
                      and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in v.children)
                      for s in v.children if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ != "PRON"]
        named = [t for t in found if t.i not in own and self._named(t)]
        named = [t for t in named if not any(o is not t and o in t.subtree for o in named)]  # the inner name
        if named:
            d.recipients = [r for r in d.recipients if r.i not in {t.i for t in named}] + named

    def _owner(self, tok: Token, date: Optional[str]) -> Token:
        """A recipient that is an act or a thing, not an actor ("Sweden's decision", "violations by
        the army", "the resignation of President X"): the actor it belongs to, when one is named."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() in QUANTITY_WORDS:
            return tok
        own = self.actors.resolve(phrase_tokens(tok), tok, date)
        if own.sector is not None or (own.country not in (None, "UNK") and own.how and not own.how.startswith("country:")):
            return tok
        owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        owners += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "of", "from", "for", "to")
                   for p in c.children if p.dep_ == "pobj"]
        owners += [p for v in tok.children if v.dep_ == "acl" and v.tag_ == "VBN"  # "the sanctions imposed by Washington"
                   for a in v.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        for o in owners:
            if self.actors.resolve(phrase_tokens(o), o, date).country not in (None, "UNK"):
                return o
        return tok

    def _party(self, tok: Token) -> bool:
        """Is the phrase headed by ``tok`` a party: its head a name or a word with a sector ("Russian troops",
        "Hamas"), not a thing that a modifier gives a sector or a country ("a military aid program")?"""
        if tok.pos_ == "PROPN" or tok.ent_type_ in AGENT_ENTS:
            return self._named(tok)
        return self.actors.resolve([tok], tok).sector is not None

    def _named(self, tok: Token) -> bool:
        """Does the phrase headed by ``tok`` name a country or a known actor?"""
        return self.actors.resolve(phrase_tokens(tok), tok).country not in (None, "UNK")

    def _statement_tokens(self, sent: Span) -> set[int]:
        """Tokens that only make a statement (CAMEO 01, no PLOVER event): a denial of an accusation
        with everything the denied claim names ("rejected allegations that its troops shelled ..."),
        and "agree" voicing an opinion ("said they agree with the ruling", "agreed with X that ...")."""
        out: set[int] = set()
        for tok in sent:
            if tok.pos_ not in VERBAL:
                continue
            lemma = self.lex.lemma(tok)
            if lemma in DENIAL_VERBS:
                denied = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in CLAIM_NOUNS]
                if denied:
                    out.add(tok.i)
                    for c in denied + [c for c in tok.children if c.dep_ == "ccomp"]:  # "denied charges that ..."
                        out.update(t.i for t in c.subtree)
            elif lemma in OPINION_VERBS:
                deps = {c.dep_ for c in tok.children}
                preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
                if deps & {"xcomp", "dobj"} or preps & {"on", "upon", "to"}:
                    continue
                if "with" in preps or ("ccomp" in deps and tok.tag_ in ("VBP", "VBZ")):
                    out.add(tok.i)
        return out

    def _deontic_triggers(self, sent: Span, taken: set[int]) -> list[tuple[Token, TriggerEntry]]:
        """"X said Y must do Z": a demand by X even when Z is no event verb ("must drop barriers")."""
        deontic = self.lex.deontic
        out = []
        for tok in sent:
            if tok.i in taken or tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("ccomp", "conj"):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in deontic for c in tok.children):
                continue
            if self.lex.lemma(tok.head) in self.lex.speech and any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                out.append((tok, self.deontic_entry))
        return out

    def _draft(self, tok: Token, entry: TriggerEntry) -> Draft:
        d = Draft(tok, entry, tok, entry.event_type, entry.mode, entry.cameo, entry.rule, confidence=entry.confidence)
        if tok.pos_ in VERBAL:
            agents = _agents(tok)
            passive = [tok.head if c.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl" else c
                       for c in tok.children if c.dep_ == "nsubjpass"]  # "the minister, who was arrested"
            reduced = _reduced_passive(tok)
            if reduced is not None:  # "identified the man shot and killed by a deputy"
                passive, agents = [reduced[0]], reduced[1]
            d.actors = agents or ([] if passive else _subjects(tok))
            # "donated and delivered goods to the school": an event that needs someone acted on shares the objects
            # of the verb coordinated after it (not "resigned and criticized the president")
            sharer = _object_sharer(tok) if (entry.requires or self.lex.requires.get(entry.event_type, "")) == "recipient" \
                else None
            if (not d.actors and tok.dep_ == "csubj" and tok.tag_ == "VBG" and tok.head.dep_ == "ccomp"
                    and self.lex.lemma(tok.head.head) in self.lex.speech):
                # "US officials said that lifting the sanctions is out of the question": a deed named with no doer,
                # weighed by a speaker, is the speaker's own course
                d.actors = _subjects(tok.head.head)
            rec = list(passive)
            if not passive:
                objects = [c for c in tok.children if c.dep_ == "dobj"] + _up_to_objects(tok)
                if not objects and sharer is not None:
                    objects = [c for c in sharer.children if c.dep_ == "dobj"]
                if not objects and entry.event_type in FORCE_TYPES:
                    # "attacked Palestinian farmers harvesting olives": the parser read the object and the participle
                    # describing it as a clause ("farmers harvesting"); an attack takes no clause, the farmers are hit
                    objects = [s for c in tok.children if c.dep_ in ("ccomp", "advcl") and c.tag_ == "VBG"
                               and not any(a.dep_ in ("aux", "auxpass", "mark") for a in c.children)
                               for s in c.children if s.dep_ == "nsubj" and s.pos_ in ("NOUN", "PROPN")]
                if not objects:  # "met Ethiopian Prime Minister Abiy Ahmed": a name the parser read as an adverbial
                    objects = [c for c in tok.children if c.dep_ == "npadvmod" and c.i > tok.i and c.pos_ == "PROPN"
                               and c.ent_type_ in AGENT_ENTS]
                if entry.objects and entry.object_role == "theme":
                    # "provided aid to X", "imposed sanctions on X": the object is the theme; the recipient
                    # is in the prepositions, on the verb or on the object ("70 million dollars of aid for X")
                    preps = (self.lex.recipient_preps.get((entry.event_type, VERB), frozenset())
                             | self.lex.recipient_preps.get((entry.event_type, NOUN), frozenset())) - {"of"}
                    d.theme = objects
                    owners = []
                    for o in objects:
                        rec += _prep_objects(o, preps)
                        for of in _prep_objects(o, frozenset({"of"})):
                            rec += _prep_objects(of, preps)
                            for of2 in _prep_objects(of, frozenset({"of"})):  # "part of a military aid program for Bosnia"
                                rec += _prep_objects(of2, preps)
                            owners.append(of)
                    if not rec:  # "defended the right of Russian troops to ...": a party owning the theme receives it
                        rec += [of for of in owners if self._party(of)]
                    objects = []
                rec += objects + [c for c in tok.children if c.dep_ == "dative"]
                if tok.dep_ == "acl" and tok.tag_ == "VBN" and not agents and _dated_as_name(tok):
                    d.actors = [tok.head]  # "A newspaper called Thursday on Arabs to ...": read as "a paper named Thursday"
                elif tok.dep_ == "acl" and tok.tag_ == "VBN" and _misread_participle(tok) is None:
                    rec.append(tok.head)  # "a convoy attacked by jets"
                if tok.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS for c in tok.children):
                    rec.append(tok.head)
            by_prep = _prep_objects(tok, self.lex.recipient_preps.get((entry.event_type, VERB), frozenset()))
            if not by_prep and sharer is not None:
                by_prep = _prep_objects(sharer, self.lex.recipient_preps.get((entry.event_type, VERB), frozenset()))
            if rec:  # "beat up detainees on the occupied West Bank": beside those acted on, a place only says where
                by_prep = [p for p in by_prep if not place_word(p)]
                if entry.event_type == "ACCUSE":  # "charged its neighbour with supporting dissidents", "was charged
                    by_prep = [p for p in by_prep if p.head.lower_ != "with"]  # with murder": 'with' names the charge
                # "arrested 30 youths on suspicion of ...", "shelled the town on the border": beside those acted on,
                # an 'on' phrase tells why or where
                by_prep = [p for p in by_prep if p.head.lower_ != "on"]
            # "With the signing of the accord, the two sides agreed ...": a phrase opening the sentence, before
            # the subject, sets the scene; it names no partner
            by_prep = [p for p in by_prep if not (p.head.i == p.sent.start and d.actors and p.head.i < d.actors[0].i)]
            rec += by_prep
            if d.actors and d.actors[0].dep_ in ("conj", "appos"):  # a stranded subject: the phrase it was hung on is not acted on
                rec = [r for r in rec if d.actors[0] not in r.subtree]
            d.recipients = rec
            if entry.object_role == "received" and not agents and not passive:
                # "rebels received weapons from the government": the giver acts, the subject receives
                d.theme = [c for c in tok.children if c.dep_ == "dobj"]
                d.recipients = d.actors
                d.actors = _prep_objects(tok, frozenset({"from"}))
        else:
            self._noun_arguments(d)
        if d.actors and tok.pos_ in VERBAL:
            # "French troops, together with Malian soldiers, attacked": a companion acts too
            taken = {a.i for a in d.actors}
            extra = [c for a in d.actors for c in _companions(a)]
            if any(c.dep_ in SUBJECT_DEPS for c in d.anchor.children):
                extra += _companions(d.anchor)  # the parser may hang "along with Qatar" on the verb
            if d.event_type == "ASSAULT" and self.lex.lemma(tok) in TWO_SIDED:
                extra += _prep_objects(tok, frozenset({"with"}))  # "clashed with Eritrean forces": both sides fight
            extra = [c for c in extra if c.i not in taken]
            if extra:
                d.actors = d.actors + extra
                d.recipients = [r for r in d.recipients if r.i not in {c.i for c in extra}]
        if not d.actors and (entry.requires or self.lex.requires.get(entry.event_type, "")) != "recipient":
            # "clashes between police and protesters", "talks between Kyiv and Moscow": both sides act
            sides = _prep_objects(tok, frozenset({"between"}))
            if not sides and tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
                sides = _prep_objects(tok.head, frozenset({"between"}))  # "clashes erupted between X and Y"
            if sides:
                d.actors = sides
                d.recipients = [r for r in d.recipients if r.i not in {t.i for t in sides}]
        self._instrument(d)
        self._weapon_owner(d)
        return d

    def _noun_arguments(self, d: Draft) -> None:
        tok, entry = d.trigger, d.entry
        first = _trigger_start(tok, entry)
        actors = [c for c in tok.children if c.dep_ == "poss"]
        actors += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
        # "US airstrike", "Russian air strikes", "a USA coalition raid": modifiers naming an actor.
        mods = [c for c in tok.lefts if c.i < first and c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        if mods and not actors:
            run = [t for t in tok.doc[mods[0].left_edge.i:first] if t.dep_ not in ("det", "predet")]
            actor = self.actors.resolve(run, run[-1]) if run else None
            if actor is not None and (actor.country not in (None, "UNK") or actor.sector):
                # "USA military launch devastating air strike" (a headline read as one noun phrase): the words
                # after those that name the actor are not part of it
                while len(run) > 1:
                    shorter = self.actors.resolve(run[:-1], run[-2])
                    if (shorter.country, shorter.sector) != (actor.country, actor.sector):
                        break
                    run = run[:-1]
                while len(run) > 1 and run[0].lower_ in HEDGE_WORDS:
                    run = run[1:]  # "the presumed Russian strike", "recent US attacks": a hedge is no part of the actor
                d.modifier_actor = run  # "a US airstrike", "the rebel attack", "a police raid"
        preps = self.lex.recipient_preps.get((entry.event_type, NOUN), frozenset())
        recipients = _prep_objects(tok, preps)
        for agent in [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]:
            # "protests by Catholic worshippers against President Kabila": the parser hangs the target on the doer
            recipients += [r for r in _prep_objects(agent, preps) if r not in recipients]
        for of in _prep_objects(tok, frozenset({"of"})):  # "a suspension of aid to Egypt"
            recipients += [r for r in _prep_objects(of, preps | {"to"}) if r not in recipients]
        carrier = tok
        if (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN"
                and tok.head.head.lemma_.lower() in MEASURE_WORDS):
            carrier = tok.head.head  # "launched ten days of war games", "carried out a series of raids"
        gov = carrier.head
        if carrier.dep_ in ("dobj", "nsubjpass") and self._is_support(gov):
            d.anchor = gov
            d.rule += f"+support:{self.lex.lemma(gov)}"
            if not actors or all(a.pos_ == "PRON" for a in actors):
                actors = _agents(gov) or _subjects(gov) or actors  # "X held their first meeting": X
            recipients += _prep_objects(gov, preps)
            recipients += [c for c in gov.children if c.dep_ == "dative"]  # "gave Putin a warning"
        elif carrier.dep_ == "pobj" and gov.dep_ == "prep" and self._is_support(gov.head):
            d.anchor = gov.head  # "took part in the protest"
            if not actors:
                actors = _subjects(gov.head)
            if not actors and gov.lower_ == "in" and "in" in self.lex.support.get(self.lex.lemma(gov.head), ()) \
                    and not _agents(gov.head):
                # "Serb forces were engaged in ethnic cleansing": the stative passive's subject does it
                actors = [c for c in gov.head.children if c.dep_ == "nsubjpass"][:1]
        elif (carrier.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ == "under" and gov.head.pos_ in VERBAL
              and any(c.dep_ == "nsubjpass" for c in gov.head.children)):
            d.anchor = gov.head  # "a US national has been put under investigation", "was placed under house arrest"
            recipients += [c for c in gov.head.children if c.dep_ == "nsubjpass" and c not in recipients]
            if not actors:
                actors = _agents(gov.head)
        elif (not actors and carrier.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ == "for"
              and gov.head.pos_ in VERBAL and not any(c.dep_ in ("dobj", "dative") for c in gov.head.children)):
            actors = _subjects(gov.head)  # "negotiators returned to Geneva for talks", "thousands gathered for a rally"
        if entry.event_type == "ASSAULT" and tok.lemma_.lower() in TWO_SIDED:
            # "killed in a clash with Taliban fighters", "a shootout with a suspect": the other side acts too
            sides = [s for s in _prep_objects(tok, frozenset({"with"})) if s not in actors]
            actors = actors + sides
            recipients = [r for r in recipients if r not in sides]
        d.actors, d.recipients = actors, recipients
        if not actors and not recipients and not d.modifier_actor:
            d.confidence -= 0.15

    def _is_topic(self, noun: Token) -> bool:
        """"expressed optimism about a deal", "comments on the talks": the event noun is a topic."""
        tok = noun
        for _ in range(6):
            if tok.dep_ in ("compound", "amod", "conj") and tok.head.i != tok.i:
                tok = tok.head
                continue
            if tok.dep_ == "dobj" and tok.head.dep_ == "pcomp" and tok.head.tag_ == "VBG":
                tok = tok.head  # "pessimism over holding negotiations": the gerund's object is the topic too
                continue
            if tok.dep_ in ("pobj", "pcomp") and tok.head.dep_ == "prep" and tok.head.lower_ in TOPIC_PREPS:
                head = tok.head.head
                if self.lex.lemma(head) in self.lex.topic_heads or head.lemma_.lower() in self.lex.topic_heads:
                    return True
                if head.pos_ in VERBAL and any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.topic_heads
                                               for c in head.children):
                    return True  # "sent condolences over the bombing": the preposition hangs on the verb
                if tok.head.lower_ == "of" and head.pos_ == "NOUN":
                    tok = head  # "pessimistic about the possibility of a deal": the topic's own topic
                    continue
            return False
        return False

    def _is_support(self, verb: Token) -> bool:
        particles = self.lex.support.get(self.lex.lemma(verb))
        if particles is None or verb.pos_ not in ("VERB", "AUX"):
            return False
        if particles:
            return any(c.dep_ in ("prt", "prep") and c.lower_ in particles for c in verb.children)
        return True

    def _instrument(self, d: Draft) -> None:
        """Weapons named with the trigger set the mode of an attack ("shelled with drones",
        "fired tear gas at"); a weapon that is the object is not the recipient."""
        if d.event_type != "ASSAULT":
            return
        explicit = [p for c in d.trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "by", "using")
                    for p in c.children if p.dep_ == "pobj"]
        if not (d.entry.object_role == "recipient" and any(c.dep_ == "prt" for c in d.trigger.children)):
            # "rockets were fired at" (not "shot down 25 drones": what is shot down is the target)
            explicit += [c for c in d.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        explicit += [q for c in explicit for q in _prep_objects(c, frozenset({"of"}))]  # "dozens of rockets"
        implied = [c for c in d.trigger.children if c.dep_ in ("nsubj", "compound")] + list(d.actors)
        for c, strong in [(c, True) for c in explicit] + [(c, False) for c in implied]:
            for n in (2, 1):
                before = [_lemma(t) for t in _words_before(c, n - 1)]
                hit, words = None, ()
                for head_form in (_lemma(c), *_inflection_bases(c.lower_)):  # "Rockets" (PROPN) -> "rocket"
                    words = tuple(before + [head_form])
                    hit = self.lex.instruments.get(words)
                    if hit:
                        break
                if hit is None:
                    continue
                mode, cameo, kind = hit
                if kind == "attacker" and strong:
                    continue  # "attacked Hamas gunmen": gunmen as the object are the targets, not a weapon
                if strong or d.mode is None or d.cameo in ("190", "180", "183"):
                    d.mode, d.cameo = mode, cameo
                    d.rule += f"+instrument:{' '.join(words)}"
                if c in d.recipients:
                    d.recipients.remove(c)
                if kind != "attacker" and c in d.actors and c.dep_ == "pobj" and c.head.dep_ == "agent":
                    d.actors.remove(c)  # "4 killed by a landmine": the weapon is no doer ("Iraqi warplanes attacked" keep theirs)
                    d.event_noun = True  # and the weapon that killed tells, as an event noun would, that this is an attack
                elif (kind != "attacker" and c in d.actors and c.dep_ == "nsubj"
                      and not any(x.dep_ in ("dobj", "dative") for x in d.trigger.children)
                      and (lambda a: a.country in (None, "UNK") and a.sector is None)(self.actors.resolve(phrase_tokens(c), c))):
                    d.actors.remove(c)  # "a bomb exploded outside the embassy": the bomb tells an attack, not its doer
                    d.event_noun = True
                if not d.actors or d.actors == [c]:  # "a bomb planted by al-Shabaab", "missiles fired by X struck"
                    fired = [v for v in c.children if v.dep_ == "acl" and v.tag_ == "VBN"]
                    fired += [x for v in fired for x in v.children if x.dep_ in ("xcomp", "ccomp")]  # "believed to be fired by"
                    d.actors = [a for v in fired for a in _agents(v)] or d.actors
                return

    def _weapon_owner(self, d: Draft) -> None:
        """"two farmers were wounded by Russian artillery", "killed in Israeli tank shelling": an attack told
        with no doer, whose weapon a nation's adjective or name owns, was made by that nation's forces
        (resolved as the modifier of an event noun is: "an Israeli drone strike")."""
        if d.event_type != "ASSAULT" or d.actors or d.modifier_actor:
            return
        for c in d.trigger.children:
            if c.dep_ not in ("prep", "agent") or c.lower_ not in ("by", "with", "in", "from", "using"):
                continue
            for p in c.children:
                if p.dep_ != "pobj" or p.pos_ != "NOUN":
                    continue
                if not any(self.lex.instruments.get((form,), ("", "", "attacker"))[2] == "weapon"
                           for form in (_lemma(p), *_inflection_bases(p.lower_))):
                    continue
                mods = [m for m in p.lefts if m.dep_ in ("amod", "compound", "nmod")]
                if not mods:
                    continue
                run = [t for t in p.doc[mods[0].left_edge.i:p.i] if t.dep_ not in ("det", "predet")]
                actor = self.actors.resolve(run, run[-1]) if run else None
                if actor is not None and actor.country not in (None, "UNK") and actor.how and actor.how.startswith("country:"):
                    d.modifier_actor = run
                    d.rule += "+weapon-owner"
                    return

    def _governing_trigger(self, noun: Token, by_index: dict[int, tuple[Token, TriggerEntry]]) -> Optional[Token]:
        """The verb trigger a noun trigger is an argument of, if any."""
        for _ in range(4):  # "launched artillery, mortar and rocket fire": a conjunct stands where the first one does
            if noun.dep_ != "conj" or noun.head.pos_ not in ("NOUN", "PROPN"):
                break
            noun = noun.head
        head = noun.head
        if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "dative") and head.i in by_index and head.pos_ == "VERB":
            return head
        if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.i in by_index:
            return head.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ == "pobj":
            up = head.head.head  # "demanded the release of"
            if up.dep_ == "prep" and up.head.i in by_index:
                return up.head
        return None

    def _clause_governor(self, d: Draft, drafts: dict[int, Draft]) -> Optional[int]:
        """The draft whose clause embeds this one: "threatened to attack", "agreed to hold talks",
        "accused X of shelling", and purpose clauses with an explicit embedding rule
        ("staged demonstrations to demand reforms")."""
        verb = d.anchor
        by_anchor = {g.anchor.i: k for k, g in drafts.items() if g is not d}
        by_anchor.update({k: k for k, g in drafts.items() if g is not d})
        tok = verb
        for _ in range(3):
            if _semicolon_between(tok, tok.head):
                return None  # "Students clashed with police ...; 15 were injured": two clauses, neither inside the other
            head = by_anchor.get(tok.head.i)
            if tok.dep_ in ("xcomp", "ccomp", "pcomp", "acomp") and head is not None and tok.head.i != verb.i:
                if drafts[head].anchor.pos_ in VERBAL:
                    return head
            if tok.dep_ == "advcl" and head is not None and (drafts[head].event_type, d.event_type) in self.lex.embedding:
                return head
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.i in by_anchor:
                return by_anchor[tok.head.head.i]  # "accused X of shelling"
            if (tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.dep_ in ("dobj", "nsubjpass")
                    and tok.head.head.head.i in by_anchor):
                return by_anchor[tok.head.head.head.i]  # "accused the rebels of killing": "of" hung on the object
            if tok.dep_ not in ("xcomp", "pcomp", "conj", "acomp"):
                return None
            tok = tok.head
        return None

    def _merge(self, keep: Draft, other: Draft) -> None:
        """Two tokens telling one event ("an airstrike hit ..."): keep the more specific code."""
        if other.mode and not keep.mode or (len(other.cameo) > len(keep.cameo) and other.mode):
            keep.mode, keep.cameo = other.mode, other.cameo
        keep.rule += f"+{other.rule}"
        own = {t.i for t in keep.actors + keep.recipients}
        if other.trigger in keep.actors:
            keep.actors = [a for a in keep.actors if a.i != other.trigger.i] + [a for a in other.actors if a.i not in own]
        elif other.trigger in keep.recipients:
            keep.recipients = [r for r in keep.recipients if r.i != other.trigger.i]
            keep.actors += [a for a in other.actors if a.i not in own]
            keep.recipients += [r for r in other.recipients if r.i not in own]
        else:  # an outcome ("..., killing 25 civilians"): its victims are recipients too
            gone = keep.absorbed | {keep.trigger.i, other.trigger.i}
            keep.actors += [a for a in other.actors if a.i not in own | gone and not keep.actors]
            keep.recipients += [r for r in other.recipients if r.i not in own | gone]
        if other.modifier_actor and not keep.modifier_actor:
            keep.modifier_actor = other.modifier_actor
        keep.event_noun = keep.event_noun or other.event_noun or other.trigger.pos_ not in VERBAL
        keep.confidence = max(keep.confidence, other.confidence) + 0.05
        keep.absorbed.add(other.trigger.i)

    def _embed(self, gov: Draft, inner: Draft) -> None:
        """``inner`` is what ``gov`` is about: a threat of, a demand for, an accusation of."""
        conv = self.lex.embed(gov.event_type, inner.event_type)
        if conv is not None:
            self._convert(gov, conv)
        gov.rule += f"+embeds:{inner.rule}"
        taken = {a.i for a in gov.actors}
        gov.recipients = [r for r in gov.recipients if r.i != inner.trigger.i]
        if not gov.recipients and gov.event_type in JUDGING_TYPES:
            # "condemned the US airstrikes on Syrian positions": the strikers are condemned, not the victims;
            # with no striker named, the act itself ("condemned the attack")
            doers = [a for a in inner.actors if a.i not in taken]
            if not doers and inner.modifier_actor:
                doers = [inner.modifier_actor[-1]]
            gov.recipients = doers or ([inner.trigger] if inner.trigger.pos_ not in VERBAL and inner.trigger not in gov.theme
                                       else [])  # "signed a peace agreement": what is signed is no party
        if not gov.recipients and gov.event_type == "REQUEST" and inner.anchor.dep_ == "ccomp":
            # "reiterated its demand that Israel ease restrictions": the demand is made of whoever must act
            gov.recipients = [s for s in inner.actors if s.dep_ in ("nsubj", "nsubjpass") and s.head.i == inner.anchor.i
                              and s.i not in taken and s.pos_ != "PRON"]
        if not gov.recipients and gov.event_type != "PROTEST":  # a protest's demand is not its target
            gov.recipients = [r for r in inner.recipients if r.i not in taken]
        if not gov.recipients and inner.trigger.pos_ not in VERBAL:
            # "lodged a protest with the embassy": the governing event's prepositions on the noun
            gov.recipients = _prep_objects(inner.trigger, self.lex.recipient_preps.get((gov.event_type, VERB), frozenset()))
        if (not gov.recipients and inner.trigger.pos_ not in VERBAL and gov.event_type in ("ACCUSE", "REJECT", "SUPPORT")
                and inner.trigger not in gov.theme):
            gov.recipients = [inner.trigger]  # "condemned the airstrikes": the act condemned
        gov.absorbed.add(inner.trigger.i)

    def _convert(self, d: Draft, conv: Conversion) -> None:
        if conv.event_type != d.event_type:
            keep_mode = d.mode if (conv.event_type, d.mode) in self.onto.plover_modes else None
            d.event_type = conv.event_type
            d.mode = keep_mode or conv.mode  # an announced arrest is THREATEN arrest
            d.cameo = conv.cameo or self._root_code_for(conv.event_type, d.cameo)
        else:  # same type: the conversion is the more specific code
            if conv.mode:
                d.mode = conv.mode
            if conv.cameo:
                d.cameo = self._same_family(d.cameo, conv.cameo)

    def _same_family(self, current: str, code: str) -> str:
        """CAMEO's appeals (02x) and demands (10x) have parallel sub-codes (023 call for aid, 103
        demand aid): an appeal keeps its family when its content makes it more specific ("urged
        Israel to release the prisoners" is 025, an appeal to yield, not 105, a demand)."""
        for mild, firm in PARALLEL_ROOTS:  # (the bare root code, 100, is a demand: "called for sanctions against X")
            if current[:2] == mild and code[:2] == firm and code[2:].strip("0") and mild + code[2:] in self.onto.cameo:
                return mild + code[2:]
        return code

    def _root_code_for(self, event_type: str, fallback: str) -> str:
        return self.root_codes.get(event_type, fallback)

    # -------------------------------------------------------------- to records

    def cues(self, d: Draft) -> tuple[set[str], Optional[Token]]:
        """Modal cues around the event's clause, and the speaker when the clause is reported speech."""
        cues = self.lex.modality
        found: set[str] = set()
        anchor, trig = d.anchor, d.trigger
        for tok in {anchor, trig}:
            for c in tok.children:
                if c.dep_ == "neg" and c.lower_ in cues.get("neg", {}):
                    found.add(cues["neg"][c.lower_])
                elif c.dep_ == "det" and c.lower_ in cues.get("det", {}) and tok.pos_ == "NOUN":
                    found.add(cues["det"][c.lower_])
                elif c.dep_ in ("aux", "auxpass") and c.lower_ in cues.get("aux", {}):
                    found.add(cues["aux"][c.lower_])
                    if c.lower_ == "would":
                        found.add("would")
                elif c.dep_ == "mark" and c.lower_ in cues.get("mark", {}):
                    found.add(cues["mark"][c.lower_])
        if trig.pos_ in VERBAL and not any(c.dep_ == "neg" for c in trig.children):
            # "has flown no combat missions", "fired no shots": a "no" object denies the act
            for o in trig.children:
                if o.dep_ == "dobj" and any(c.dep_ == "det" and cues.get("det", {}).get(c.lower_) == "negated"
                                            for c in o.children):
                    found.add("negated")
        if "going" in {c.lower_ for c in anchor.children if c.dep_ == "aux"}:
            found.add("future")
        if anchor.pos_ == "NOUN" and anchor.dep_ in ("nsubj", "nsubjpass", "dobj"):
            # "if talks fail", "no attack took place": the noun's clause carries the mood
            for c in anchor.head.children:
                if c.dep_ == "mark" and c.lower_ in cues.get("mark", {}):
                    found.add(cues["mark"][c.lower_])
                elif c.dep_ == "neg" and c.lower_ in cues.get("neg", {}) and anchor.dep_ != "dobj":
                    found.add(cues["neg"][c.lower_])
            if anchor.head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in cues.get("mark", {}) for c in anchor.head.children):
                found.add("hypothetical")
        speaker: Optional[Token] = None
        tok = anchor
        for _ in range(5):
            if tok.dep_ not in CLAUSE_DEPS or tok.head.i == tok.i or _semicolon_between(tok, tok.head):
                break
            g = tok.head
            if self.lex.lemma(g) in self.lex.speech and self.lex.lemma(g) != "deny" and tok.dep_ in ("ccomp", "xcomp", "advcl", "conj"):
                # reported speech: the speaker's own tense and negation are not the event's
                speaker = next((c for c in g.children if c.dep_ in SUBJECT_DEPS), None)
                break
            cue = cues.get("governor", {}).get(self.lex.lemma(g))
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in tok.children)
            if cue == "wish":  # "wants to meet": an intention; "hopes that Japan will persuade X": a wish about another
                cue = "hypothetical" if any(c.dep_ in SUBJECT_DEPS and c.lower_ not in SPEAKER_PRONOUNS
                                            for c in tok.children) else "future"
                if cue == "hypothetical":
                    found.add("wish")  # stays hypothetical even when reported ("said he hoped X would ...")
            if cue == "refusal":
                found.update(("negated", "future"))
            elif cue and not (cue == "negated" and own_subject):
                found.add(cue)
            for c in g.children:
                if tok.dep_ == "xcomp" and c.dep_ == "neg":
                    found.add("negated")
                if c.dep_ == "aux" and c.lower_ in cues.get("aux", {}) and tok.dep_ == "xcomp":
                    found.add(cues["aux"][c.lower_])
                    if c.lower_ == "would":
                        found.add("would")
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in cues.get("mark", {}) for c in tok.children):
                found.add("hypothetical")
            tok = g
        if "would" in found and speaker is not None and "wish" not in found and "if" not in {c.lower_ for c in anchor.children if c.dep_ == "mark"}:
            found.discard("hypothetical")
            found.add("future")  # "they said they would ...": reported will
        return found, speaker

    def resolve_modality(self, d: Draft) -> str:
        """Set the draft's final type from its modal cues (PLOVER codes intentions as their own
        types: a promise to meet is AGREE, a threat to attack THREATEN, "Y must" a REQUEST);
        return the event's modality."""
        found, speaker = self.cues(d)
        if speaker is not None and speaker.lower_ not in SPEAKER_PRONOUNS:
            # "Syria says it will ...": a pronoun subject of reported speech is, most often, the speaker.
            d.actors = [speaker if _refers_to_speaker(a) else a for a in d.actors]
        cues = self.lex.modality.get("mark", {})
        if any(c.dep_ == "mark" and cues.get(c.lower_) == "hypothetical" for c in d.anchor.children):
            return "hypothetical"  # "... if it is attacked", "unless Baghdad accepted": a condition, not an intention
        if "wish" in found:
            return "hypothetical"  # "hopes Japan will persuade X to lift ...": another's act wished for, no intention
        if "deontic" in found:
            if speaker is not None:
                conv = self.lex.intention(d.event_type, "deontic")
                if conv is not None:
                    d.recipients = [a for a in d.actors if a.i != speaker.i] or d.recipients
                    d.actors = [speaker]
                    if d.event_type != conv.event_type:
                        embedded = self.lex.embed(conv.event_type, d.event_type)
                        if embedded is not None and embedded.event_type == conv.event_type:
                            conv = Conversion(conv.event_type, embedded.mode or conv.mode, embedded.cameo or conv.cameo)
                        self._convert(d, conv)
                    d.rule += "+deontic"
                    return "asserted"
            found.add("hypothetical")
        if "future" in found:
            conv = self.lex.intention(d.event_type, "negated-future" if "negated" in found else "future")
            for clause in (c for c in d.anchor.children if c.dep_ == "advcl"):
                marks = [m.lower_ for m in clause.children if m.dep_ == "mark"]
                cond = self.lex.intention(d.event_type, f"condition:{marks[0]}") if marks else None
                if (cond is not None and cond.event_type != d.event_type  # "will withdraw unless X ...": a threat to X
                        and (conv is None or conv.event_type != cond.event_type)):  # "would attack unless": THREATEN violence
                    conv = cond
                    d.recipients = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
                    break
            if conv is not None:
                self._convert(d, conv)
                d.rule += "+intention"
                return "asserted"
        elif "negated" in found and "hypothetical" not in found:
            conv = self.lex.intention(d.event_type, "negated")  # "failed to reach an agreement" is REJECT
            if conv is not None:
                self._convert(d, conv)
                d.rule += "+refusal"
                return "asserted"
        for m in ("negated", "hypothetical", "future"):
            if m in found:
                return m
        return "asserted"

    def to_event(self, d: Draft, sent: Span, sentence_index: int, article_id: str, offset: int, date: Optional[str]) -> Optional[Event]:
        modality = self.resolve_modality(d)
        if (d.event_type in ("ASSAULT", "COERCE") and d.mode in UNARMED_MODES and d.actors
                and all(_lemma(_quantity_head(a)) in PROTESTER_WORDS for a in d.actors)):
            # "protesters set fire to the parliament building", "demonstrators attacked a police post": violence
            # done by protesters is a violent protest (PLOVER PROTEST riot; ACLED Riots), unless they use weapons
            # of war ("demonstrators launched missiles at the government": CAMEO 194, PETRARCH gold)
            self._convert(d, Conversion("PROTEST", "riot", "145"))
            d.rule += "+riot"
        described = False
        if _in_background(d.anchor):
            if d.event_type in ("ASSAULT", "COERCE") and _told_sequel(d.anchor):
                d.confidence -= 0.1  # "police are investigating after a trooper shot a driver": the shooting is the news
            else:
                d.confidence -= 0.3  # "after violent protests", "in response to the unrest": context, not the news
        elif _descriptive(d.anchor) and not (d.event_type in ("ASSAULT", "COERCE") and _told_relative(d.anchor)):
            d.confidence -= 0.25  # "weapons seized last year", "Sharon, who has vowed ...": a description of a participant
            described = True
        elif _subordinate(d.anchor):
            d.confidence -= 0.1  # "..., as authorities in Croatia cracked down": the main clause tells the news
        actors = self._resolve_all(d.actors, date, possessors=True)
        if (len(d.actors) == 1 and actors and not any(ok for _, ok in actors)
                and d.trigger.dep_ == "acl" and d.trigger.tag_ == "VBG" and d.trigger.head.i == d.actors[0].i):
            # "the PKK issued a declaration demanding ...", "the army fired a rocket killing ...": a thing that
            # cannot act does what its maker does through it
            maker = _maker(d.actors[0])
            made = self._resolve_all([maker], date, possessors=True) if maker is not None else ()
            if any(ok for _, ok in made):
                actors = made
        if not actors and d.modifier_actor:
            run = d.modifier_actor
            a = self.actors.resolve(run, run[-1], date)
            if a.sector == "CVL" and len(run) == 1 and run[0].pos_ == "ADJ" and a.country not in (None, "UNK"):
                # "an Israeli drone strike": the nation's forces or government, not its people
                sector = "MIL" if d.event_type in FORCE_TYPES else "GOV"
                a = replace(a, sector=sector, code=a.country + sector)
            actors = ((a, True),)
        if d.event_type == "ASSAULT" and d.mode != "crowd-control":
            # "Syrian government forces and their Russian allies pounded ...", "Russian mercenaries killed ...": a
            # nation's people with no trade of their own who carry out an armed attack are its forces
            actors = tuple((replace(a, sector="MIL", code=a.country + "MIL"), ok)
                           if a.sector is None and (a.how or "").startswith("country:") and a.name is not None
                           and a.country not in (None, "UNK") and not _people_noun(a.text) else (a, ok)
                           for a, ok in actors)  # (not "two Russian tourists attacked a waiter")
        # "pledged $500 million in aid to ...": an amount is never a party
        rec_toks = [r for r in d.recipients if r.ent_type_ not in AMOUNT_ENTS]
        if len(rec_toks) > 1:
            # "killing 12 people and injuring 30": a bare figure beside the parties named adds none; "ambushed ENDF
            # soldiers ..., killing an unknown number of soldiers": a bare noun repeating another's head is that one
            rec_toks = [r for r in rec_toks if not (r.pos_ == "NUM" and not any(c.dep_ == "prep" for c in r.children))
                        and not (_bare_repeat(r) and any(o.i < r.i and _quantity_head(o).lemma_.lower()
                                                             == _quantity_head(r).lemma_.lower() for o in rec_toks))]
        recipients = self._resolve_all([self._owner(r, date) for r in rec_toks], date)
        actor_ids = {(a.start, a.end) for a, _ in actors}
        recipients = tuple((r, ok) for r, ok in recipients if (r.start, r.end) not in actor_ids
                           and r.text.lower() not in REFLEXIVES)  # "blew himself up"
        if not self._enough(d, actors, recipients):
            return None
        self._by_whom(d, actors, recipients)
        actors_r = tuple(a for a, _ in actors)
        recipients_r = tuple(r for r, _ in recipients)
        code = self.onto.cameo_code(d.cameo)
        first = _trigger_start(d.trigger, d.entry)
        t_start = d.trigger.doc[first].idx
        t_end = d.trigger.idx + len(d.trigger.text)
        confidence = d.confidence
        confidence += 0.1 if any(a.country != "UNK" for a in actors_r) else -0.1
        confidence += 0.05 if any(r.country != "UNK" for r in recipients_r) else 0.0
        if described and confidence < DESCRIPTION_FLOOR:
            return None  # "Venezuelans fleeing shortages arrived in Colombia": a weak description is no event, even alone
        acled_type, acled_subtype = self.onto.acled_for(d.event_type, d.mode, [r.sector for r in recipients_r if r.sector],
                                                        d.cameo, [a.sector for a in actors_r if a.sector])
        evidence = Evidence(
            sentence=sent.text,
            sentence_start=sent.start_char + offset,
            trigger=d.trigger.doc[first:d.trigger.i + 1].text,
            trigger_start=t_start + offset,
            trigger_end=t_end + offset,
            rule=d.rule,
        )
        shift = lambda a: replace(a, start=a.start + offset, end=a.end + offset)  # noqa: E731
        return Event(
            event_id="",  # set by with_event_ids once the sentence's events are known
            article_id=article_id,
            sentence_index=sentence_index,
            evidence=evidence,
            event_type=d.event_type,
            mode=d.mode,
            cameo_code=d.cameo,
            cameo_root=d.cameo[:2],
            goldstein=code.goldstein,
            quad_class=self.root_quads.get(d.cameo[:2], self.onto.plover_types[d.event_type][0]),  # the code's root
            acled_type=acled_type,
            acled_subtype=acled_subtype,
            actors=tuple(shift(a) for a in actors_r),
            recipients=tuple(shift(r) for r in recipients_r),
            modality=modality,
            confidence=round(min(0.99, max(0.05, confidence)), 2),
        )

    def _by_whom(self, d: Draft, actors: tuple[tuple[Actor, bool], ...], recipients: tuple[tuple[Actor, bool], ...]) -> None:
        """Who acts can change what the act is (intentions.tsv, cues "state:MODE" and "joint:CODE"):
        a blockade set up by a state's forces is a restriction (COERCE), not a protest; war games
        held by the forces of several countries are joint exercises (COOPERATE)."""
        state = any(a.sector in STATE_SECTORS or (a.sector is None and a.how and a.how.startswith("country:"))
                    for a, _ in actors)
        conv = self.lex.intention(d.event_type, f"state:{d.mode}") if state and d.mode else None
        if conv is None:
            countries = {a.country for a, _ in actors + recipients if a.country not in (None, "UNK")}
            if len(countries) > 1:
                conv = self.lex.intention(d.event_type, f"joint:{d.cameo}")
        if conv is not None:
            self._convert(d, conv)
            d.rule += "+by-whom"

    def _enough(self, d: Draft, actors: tuple[tuple[Actor, bool], ...], recipients: tuple[tuple[Actor, bool], ...]) -> bool:
        """Precision discipline: does the evidence make this an event?"""
        requires = d.entry.requires or self.lex.requires.get(d.event_type, "")
        if requires == "recipient" and not recipients and not d.theme:
            return False  # a concrete theme ("suspended aid deliveries") stands for an implicit recipient
        if requires == "actor" and not actors:
            return False
        if requires == "agent" and not any(a.country not in (None, "UNK") or a.sector or a.how == "pronoun"
                                           for a, _ in actors):
            return False  # "where the borders of Jordan, Iraq and Syria meet": borders do not meet anyone
        if any(ok for _, ok in actors) or any(ok for _, ok in recipients):
            return True
        if d.trigger.pos_ in VERBAL and not d.event_noun:
            return False  # a verb needs an argument that can act or be acted on, or a clear event noun
        if actors or recipients:
            return True  # "an attack on a market"
        # A bare event noun: "clashes erupted" tells a new event;
        # "the strike" with no argument refers back to one told before.
        if _in_toll(d.trigger):
            return True  # "the death toll from the bombing rose to 41": the toll tells the event
        det = [c.lower_ for c in d.trigger.children if c.dep_ == "det"]
        return not (det and det[0] in DEFINITE)

    def _resolve_all(self, heads: Iterable[Token], date: Optional[str],
                     possessors: bool = False) -> tuple[tuple[Actor, bool], ...]:
        """Resolved actors, each with whether it can act (a known actor, a sector, a name, a pronoun);
        with ``possessors``, "its fighters" takes the country of the pronoun's antecedent (for the
        doers: a recipient owned by the doer is the doer's own, "withdrew its troops")."""
        out: list[tuple[Actor, bool]] = []
        seen: set[int] = set()
        for h in heads:
            # "thousands of Iraqi Kurds": the Kurds; "scores of Sierra Leonean and Liberian refugees": both
            for t in [c for q in expand_conjuncts(h)
                      for c in (expand_conjuncts(_quantity_head(q)) if _quantity_head(q) is not q else [q])]:
                if t.i in seen:
                    continue
                seen.add(t.i)
                t = _antecedent(t)  # "X was quoted as saying he would ...": X
                if t.tag_ == "VBG" and t.dep_ in ("nsubj", "nsubjpass"):
                    # "The Red Cross operating in Iraq said": the parser made the participle the subject
                    t = next((c for c in t.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), t)
                if _markup(t) or not any(ch.isalnum() for ch in t.text):
                    continue  # "&gt;", "<<": markup of scraped text is never an argument
                toks = phrase_tokens(t)
                split = self._coordinated_modifiers(t, toks, date)
                if split:
                    out.extend((a, True) for a in split)
                    continue
                actor = self.actors.resolve(toks, t, date)
                if actor.country in (None, "UNK") and actor.how != "pronoun":
                    whole = _whole_name(t, toks)
                    if whole is not None:
                        # "Sheikh Hamad bin Khalifa al-Thani launched": the parser split the name into several
                        # subjects; the whole name, as the entity recogniser read it, is the actor
                        named = self.actors.resolve(whole, t, date)
                        if named.country not in (None, "UNK"):
                            if any(a.start < named.end and named.start < a.end for a, _ in out):
                                continue  # "Aetna Life and Casualty of Canada": two conjuncts of one name are one party
                            actor = named
                if t.pos_ == "ADJ" and actor.how and actor.how.startswith("country:") and len(toks) == 1:
                    # "Azerbaijani and Armenian foreign ministers": a bare national adjective coordinated with a
                    # noun phrase shares its head ("Azerbaijani foreign ministers")
                    heads = [c for c in t.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
                    shared = self.actors.resolve([heads[0]], heads[0], date).sector if heads else None
                    if shared:
                        actor = replace(actor, sector=shared, code=actor.country + shared)
                actor = self._possessor(actor, t, date) if possessors else actor
                agentive = (actor.country not in (None, "UNK") or actor.sector is not None or actor.how == "pronoun"
                            or any(x.pos_ == "PROPN" or x.ent_type_ in AGENT_ENTS for x in toks)
                            or t.like_num or t.lower_ in QUANTITY_WORDS)  # "12 killed in Afrin": people counted
                out.append((actor, agentive))
        return tuple(out)

    def _possessor(self, actor: Actor, head: Token, date: Optional[str]) -> Actor:
        """"Hamas denied that its fighters attacked": a phrase owned by a pronoun takes the country
        of the pronoun's antecedent, and keeps its own sector (``how = "possessor:..."``)."""
        if actor.country not in (None, "UNK") or actor.sector is None:
            return actor  # "its borders": a thing of the actor's, not a party
        poss = [c for c in head.children if c.dep_ == "poss" and c.lower_ in ANAPHORS]
        ante = _antecedent(poss[0]) if poss else None
        if ante is None or ante is poss[0] or (poss[0].lower_ in ("his", "her") and ante.tag_ in ("NNS", "NNPS")):
            return actor  # "the rebels will release the minister and his government": not the rebels'
        owner = self.actors.resolve(phrase_tokens(ante), ante, date)
        if owner.country in (None, "UNK"):
            return actor
        sector = actor.sector or owner.sector
        return replace(actor, country=owner.country, sector=sector, name=owner.name,
                       code=owner.country + (sector or ""), how=f"possessor:{owner.text}")

    def _coordinated_modifiers(self, head: Token, toks: list[Token], date: Optional[str]) -> list[Actor]:
        """"Russian and Chinese officials": one actor per coordinated national modifier."""
        mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and any(g.dep_ == "conj" for g in c.children)]
        if not mods and head.pos_ == "NOUN":
            # "lawmakers in Kenya and Uganda", "foreign ministers from Egypt and Jordan": one actor per country named
            mods = [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of") and c.i > head.i
                    for o in c.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                    and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in o.children)]
        if not mods:
            return []
        in_pp = mods[0].dep_ == "pobj"
        group = [mods[0], *mods[0].conjuncts]
        sector_of_head = self.actors.resolve([head], head, date).sector
        if in_pp and sector_of_head is None:
            return []  # "villages in Kenya and Uganda": no party
        actors = []
        for m in sorted(group, key=lambda x: x.i):
            a = self.actors.resolve(phrase_tokens(m) if in_pp else [m], m, date)
            if a.country in (None, "UNK"):
                return []
            own_group = a.how is not None and a.how.startswith("organization:") and a.sector
            sector = a.sector if own_group else sector_of_head  # "Israeli and Hamas negotiators": Hamas stays REB
            actors.append(replace(a, sector=sector, code=a.country + (sector or "")))
        return actors if len({a.country for a in actors}) > 1 else []

    def code_doc(self, doc: Doc) -> list[Event]:
        offset = doc._.whimbrel_offset or 0
        base = doc._.whimbrel_sentence_offset or 0
        article_id = doc._.whimbrel_article_id or stable_id(doc.text)
        date = doc._.whimbrel_published
        events = []
        for n, sent in enumerate(doc.sents):
            coded = [ev for d in self.drafts(sent)
                     if (ev := self.to_event(d, sent, base + n, article_id, offset, date)) is not None]
            events.extend(_secondary_discipline(coded))
        return with_event_ids(events)


MODALITY_ORDER = {"asserted": 0, "historical": 1, "future": 2, "hypothetical": 3, "negated": 4}
DESCRIPTION_FLOOR = 0.35  # an event told only in a clause describing a participant needs this much to stand alone
SECONDARY_FLOOR = 0.5  # a sentence's further events need this much confidence to be told


def _secondary_discipline(events: list[Event]) -> list[Event]:
    """Precision discipline within a sentence: its strongest event always stands; any other
    needs real evidence of its own (confidence >= SECONDARY_FLOOR). Weak second events are
    mostly topics, background and descriptions ("a climate for peace talks", "weapons seized
    last year"), not news."""
    if len(events) < 2:
        return events
    best = min(events, key=lambda e: (MODALITY_ORDER.get(e.modality, 5), -e.confidence, e.evidence.trigger_start))
    return [e for e in events if e is best or e.confidence >= SECONDARY_FLOOR]


@Language.factory(
    "whimbrel_events",
    assigns=["doc._.whimbrel_events"],
    requires=["token.dep", "token.lemma", "token.pos"],
    default_config={"lexicon_files": [], "actor_files": []},
)
def make_event_coder(nlp: Language, name: str, lexicon_files: list[str], actor_files: list[str]):
    register_extensions()
    coder = EventCoder(load_lexicon(tuple(lexicon_files)), load_actor_index(tuple(actor_files)), load_ontology())

    @guarded("whimbrel_events")
    def whimbrel_events(doc: Doc) -> Doc:
        doc._.whimbrel_events = coder.code_doc(doc)
        return doc

    return whimbrel_events
