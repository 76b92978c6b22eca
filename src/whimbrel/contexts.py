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
        self.multi: dict[str, list[str]] = {}  # multi-word keywords, found by one regex per document
        for context, keywords in ontology.contexts.items():
            for kw in keywords:
                table = self.multi if (" " in kw or "-" in kw) else self.single
                table.setdefault(kw, []).append(context)
        alternatives = "|".join(re.escape(kw) for kw in sorted(self.multi, key=len, reverse=True))
        self.multi_rx = re.compile(rf"\b(?:{alternatives})\b") if alternatives else None

    def contexts(self, doc: Doc) -> tuple[str, ...]:
        hits: Counter[str] = Counter()
        for tok in doc:
            if not tok.is_alpha:
                continue
            for key in {tok.lower_, tok.lemma_.lower()}:
                for c in self.single.get(key, ()):
                    hits[c] += 1
        if self.multi_rx is not None:
            for m in self.multi_rx.finditer(doc.text.lower()):
                for c in self.multi[m.group(0)]:
                    hits[c] += 1
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
