"""Attribution: who says an event happened, and how.

The ``whimbrel_attribution`` component finds, for each event, the speech
verb whose clause holds it ("X said (that) ...", "..., Y claimed") or an
"according to X" phrase, and records the source (text and resolved actor),
whether it is anonymous ("a US official", "speaking on condition of
anonymity") and the stance: ``reported`` (say, tell, report), ``claimed``
(claim, allege), ``denied`` (deny), ``confirmed`` (confirm, admit), or
``asserted`` when the outlet says it in its own voice.

"X said Y attacked Z" stays Y -> Z ASSAULT with X as the source; it is not
turned into an event by X.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from .actors import ActorIndex, load_actor_index
from .events import Lexicon, load_lexicon, phrase_tokens
from .knowledge import read_table
from .nlp import guarded, register_extensions
from .records import Attribution, Claim, Event

UP_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "compound", "amod",
                     "appos", "dep"})


@functools.lru_cache(maxsize=4)
def anonymous_terms(extra: tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(r["term"].lower() for r in read_table("lexicon/anonymous_sources.tsv", extra))


def _speakers(verb: Token) -> list[Token]:
    """Who speaks: the subject of an active speech verb, or the agent of a passive one ("was
    reported by state media"); never the passive subject ("No casualties were reported")."""
    subj = [s for s in verb.children if s.dep_ == "nsubj"]
    if subj:
        return subj  # (a speaker like "no group" is dropped by the caller)
    agent = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if agent or verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "conj"):
        return agent
    # a participle speaks for its clause's subject: "the agency gave a higher figure, claiming that ..."
    return [s for s in verb.head.children if s.dep_ == "nsubj"]


class Attributor:
    def __init__(self, lexicon: Lexicon, actors: ActorIndex, anonymous: frozenset[str]):
        self.lex = lexicon
        self.actors = actors
        self.anonymous = anonymous

    def source_for(self, trigger: Token) -> Optional[tuple[Token, str]]:
        """The head of the source phrase and the stance, if the event is reported."""
        tok = trigger
        for c in (*trigger.children, *(trigger.head.children if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else ())):
            if c.dep_ == "advmod" and c.pos_ == "ADV" and self.lex.lemma(c) in self.lex.speech:
                return c, self.lex.speech[self.lex.lemma(c)]  # "troops reportedly killed", "allegedly beat": no source
        for _ in range(8):
            for c in tok.children:
                if c.lower_ == "according" and c.dep_ in ("prep", "advcl", "advmod"):
                    pobj = [p for to in c.children if to.lower_ == "to" for p in to.children if p.dep_ == "pobj"]
                    if pobj:
                        return pobj[0], "reported"
                if c.dep_ in ("parataxis", "advcl", "ccomp") and self.lex.lemma(c) in self.lex.speech and c.i > trigger.i \
                        and not (c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children)):
                    # "X attacked Y, the army said"; not a clause of its own ("..., while activists said ...")
                    subj = _speakers(c)
                    if subj:
                        return subj[0], self.lex.speech[self.lex.lemma(c)]
            if tok.dep_ not in UP_DEPS or tok.head.i == tok.i:
                break
            head = tok.head
            if self.lex.lemma(head) in self.lex.speech and tok.dep_ == "prep" \
                    and any(c.dep_ == "pcomp" and self.lex.lemma(c) in self.lex.speech for c in tok.children):
                # "SANA quoted a military source as saying that ...": the source quoted speaks
                quoted = [c for c in head.children if c.dep_ == "dobj"]
                if quoted:
                    return quoted[0], self.lex.speech[self.lex.lemma(head)]
            if self.lex.lemma(head) in self.lex.speech and tok.dep_ in ("ccomp", "xcomp", "advcl", "dobj", "nsubjpass", "dep"):
                # "X said (that) ...", "reported the attack", "the attack was reported by state media" (an agent only)
                subj = _speakers(head)
                if subj:
                    return subj[0], self.lex.speech[self.lex.lemma(head)]
            tok = head
        return None

    def attribution_at(self, start: int, end: int, doc: Doc, date: Optional[str]) -> Optional[Attribution]:
        """The source of what is told at document offsets ``start``-``end`` (an event's trigger, a
        casualty word), or None when the outlet tells it in its own voice."""
        offset = doc._.whimbrel_offset or 0
        span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
        if span is None:
            return None
        found = self.source_for(span.root)
        if found is None:
            return None
        head, stance = found
        if head.pos_ == "ADV":
            return Attribution(text=None, source_actor=None, anonymous=False, stance=stance)
        if any(c.dep_ == "det" and self.lex.modality.get("det", {}).get(c.lower_) == "negated" for c in head.children):
            return None  # "no group has claimed responsibility for the attack": nobody tells it
        toks = phrase_tokens(head)
        actor = self.actors.resolve(toks, head, date)
        actor = replace(actor, start=actor.start + offset, end=actor.end + offset)
        heads = [head] + [c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]  # "media reports and doctors"
        named = any(h.pos_ == "PROPN" or any(t.ent_type_ == "PERSON" for t in phrase_tokens(h)) for h in heads)
        unnamed_word = any(h.lemma_.lower() in self.anonymous or h.lower_ in self.anonymous for h in heads)
        sentence = " ".join(span.sent.text.lower().split())
        anonymous = any(p in sentence for p in self.anonymous if " " in p) or (not named and unnamed_word)
        text = actor.text
        if len(heads) > 1:
            last = phrase_tokens(heads[-1])[-1]
            text = doc[phrase_tokens(head)[0].i:last.i + 1].text
        return Attribution(text=text, source_actor=actor, anonymous=bool(anonymous), stance=stance)

    def attribute(self, event: Event, doc: Doc, date: Optional[str]) -> Event:
        found = self.attribution_at(event.evidence.trigger_start, event.evidence.trigger_end, doc, date)
        if found is not None:
            event = replace(event, attribution=found)
        return replace(event, claims=self.claims_with_sources(event, doc, date)) if event.claims else event

    def claims_with_sources(self, event: Event, doc: Doc, date: Optional[str]) -> tuple[Claim, ...]:
        """Each figure's own source ("the ministry said 12 were killed, while activists put the toll
        at 30": two claims), else the event's; the first figure per field and source is kept."""
        out: dict[tuple[str, Optional[str], str], Claim] = {}
        for c in event.claims:
            att = (self.attribution_at(c.start, c.end, doc, date) if c.start is not None and c.end is not None
                   else None) or event.attribution
            c = replace(c, source=att.text, source_actor=att.source_actor, anonymous=att.anonymous, stance=att.stance)
            out.setdefault((c.field, c.source, c.stance), c)
        return tuple(out.values())


@Language.factory("whimbrel_attribution", assigns=["doc._.whimbrel_events"], requires=["doc._.whimbrel_events"],
                  default_config={"lexicon_files": [], "actor_files": []})
def make_attributor(nlp: Language, name: str, lexicon_files: list[str], actor_files: list[str]):
    register_extensions()
    attributor = Attributor(load_lexicon(tuple(lexicon_files)), load_actor_index(tuple(actor_files)),
                            anonymous_terms(tuple(lexicon_files)))

    @guarded("whimbrel_attribution")
    def whimbrel_attribution(doc: Doc) -> Doc:
        date = doc._.whimbrel_published
        doc._.whimbrel_events = [attributor.attribute(e, doc, date) for e in doc._.whimbrel_events or []]
        return doc

    return whimbrel_attribution
