"""Which documents cannot hold an event, told from their words alone, before the model runs.

The event coder starts every event at a token whose lemma or lower-cased form is a trigger
word of the lexicon (``lexicon/triggers.tsv``, keyed by a trigger's last word), or at a
verb under a deontic auxiliary ("must"). A token's lemma comes from the model's lemmatizer
(rules and exceptions per part of speech, plus the attribute ruler's fixed lemmas) and is
corrected from the surface form (``events._inflection_bases``). :class:`TriggerScreen`
computes, for each distinct word form, every lemma those could give it under any part of
speech; a document none of whose tokens could become a trigger is coded as having no
events without tagging, parsing or recognising its entities. The answer is the coder's
own, only sooner: a document the screen passes is coded as before, and one it stops would
have given no event (a test compares both on a corpus).

The screen is built only for pipelines whose lemmas it can foresee (a rule-based
lemmatizer and attribute-ruler lemmas keyed by word); otherwise every document passes.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .events import _inflection_bases, load_lexicon

__all__ = ["TriggerScreen"]


class TriggerScreen:
    """``may_hold_events(doc)``: could any token of this tokenised document start an event?"""

    def __init__(self, keys: frozenset[str], rules: list[tuple[str, str]], exceptions: list[dict],
                 fixed: dict[str, set[str]]):
        self.keys = keys  # trigger words and deontic auxiliaries
        self.rules = rules  # (suffix, replacement) of every part of speech
        self.exceptions = exceptions  # form -> lemmas tables of every part of speech
        self.fixed = fixed  # lower-cased form -> lemmas the attribute ruler sets
        self.cache: dict[int, bool] = {}

    @classmethod
    def build(cls, nlp: Language, lexicon_files: tuple[str, ...] = ()) -> Optional["TriggerScreen"]:
        """The screen for this pipeline and lexicon, or ``None`` when its lemmas cannot be foreseen."""
        if "lemmatizer" not in nlp.component_names:
            return None
        lem = nlp.get_pipe("lemmatizer")
        if getattr(lem, "mode", None) != "rule" or not hasattr(lem, "lookups"):
            return None
        lex = load_lexicon(tuple(lexicon_files))
        keys = {w for (w, _pos) in lex.triggers}
        keys |= lex.deontic
        rules_table = lem.lookups.get_table("lemma_rules", {})
        exc_table = lem.lookups.get_table("lemma_exc", {})
        rules = sorted({(old, new) for table in rules_table.values() for old, new in table})
        exceptions = list(exc_table.values())
        fixed: dict[str, set[str]] = {}
        if "attribute_ruler" in nlp.component_names:
            ruler = nlp.get_pipe("attribute_ruler")
            for entry in getattr(ruler, "patterns", ()):
                lemma = entry["attrs"].get("LEMMA")
                if not isinstance(lemma, str):
                    continue
                for pattern in entry["patterns"]:
                    index = entry.get("index", 0)
                    spec = pattern[index] if -len(pattern) <= index < len(pattern) else {}
                    words = spec.get("LOWER", spec.get("ORTH", spec.get("TEXT")))
                    if isinstance(words, dict) and list(words) == ["IN"]:
                        words = words["IN"]
                    elif isinstance(words, str):
                        words = [words]
                    else:
                        words = None
                    if words is None:
                        if lemma.lower() in keys:
                            return None  # a trigger lemma set on tokens we cannot name: no screening
                        continue
                    for w in words:
                        fixed.setdefault(w.lower(), set()).add(lemma.lower())
        return cls(frozenset(keys), rules, exceptions, fixed)

    def lemmas(self, form: str) -> set[str]:
        """Every lemma the pipeline and the coder could give a lower-cased word form."""
        out = {form, *_inflection_bases(form), *self.fixed.get(form, ())}
        for old, new in self.rules:
            if form.endswith(old):
                out.add(form[: len(form) - len(old)] + new)
        for table in self.exceptions:
            out.update(table.get(form, ()))
        return {x.lower() for x in out}

    def may_hold_events(self, doc: Doc) -> bool:
        cache = self.cache
        for tok in doc:
            hit = cache.get(tok.lower)
            if hit is None:
                if len(cache) > 500_000:
                    cache.clear()
                hit = cache[tok.lower] = bool(self.lemmas(tok.lower_) & self.keys)
            if hit:
                return True
        return False
