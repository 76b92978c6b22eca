"""The pipeline: documents in, coded events out.

:class:`Coder` holds one loaded spaCy pipeline with whimbrel's components
and codes single texts (:meth:`Coder.code`) or streams of documents
(:meth:`Coder.code_documents`, batched through ``nlp.pipe``; with
``n_process > 1`` each worker process loads the model once and codes
whole batches). Output order always follows input order; a bad document
becomes a :class:`Rejection` and never stops the stream.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import functools
import itertools
import logging
from dataclasses import replace
from typing import Any, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from . import attribution, contexts, counts, dates, events, places  # noqa: F401  (registers the components)
from .dedup import merge_mentions
from .focus import fill_focus, fill_short_mentions
from .errors import REJECT_BAD_FIELD, REJECT_INTERNAL, ConfigError
from .knowledge import check_extra_files
from .ingest import Item, split_pieces, to_article
from .nlp import load_model
from .screen import TriggerScreen
from .records import Article, CodedDocument, Document, Event, Rejection, with_event_ids
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

# whimbrel's components, in pipeline order, after the model's own.
COMPONENTS = ("whimbrel_events", "whimbrel_places", "whimbrel_counts", "whimbrel_contexts", "whimbrel_dates",
              "whimbrel_attribution")
LEXICON_TABLES = ("lexicon/triggers.tsv", "lexicon/support_verbs.tsv", "lexicon/speech_verbs.tsv", "lexicon/modality.tsv",
                  "lexicon/recipient_preps.tsv", "lexicon/instruments.tsv", "lexicon/embedding.tsv",
                  "lexicon/intentions.tsv", "lexicon/types.tsv", "lexicon/anonymous_sources.tsv",
                  "lexicon/topic_heads.tsv", "lexicon/counts.tsv", "lexicon/quantities.tsv")
ACTOR_TABLES = ("actors/countries.tsv", "actors/metonyms.tsv", "actors/sectors.tsv", "actors/organizations.tsv",
                "actors/people.tsv", "actors/peoples.tsv", "actors/domestic_markers.tsv")


def add_components(nlp: Language, settings: Settings) -> Language:
    """Add whimbrel's components to a loaded English pipeline (idempotent)."""
    files = {"lexicon_files": list(settings.lexicon_files), "actor_files": list(settings.actor_files)}
    if "whimbrel_caps_names" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_caps_names", first=True)  # before the model reads the words
    if "parser" in nlp.pipe_names and "whimbrel_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_paragraphs", before="parser")
    for name in COMPONENTS:
        if name in nlp.pipe_names:
            continue
        config = files if name in ("whimbrel_events", "whimbrel_attribution") else {}
        if name == "whimbrel_counts":
            config = {"lexicon_files": list(settings.lexicon_files)}
        if name == "whimbrel_places":
            config = {"actor_files": list(settings.actor_files), "place_files": list(settings.place_files)}
        nlp.add_pipe(name, config=config)
    return nlp


def _as_document(item: Union[Document, str, dict[str, Any]], n: int) -> Union[Document, Rejection]:
    if isinstance(item, Document):
        fields = {k: _as_text(getattr(item, k)) for k in ("published", "title", "url", "outlet", "author")}
        if not isinstance(item.text, str):
            return Rejection(item.id, "ingest", REJECT_BAD_FIELD, "'text' is not a string", item.where)
        return replace(item, id=item.id if item.id is not None else str(n), **fields)
    if isinstance(item, str):
        return Document(text=item, id=str(n))
    if isinstance(item, dict):
        known = {k: item.get(k) for k in ("text", "id", "published", "title", "url", "outlet", "author")}
        known["id"] = str(known["id"]) if known.get("id") is not None else str(n)
        if not isinstance(known["text"], str):
            return Rejection(known["id"], "ingest", REJECT_BAD_FIELD, "missing 'text' (a string)")
        for k in ("published", "title", "url", "outlet", "author"):
            known[k] = _as_text(known[k])
        return Document(**known)
    return Rejection(str(n), "ingest", REJECT_BAD_FIELD,
                     f"cannot code a {type(item).__name__}: give a str, a dict or a Document")


def _as_text(value: Any) -> Optional[str]:
    """Metadata as text: a date object becomes its ISO form, anything else its str()."""
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class Coder:
    """A loaded pipeline that codes documents into events."""

    def __init__(self, settings: Optional[Settings] = None, nlp: Optional[Language] = None):
        self.settings = settings or load_settings()
        check_extra_files(self.settings.lexicon_files, LEXICON_TABLES)
        check_extra_files(self.settings.actor_files, ACTOR_TABLES)
        self._nlp = add_components(nlp, self.settings) if nlp is not None else None
        self._custom_nlp = nlp is not None
        self._screen: Union[TriggerScreen, None, bool] = False  # False: not built yet

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = add_components(load_model(self.settings), self.settings)
        return self._nlp

    @property
    def screen(self) -> Optional[TriggerScreen]:
        """The trigger screen of this pipeline (None: every document goes through the model)."""
        if self._screen is False:
            self._screen = (TriggerScreen.build(self.nlp, self.settings.lexicon_files)
                            if self.settings.screen_documents else None)
        return self._screen  # type: ignore[return-value]

    # ------------------------------------------------------------------ single text

    def code(self, text: str, published: Optional[str] = None, title: Optional[str] = None,
             url: Optional[str] = None) -> list[Event]:
        """Code one article. Raises :class:`~whimbrel.errors.InputError` if the text is unusable."""
        from .errors import InputError

        result = next(self.code_documents([Document(text=text, id="0", published=published, title=title, url=url)]))
        if result.rejection is not None:
            raise InputError(f"The text cannot be coded: {result.rejection.reason}.",
                             "Pass a non-empty English news text.", code="E005")
        return list(result.events)

    # ------------------------------------------------------------------ many documents

    def code_documents(self, items: Iterable[Union[Item, str, dict[str, Any]]], n_process: Optional[int] = None,
                       batch_size: Optional[int] = None) -> Iterator[CodedDocument]:
        """Code a stream of documents, in order. Rejections from ingest pass through."""
        n_process = n_process or self.settings.n_process
        batch_size = batch_size or self.settings.batch_size
        numbered = (self._normalise(item, n) for n, item in enumerate(items))
        if n_process <= 1:
            yield from self._code_stream(numbered, batch_size)
            return
        if self._custom_nlp:
            raise ConfigError("A Coder built on your own spaCy pipeline codes in one process only.",
                              "Use n_process=1, or give the model's name in the settings so that workers can load it.")
        yield from self._code_parallel(numbered, n_process, batch_size)

    @staticmethod
    def _normalise(item: Union[Item, str, dict[str, Any]], n: int) -> Union[Document, Rejection]:
        return item if isinstance(item, Rejection) else _as_document(item, n)

    def _code_stream(self, items: Iterable[Union[Document, Rejection]], batch_size: int) -> Iterator[CodedDocument]:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        settings = self.settings
        # Input order, filled lazily as nlp.pipe pulls texts: (document, article, pieces) or (rejection, None, 0).
        queue: list[tuple[Union[Document, Rejection], Optional[Article], int]] = []

        def pieces() -> Iterator[Doc]:
            for item in items:
                try:
                    article = item if isinstance(item, Rejection) else to_article(item, settings, now)
                except Exception as exc:  # noqa: BLE001 - one document must not stop a batch
                    article = Rejection(getattr(item, "id", None), "ingest", REJECT_INTERNAL,
                                        f"could not read the document ({type(exc).__name__}: {exc}); please report it",
                                        getattr(item, "where", None))
                if isinstance(article, Rejection):
                    queue.append((article, None, 0))
                    continue
                parts = split_pieces(article.text, settings.piece_chars)
                made = [self.nlp.make_doc(text) for _offset, text in parts]
                if screen is not None and not any(screen.may_hold_events(doc) for doc in made):
                    queue.append((item, article, 0))  # no word of it could start an event: coded, no events
                    continue
                queue.append((item, article, len(parts)))
                for (offset, _text), doc in zip(parts, made):
                    doc._.whimbrel_published = article.published[:10] if article.published else None
                    doc._.whimbrel_article_id = article.article_id
                    doc._.whimbrel_offset = offset
                    doc._.whimbrel_events_only = settings.screen_documents  # only events are kept (nlp.guarded)
                    yield doc

        screen = self.screen
        # nlp.pipe is lazy and ordered: pieces come out in the order they went in.
        docs = iter(self.nlp.pipe(pieces(), batch_size=batch_size))
        done = 0
        while True:
            doc = next(docs, None)
            while done < len(queue) and not queue[done][2]:  # rejected, or screened out: no pieces to wait for
                first, screened, _ = queue[done]
                if screened is None:
                    yield CodedDocument(document=_placeholder(first), rejection=first)  # type: ignore[arg-type]
                else:
                    yield CodedDocument(document=first, article=screened, events=())  # type: ignore[arg-type]
                done += 1
            if doc is None:
                break
            item, article, n_pieces = queue[done]
            coded = self._collect(doc, article, n_pieces, docs)  # type: ignore[arg-type]
            if isinstance(coded, Rejection):
                yield CodedDocument(document=item, article=article, rejection=replace(coded, where=item.where))  # type: ignore[union-attr,arg-type]
            else:
                yield CodedDocument(document=item, article=article, events=tuple(coded))  # type: ignore[arg-type]
            done += 1

    def _collect(self, first: Doc, article: Article, n_pieces: int, docs: Iterator[Doc]) -> Union[list[Event], Rejection]:
        """Events of all pieces of one article, with document-wide sentence indices."""
        out: list[Event] = []
        failure: Optional[str] = None
        sentence_base = 0
        doc = first
        for k in range(n_pieces):
            if k:
                doc = next(docs)
            failure = failure or doc._.whimbrel_error
            for e in doc._.whimbrel_events or []:
                out.append(replace(e, sentence_index=e.sentence_index + sentence_base) if sentence_base else e)
            sentence_base += sum(1 for _ in doc.sents)
        if failure:
            return Rejection(article.doc_id, "code", REJECT_INTERNAL, f"coding failed ({failure}); please report it",
                             article_id=article.article_id)
        out = with_event_ids(out) if sentence_base and n_pieces > 1 else out
        if self.settings.dedup:
            out = merge_mentions(out, max_km=self.settings.cluster_max_km)
        out = fill_short_mentions(out)
        if self.settings.focus_fill:
            out = fill_focus(out, self.settings.actor_files, self.settings)
        if not self.settings.include_unasserted:
            out = [e for e in out if e.modality not in ("negated", "hypothetical")]
        if self.settings.min_confidence:
            out = [e for e in out if e.confidence >= self.settings.min_confidence]
        return out

    def _code_parallel(self, items: Iterable[Union[Document, Rejection]], n_process: int,
                       batch_size: int) -> Iterator[CodedDocument]:
        places.build_gazetteer()  # once, here: workers only open it
        ctx = None
        try:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
        except ValueError:  # platforms without fork
            ctx = None
        # Forked workers inherit this process's loaded pipeline (as spaCy's own n_process does) instead
        # of each loading the model and the knowledge again; elsewhere each worker loads its own.
        if ctx is not None:
            _ = self.nlp, self.screen  # loaded here, once: the forked workers inherit both
        inherited = (self,) if ctx is not None else ()
        with cf.ProcessPoolExecutor(max_workers=n_process, mp_context=ctx, initializer=_init_worker,
                                    initargs=(self.settings, *inherited)) as pool:
            batches = _batched(items, batch_size)
            pending: list[cf.Future[list[CodedDocument]]] = []
            for batch in batches:
                pending.append(pool.submit(_code_batch, batch))
                if len(pending) >= 2 * n_process:  # bounded memory: a few batches in flight
                    yield from pending.pop(0).result()
            for fut in pending:
                yield from fut.result()


def _placeholder(rejection: Rejection) -> Document:
    return Document(text="", id=rejection.doc_id, where=rejection.where)


def _batched(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(itertools.islice(it, n)):
        yield batch


_WORKER: dict[str, Coder] = {}


def _init_worker(settings: Settings, coder: Optional[Coder] = None) -> None:
    _WORKER["coder"] = coder if coder is not None else Coder(settings)
    _ = _WORKER["coder"].nlp


def _code_batch(batch: list[Union[Document, Rejection]]) -> list[CodedDocument]:
    return list(_WORKER["coder"]._code_stream(batch, len(batch)))


@functools.lru_cache(maxsize=1)
def default_coder() -> Coder:
    """The coder used by :func:`whimbrel.code`: settings from the user's layers, model loaded once."""
    return Coder(load_settings())
