"""whimbrel: news articles in, political event data out.

    >>> import whimbrel
    >>> events = whimbrel.code("Government troops shelled the rebel-held town of Ariha on Tuesday.",
    ...                        published="2024-03-14")
    >>> events[0].event_type, events[0].cameo_code
    ('ASSAULT', '194')

See ``docs/python.md`` for the library guide and ``docs/record.md`` for the record.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional, Union

from .errors import WhimbrelError
from .records import (Actor, Article, Attribution, CodedDocument, Document, Event, EventDate, Evidence, Place,
                      Rejection, Size, to_dict)
from .settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Attribution", "CodedDocument", "Coder", "Document", "Event", "EventDate", "Evidence",
    "Place", "Rejection", "Settings", "Size", "WhimbrelError", "code", "code_documents", "load_settings", "to_dict",
]


def __getattr__(name: str) -> Any:
    # The pipeline imports spaCy; load it only when it is used.
    if name == "Coder":
        from .pipeline import Coder

        return Coder
    raise AttributeError(name)


def code(text: str, published: Optional[str] = None, title: Optional[str] = None,
         url: Optional[str] = None) -> list[Event]:
    """Code one news article; returns its events in text order.

    ``published`` (YYYY-MM-DD or an ISO time) anchors relative dates such as
    "Thursday". The model is loaded once per process with the user's
    settings; use :class:`Coder` for explicit settings.
    """
    from .pipeline import default_coder

    return default_coder().code(text, published=published, title=title, url=url)


def code_documents(documents: Iterable[Union[Document, str, dict[str, Any]]], n_process: Optional[int] = None,
                   batch_size: Optional[int] = None) -> Iterator[CodedDocument]:
    """Code many documents (batched through ``nlp.pipe``), in input order; ``n_process``
    defaults to the ``n_process`` setting."""
    from .pipeline import default_coder

    return default_coder().code_documents(documents, n_process=n_process, batch_size=batch_size)
