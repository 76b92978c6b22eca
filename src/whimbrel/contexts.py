"""PLOVER contexts at document level, from the keyword lists in
``data/ontology/contexts.tsv``.

A context is given to a document (and to each of its events) when at least
``MIN_HITS`` of its keywords occur in the text; at most ``MAX_CONTEXTS``
are kept, the most frequent first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge import Ontology, load_ontology
from .nlp import guarded, register_extensions

MIN_HITS = 2
MAX_CONTEXTS = 3


class ContextTagger:
    def __init__(self, ontology: Ontology):
        self.single: dict[str, list[str]] = {}
        self.multi: list[tuple[re.Pattern[str], str]] = []
        for context, keywords in ontology.contexts.items():
            for kw in keywords:
                if " " in kw or "-" in kw:
                    self.multi.append((re.compile(rf"\b{re.escape(kw)}\b"), context))
                else:
                    self.single.setdefault(kw, []).append(context)

    def contexts(self, doc: Doc) -> tuple[str, ...]:
        hits: Counter[str] = Counter()
        for tok in doc:
            if not tok.is_alpha:
                continue
            for key in {tok.lower_, tok.lemma_.lower()}:
                for c in self.single.get(key, ()):
                    hits[c] += 1
        lower = doc.text.lower()
        for rx, c in self.multi:
            hits[c] += len(rx.findall(lower))
        ranked = [c for c, n in hits.most_common() if n >= MIN_HITS]
        return tuple(ranked[:MAX_CONTEXTS])


@Language.factory("whimbrel_contexts", assigns=["doc._.whimbrel_contexts", "doc._.whimbrel_events"],
                  requires=["doc._.whimbrel_events"])
def make_context_tagger(nlp: Language, name: str):
    register_extensions()
    tagger = ContextTagger(load_ontology())

    @guarded("whimbrel_contexts")
    def whimbrel_contexts(doc: Doc) -> Doc:
        contexts = tagger.contexts(doc)
        doc._.whimbrel_contexts = contexts
        doc._.whimbrel_events = [replace(e, contexts=contexts) for e in doc._.whimbrel_events or []]
        return doc

    return whimbrel_contexts
