"""Counts: how many were killed, injured, arrested, abducted, or took part.

The ``whimbrel_counts`` component reads numbers ("12", "twenty-five", "1,500",
"at least 30") and vague quantities ("dozens", "hundreds of") attached to
casualty and arrest words (``data/lexicon/counts.tsv``: "killed 12
soldiers", "12 people were killed", "killing at least five", "left 5 dead",
"the death toll rose to 30", "the arrest of 30 students", "thousands of
protesters") and gives them to the event they belong to: the event whose
trigger is, or governs, the casualty word, else the sentence's first event of
a fitting type. Vague quantities take the documented lower bound of
``data/lexicon/quantities.tsv`` and are listed in ``Size.approximate``. "No
casualties were reported" gives 0.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, replace
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .knowledge import SCALES, TENS, UNITS, read_table, word_list
from .nlp import guarded, register_extensions
from .records import Claim, Event, Size

# Which event types take which counts.
TYPES_FOR = {"dead": ("ASSAULT", "COERCE", "PROTEST"), "injured": ("ASSAULT", "COERCE", "PROTEST"),
             "abducted": ("ASSAULT", "COERCE"), "arrested": ("COERCE", "PROTEST", "ASSAULT"),
             "participants": ("PROTEST",),
             # no Size field: displacement figures are kept as claims only (Event.claims)
             "displaced": ("ASSAULT", "COERCE", "SANCTION")}
SIZE_FIELDS = frozenset(f.name for f in dataclasses.fields(Size)) - {"approximate", "text"}
# More people than any single event has had: a larger figure near a casualty or crowd word counts something
# else ("4.5 billion dlrs of aid to 12 countries"), and is no count (it would not fit the store's columns either).
MAX_PEOPLE = 100_000_000


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int
    approximate: bool
    text: str
    low: Optional[int] = None  # the documented range of a vague quantity, or a qualifier's bound
    high: Optional[int] = None


@dataclass(frozen=True)
class CountLexicon:
    words: dict[tuple[str, str], str]  # (lemma, kind) -> field
    vague: dict[str, int]
    ranges: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)  # vague word -> (low, high)
    qualifiers: dict[str, str] = dataclasses.field(default_factory=dict)  # "at least" -> min, "up to" -> max, ...
    nones: dict[str, str] = dataclasses.field(default_factory=dict)  # "no casualties" -> casualties, "nobody" -> subject
    unknowns: frozenset[str] = frozenset()  # "an unknown number of soldiers": no figure is given
    # Built once from the tables above (the hot path never sorts, splits or compiles):
    # vague words longest first with their patterns, and one pattern that finds whether any is there;
    vague_order: tuple[tuple[str, int, re.Pattern[str]], ...] = dataclasses.field(init=False, repr=False, compare=False)
    vague_any: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)
    # qualifiers longest first, with their number of words; 'none' phrases longest first, split into words.
    qualifier_order: tuple[tuple[str, str, int], ...] = dataclasses.field(init=False, repr=False, compare=False)
    none_order: tuple[tuple[str, str, tuple[str, ...]], ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vague = sorted(self.vague.items(), key=lambda kv: -len(kv[0]))
        set_ = functools.partial(object.__setattr__, self)
        set_("vague_order", tuple((w, v, re.compile(rf"\b{re.escape(w)}\b")) for w, v in vague))
        set_("vague_any", re.compile(r"\b(?:" + "|".join(re.escape(w) for w, _ in vague) + r")\b") if vague
             else re.compile(r"(?!)"))
        set_("qualifier_order", tuple((w, k, len(w.split())) for w, k in sorted(self.qualifiers.items(), key=lambda kv: -len(kv[0]))))
        set_("none_order", tuple((p, f, tuple(re.findall(r"\w+|[^\w\s]", p)))
                                 for p, f in sorted(self.nones.items(), key=lambda kv: -len(kv[0]))))

    def field(self, lemma: str, kind: str) -> Optional[str]:
        return self.words.get((lemma, kind))


@functools.lru_cache(maxsize=4)
def load_count_lexicon(extra: tuple[str, ...] = ()) -> CountLexicon:
    words = {}
    for r in reversed(read_table("lexicon/counts.tsv", extra)):
        words[(r["word"].lower(), r["kind"])] = r["field"]
    rows = [r for r in reversed(read_table("lexicon/quantities.tsv", extra)) if r.get("value")]
    vague = {r["word"].lower(): int(r["value"]) for r in rows}
    ranges = {r["word"].lower(): (int(r.get("low") or r["value"]), int(r.get("high") or r["value"])) for r in rows}
    qualifiers = {w: f for (w, kind), f in words.items() if kind == "qualifier"}
    nones = {w: f for (w, kind), f in words.items() if kind == "none"}
    unknowns = frozenset(w for (w, kind) in words if kind == "unknown")
    return CountLexicon(words, vague, ranges, qualifiers, nones, unknowns)


def parse_number(tokens: list[Token]) -> Optional[int]:
    """The value of a run of number tokens: "12", "1,500", "2.5 million", "twenty-five", "three hundred"."""
    total, current, seen = 0, 0, False
    for t in tokens:
        w = t.lower_.replace(",", "")
        if w in ("-", "and", "a") and seen:
            continue
        parts = w.split("-")
        if len(parts) == 2 and all(re.fullmatch(r"\d+(\.\d+)?", x) for x in parts):
            parts = parts[:1]  # "20-30": a range, its first number
        for part in parts:
            if re.fullmatch(r"\d+(\.\d+)?", part):
                current += float(part)
            elif part in UNITS:
                current += UNITS[part]
            elif part in TENS:
                current += TENS[part]
            elif part in SCALES and (seen or current):
                current = (current or 1) * SCALES[part]
                if SCALES[part] >= 1000:
                    total, current = total + current, 0
            elif part:
                return None
            seen = True
    value = total + current
    return int(value) if seen and value == int(value) else (int(value) if seen else None)


RANGE_GLUE = word_list("range_glue")  # between the two numbers of a range written apart ("20 - 30 people")


def _is_number(t: Token) -> bool:
    return t.like_num or t.pos_ == "NUM" or t.lower_ in SCALES


def _number_run(noun: Token) -> list[Token]:
    """The number a numeral belongs to: the unbroken run of number words around it, inside its
    phrase ("two hundred and fifty", "1.5 million"), not other numbers its phrase governs ("62
    were killed, including 21 soldiers and 15 civilians" is 62, not 98)."""
    doc, inside = noun.doc, {t.i for t in noun.subtree}

    def part(i: int, step: int) -> bool:
        if not 0 <= i < len(doc) or i not in inside:
            return False
        t = doc[i]
        if _is_number(t):
            return True
        # only the glue inside one number: "two hundred and fifty", "twenty-five"; not a range,
        # "between 20 and 30", "20 - 30" (its first number is taken)
        before, after = (i - 1, i + 1)
        if not (0 <= before and after < len(doc) and before in inside and after in inside):
            return False
        if t.lower_ == "and":
            return doc[before].lower_ in SCALES and _is_number(doc[after])
        return t.text == "-" and doc[before].lower_ in TENS and doc[after].lower_ in UNITS

    lo = hi = noun.i
    while part(lo - 1, -1):
        lo -= 1
    while part(hi + 1, 1):
        hi += 1
    if lo >= 2 and doc[lo - 1].text in RANGE_GLUE and lo - 2 in inside and doc[lo - 2].like_num:
        return _number_run(doc[lo - 2])  # "20 - 30 people", "20 to 30 people": a range, its first number
    return list(doc[lo:hi + 1])


class CountReader:
    def __init__(self, lexicon: CountLexicon):
        self.lex = lexicon

    def quantity_of(self, noun: Token, climb: bool = True) -> Optional[Quantity]:
        """A count on a noun: "12 soldiers", "at least five", "dozens of protesters", "the bodies of 12"."""
        doc = noun.doc
        # the noun itself is a number ("killing at least five", "the toll rose to 30")
        if noun.like_num or noun.pos_ == "NUM":
            run = _number_run(noun)
            value = parse_number(run)
            if value is not None:
                return self._bounded(Quantity(value, False, doc[noun.left_edge.i:noun.right_edge.i + 1].text),
                                     min(t.i for t in run) if run else noun.i, doc)
        nums = [c for c in noun.children if c.dep_ == "nummod"]
        if not nums and noun.tag_ in ("NNS", "NNPS"):
            # "Two sheriff's deputies": a number on a singular possessor counts what it owns
            nums = [n for c in noun.children if c.dep_ == "poss" and c.tag_ in ("NN", "NNP")
                    for n in c.children if n.dep_ == "nummod" and n.i < c.i]
            nums = nums if nums and (parse_number(_number_run(nums[0])) or 0) > 1 else []
        if nums:
            run = _number_run(nums[0])
            value = parse_number(run)
            if value is not None:
                return self._bounded(Quantity(value, False, doc[min(t.i for t in run):noun.i + 1].text),
                                     min(t.i for t in run), doc)
        # "dozens of protesters", "thousands of people", "a dozen students", "tens of thousands"
        phrase = doc[noun.left_edge.i:noun.i + (1 if noun.lower_ in self.lex.vague else 0)].text.lower()
        for word, value, pattern in (self.lex.vague_order if self.lex.vague_any.search(phrase) else ()):
            if pattern.search(phrase):
                low, high = self.lex.ranges.get(word, (value, value))
                return Quantity(value, word not in ("a dozen", "dozen"), doc[noun.left_edge.i:noun.i + 1].text, low, high)
        # "thousands of students": the count is on the head of the "of" phrase
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of":
            quantity = noun.head.head
            if climb and (quantity.like_num or quantity.pos_ == "NUM" or quantity.lower_ in self.lex.vague):
                q = self.quantity_of(quantity, climb=False)
                if q is not None:
                    return Quantity(q.value, q.approximate, doc[quantity.left_edge.i:noun.i + 1].text, q.low, q.high)
            return None
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj" and p.i != noun.i:
                        q = self.quantity_of(p, climb=False)
                        if q is not None:
                            return q
        if noun.lower_ in self.lex.vague:  # "killing dozens", "hundreds were arrested"
            low, high = self.lex.ranges.get(noun.lower_, (self.lex.vague[noun.lower_],) * 2)
            return Quantity(self.lex.vague[noun.lower_], True, noun.text, low, high)
        return None

    def _bounded(self, q: Quantity, first: int, doc: Doc) -> Quantity:
        """A qualifier before the number gives a bound ("at least 12": 12 or more; "up to 30"; "more than 40")."""
        before = " ".join(t.lower_ for t in doc[max(0, first - 3):first])
        for words, kind, n_words in self.lex.qualifier_order:
            if before == words or before.endswith(" " + words):
                low, high = {"min": (q.value, None), "above": (q.value + 1, None), "max": (None, q.value),
                             "below": (None, q.value - 1)}.get(kind, (None, None))
                text = q.text if q.text.lower().startswith(words) else f"{doc[first - n_words:first].text} {q.text}"
                return replace(q, low=low, high=high, text=text)
        return q

    def _summed(self, noun: Token, q: Quantity) -> Quantity:
        """"7 soldiers and 12 militants were killed", "killed a policeman and two civilians": the
        coordinated counts of one casualty verb add up (bounds too: "at least 5 ... and 3" is 8 or more).
        A conjunct without a count leaves the first count alone."""
        later = [c for c in noun.conjuncts if c.i > noun.i]
        if not later:
            return q
        parts = [q]
        for c in later:
            if self.lex.field(c.lemma_.lower(), "not_victim") is not None:
                return q  # "kill 3 women in Deir Ezzor and an explosion in Maarrat": a parse that joins an event
            cq = self.quantity_of(c) or self._one(c)
            if cq is None:
                return q
            parts.append(cq)
        bounded = any(p.low is not None or p.high is not None for p in parts)
        low = sum(p.low if p.low is not None else p.value for p in parts) if bounded else None
        high = (sum(p.high if p.high is not None else p.value for p in parts)
                if bounded and all(p.high is not None or p.low is None for p in parts) else None)
        doc = noun.doc
        return Quantity(sum(p.value for p in parts), any(p.approximate for p in parts),
                        doc[noun.left_edge.i:later[-1].i + 1].text, low, high)

    def _shared_by_other_casualty(self, verb: Token, field: str) -> bool:
        """Is this verb joined to a casualty verb of another field that has no figure of its own
        ("were killed and wounded", "killed or injured")? Then the figure counts both together."""
        for c in verb.conjuncts:
            if c.pos_ != "VERB":
                continue
            other = self.lex.field(c.lemma_.lower(), "verb") or self.lex.field(c.lemma_.lower(), "subject_verb")
            if other and other != field and not any(g.dep_ in ("dobj", "nsubjpass", "nsubj") or g.like_num
                                                    for g in c.children):
                return True
        return False

    def _one(self, noun: Token) -> Optional[Quantity]:
        """A single named or singular victim: "killed a commander", "Mattis was wounded"; not "killing an
        unknown number of soldiers" (``kind = unknown`` in ``lexicon/counts.tsv``)."""
        if noun.lemma_.lower() in self.lex.unknowns:
            return None  # ("killed an unknown gunman" is one)
        if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN") and noun.ent_type_ not in ("GPE", "ORG", "NORP", "LOC", "FAC"):
            if noun.pos_ == "PROPN" or any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in noun.children):
                return Quantity(1, False, noun.doc[noun.left_edge.i:noun.i + 1].text)
        return None

    def counts(self, sent: Span) -> list[tuple[str, Quantity, Token]]:
        """(field, quantity, the casualty word) found in a sentence."""
        out: list[tuple[str, Quantity, Token]] = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            subject_field = self.lex.field(lemma, "subject_verb") if tok.pos_ == "VERB" else None
            verb_field = (subject_field or self.lex.field(lemma, "verb")) if tok.pos_ == "VERB" else None
            if tok.pos_ == "VERB" and not verb_field:  # a result adjective: "shot dead two men", "shot two men dead"
                verb_field = next((self.lex.field(c.lower_, "adjective") for c in tok.children
                                   if c.dep_ in ("acomp", "oprd", "advcl", "xcomp") and self.lex.field(c.lower_, "adjective")), None)
            if tok.pos_ == "VERB" and not subject_field:  # a result adverb: "fatally shot a man", "mortally wounded"
                verb_field = next((self.lex.field(c.lower_, "adverb") for c in tok.children
                                   if c.dep_ == "advmod" and self.lex.field(c.lower_, "adverb")), verb_field)
            if verb_field:
                if lemma == "round" and not any(c.lower_ == "up" for c in tok.children):
                    continue
                if subject_field:  # "three civilians died", "5,000 people fled"
                    args = [c for c in tok.children if c.dep_ == "nsubj"]
                else:
                    args = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
                    if not args and tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head.pos_ == "VERB" and not any(
                            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                        # "the man was shot and killed by a deputy": the subject of the verb it is joined to (not
                        # when that verb counts another field: "25 were killed and wounded" is neither's own)
                        head_field = self.lex.field(tok.head.lemma_.lower(), "verb")
                        shared = ("nsubjpass", "nsubj") if tok.head.tag_ == "VBN" and not any(
                            c.dep_ in ("aux", "auxpass") for c in tok.head.children) else ("nsubjpass",)  # "the man shot and killed by"
                        args = [c for c in tok.head.children if c.dep_ in shared] if head_field in (None, verb_field) else []
                    if tok.tag_ == "VBN":  # headlines: "12 killed in Afrin", "4 killed by a landmine"
                        args += [c for c in tok.children if c.dep_ == "nsubj"]
                        if tok.dep_ in ("acl", "amod") and tok.head.i < tok.i:
                            args.append(tok.head)
                if args and self._shared_by_other_casualty(tok, verb_field):
                    continue  # "25 people were killed and wounded": one figure for both, neither's own
                for a in args:
                    if self._is_none(a):
                        continue  # "no one was killed": a zero, read by nobody()
                    q = self.quantity_of(a) or self._one(a)
                    if q is not None:
                        out.append((verb_field, self._summed(a, q), tok))
                continue
            adj_field = self.lex.field(tok.lower_, "adjective")
            if adj_field and tok.pos_ in ("ADJ", "VERB", "NOUN"):
                # "5 dead", "leaving 5 dead and 10 wounded"
                prev = tok.doc[tok.i - 1] if tok.i > 0 else None
                if prev is not None and (prev.like_num or prev.pos_ == "NUM"):
                    value = parse_number([prev])
                    if value is not None:
                        out.append((adj_field, Quantity(value, False, f"{prev.text} {tok.text}"), tok))
                continue
            noun_field = self.lex.field(lemma, "noun") if tok.pos_ == "NOUN" else None
            if noun_field:
                q = self.quantity_of(tok)
                if q is None and lemma == "toll":
                    # "the death toll rose to 30", "the toll stood at 12", "raise the death toll to 27"
                    for c in tok.head.children if tok.dep_ in ("nsubj", "dobj") else []:
                        if c.dep_ == "prep":
                            for p in c.children:
                                if p.dep_ == "pobj":
                                    q = q or self.quantity_of(p)
                        if c.dep_ in ("attr", "dobj"):
                            q = q or self.quantity_of(c)
                if q is not None:
                    for f in (("dead", "injured") if noun_field == "casualties" else (noun_field,)):
                        out.append((f, q, tok))
            part_field = self.lex.field(lemma, "participant") if tok.pos_ == "NOUN" else None
            if part_field and tok.dep_ in ("nsubj", "pobj", "dobj") and not (tok.head.pos_ == "VERB" and self.lex.field(
                    tok.head.lemma_.lower(), "verb" if tok.dep_ == "dobj" else "subject_verb")):
                # (not "..., killing at least six people", "50 people died": a casualty verb's victims are no crowd)
                q = self.quantity_of(tok)
                if q is not None:
                    out.append((part_field, q, tok))
        out = [(f, q, w) for f, q, w in out if q.value <= MAX_PEOPLE]
        for field, phrase, word in self.nobody(sent):
            if not any(f == field for f, _, _ in out):
                out.append((field, Quantity(0, False, phrase), word))
        return out

    def _is_none(self, noun: Token) -> bool:
        words = tuple(t.lower_ for t in noun.doc[noun.left_edge.i:noun.i + 1])
        return any(words[-len(p):] == p for _, _, p in self.lex.none_order if p)

    def nobody(self, sent: Span) -> list[tuple[str, str, Token]]:
        """Zero counts (kind ``none`` of counts.tsv): "no casualties were reported" (dead and injured),
        "no deaths", "nobody was hurt" (injured, and so dead too), "no one was killed" (dead); a
        nobody with no casualty verb counts nothing ("no one claimed responsibility")."""
        words = tuple(t.lower_ for t in sent)
        out: list[tuple[str, str, Token]] = []
        for phrase, field, parts in self.lex.none_order:
            at = next((k for k in range(len(words) - len(parts) + 1) if words[k:k + len(parts)] == parts), None)
            if at is None:
                continue
            tok = sent[at + len(parts) - 1]
            if field == "subject":  # the verb decides: "nobody was hurt", "no one was killed"
                field = None
                verb = tok.head
                for v in [verb, *(c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp"))]:
                    field = field or self.lex.field(v.lemma_.lower(), "verb") or self.lex.field(v.lower_, "adjective")
                if field not in ("dead", "injured"):
                    continue
            fields = ("dead", "injured") if field in ("casualties", "injured") else (field,)
            for f in fields:
                if not any(f == g for g, _, _ in out):
                    out.append((f, phrase, tok))
        return out

    def participants(self, event: Event, doc: Doc, offset: int) -> Optional[Quantity]:
        """A crowd's size on the protest's actor: "around 200 teachers held a demonstration"."""
        for a in event.actors:
            span = doc.char_span(a.start - offset, a.end - offset, alignment_mode="expand")
            if span is not None:
                q = self.quantity_of(span.root)
                if q is not None:
                    return q
        return None

    def attach(self, events: list[Event], doc: Doc) -> list[Event]:
        offset = doc._.whimbrel_offset or 0
        events = [self._with_crowd(e, doc, offset) for e in events]
        by_sentence: dict[int, list[int]] = {}
        for k, e in enumerate(events):
            by_sentence.setdefault(e.sentence_index, []).append(k)
        sents = list(doc.sents)
        base = doc._.whimbrel_sentence_offset or 0
        out = list(events)
        for sidx, keys in by_sentence.items():
            local = sidx - base
            if not 0 <= local < len(sents):
                continue
            found = self.counts(sents[local])
            if not found:
                continue
            sizes: dict[int, dict[str, object]] = {}
            claims: dict[int, list[Claim]] = {}
            for field, q, word in found:
                target = self._event_for(field, word, [out[k] for k in keys], doc, offset)
                if target is None:
                    continue
                k = keys[target]
                # every figure is a claim (its source is found by the attribution stage); the size keeps the first
                claims.setdefault(k, []).append(Claim(
                    field, q.value, q.approximate, q.low, q.high, q.text,
                    start=word.idx + offset, end=word.idx + len(word.text) + offset))
                got = sizes.setdefault(k, {"approximate": [], "text": []})
                if field in SIZE_FIELDS and got.get(field) is None:
                    got[field] = q.value
                    if q.approximate:
                        got["approximate"].append(field)  # type: ignore[union-attr]
                    got["text"].append(q.text)  # type: ignore[union-attr]
            for k, got in sizes.items():
                approx = tuple(got.pop("approximate"))  # type: ignore[arg-type]
                text = tuple(dict.fromkeys(got.pop("text")))  # type: ignore[arg-type]
                out[k] = replace(out[k], size=replace(out[k].size, approximate=approx, text=text, **got),
                                 claims=out[k].claims + tuple(claims.get(k, ())))
        return out

    def _with_crowd(self, e: Event, doc: Doc, offset: int) -> Event:
        if e.event_type != "PROTEST" or e.size.participants is not None:
            return e
        q = self.participants(e, doc, offset)
        if q is None or q.value > MAX_PEOPLE:
            return e
        claim = Claim("participants", q.value, q.approximate, q.low, q.high, q.text,
                      start=e.evidence.trigger_start, end=e.evidence.trigger_end)
        return replace(e, claims=e.claims + (claim,), size=replace(e.size, participants=q.value, text=e.size.text + (q.text,),
                                       approximate=e.size.approximate + (("participants",) if q.approximate else ())))

    @staticmethod
    def _event_for(field: str, word: Token, events: list[Event], doc: Doc, offset: int) -> Optional[int]:
        fitting = [i for i, e in enumerate(events) if e.event_type in TYPES_FOR[field]]
        if not fitting:
            return None
        # the nearest event that is, or governs, the casualty word: "killed 14 people ..., and police
        # arrested two suspects" gives the arrests to "arrested", not to "killed" that governs it too
        depth = {word.i: 0, **{a.i: k + 1 for k, a in enumerate(word.ancestors)}}
        best: Optional[tuple[int, int]] = None
        for i in fitting:
            ev = events[i].evidence
            span = doc.char_span(ev.trigger_start - offset, ev.trigger_end - offset, alignment_mode="expand")
            if span is not None and span.root.i in depth and (best is None or depth[span.root.i] < best[0]):
                best = (depth[span.root.i], i)
        if best is not None:
            return best[1]
        asserted = [i for i in fitting if events[i].modality in ("asserted", "historical")]
        return (asserted or fitting)[0]


@Language.factory("whimbrel_counts", assigns=["doc._.whimbrel_events"], requires=["doc._.whimbrel_events"],
                  default_config={"lexicon_files": []})
def make_counter(nlp: Language, name: str, lexicon_files: list[str]):
    register_extensions()
    reader = CountReader(load_count_lexicon(tuple(lexicon_files)))

    @guarded("whimbrel_counts")
    def whimbrel_counts(doc: Doc) -> Doc:
        doc._.whimbrel_events = reader.attach(doc._.whimbrel_events or [], doc)
        return doc

    return whimbrel_counts
