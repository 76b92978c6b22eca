"""Output formats for coded events: JSON lines (the stream format), JSON, a table."""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, TextIO

from .records import Actor, Event, to_dict


def event_json(event: Event, doc_id: Optional[str] = None) -> dict[str, Any]:
    """The record as JSON, with ``doc_id`` first (the ``--jsonl`` contract)."""
    data = to_dict(event)
    return {"doc_id": doc_id, **data} if doc_id is not None else data


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(events: Iterable[tuple[Optional[str], Event]], out: TextIO) -> int:
    n = 0
    for doc_id, event in events:
        out.write(dumps(event_json(event, doc_id)))
        out.write("\n")
        n += 1
    return n


def _actors(actors: Iterable[Actor]) -> str:
    parts = []
    for a in actors:
        code = a.code or (a.country if a.country and a.country != "UNK" else "")
        parts.append(f"{a.text} [{code}]" if code else a.text)
    return "; ".join(parts)


def table_rows(events: Iterable[tuple[Optional[str], Event]]) -> list[list[str]]:
    rows = []
    for doc_id, e in events:
        kind = e.event_type + (f" ({e.mode})" if e.mode else "")
        if e.modality != "asserted":
            kind += f" [{e.modality}]"
        source = ""
        if e.attribution.stance != "asserted":
            source = f"{e.attribution.stance}: {e.attribution.text or ''}" + (" (anon.)" if e.attribution.anonymous else "")
        where = ""
        if e.location is not None:
            where = f"{e.location.name or e.location.text} [{e.location.country or '?'}]"
        rows.append([doc_id or "", str(e.sentence_index), kind, e.cameo_code, _actors(e.actors), e.evidence.trigger,
                     _actors(e.recipients), where, (e.date.value or "") if e.date else "", source])
    return rows


TABLE_HEADER = ["doc", "sent", "event", "cameo", "actor", "trigger", "recipient", "where", "date", "according to"]


def render_table(events: Iterable[tuple[Optional[str], Event]], out: TextIO, width: Optional[int] = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for name in TABLE_HEADER:
        table.add_column(name, overflow="fold")
    for row in table_rows(events):
        table.add_row(*(escape(cell) for cell in row))  # "[negated]" and article text are not markup
    if width is None and not (hasattr(out, "isatty") and out.isatty()):
        width = 160  # a file or a pipe: wide enough to read, never squeezed to 80 columns
    Console(file=out, width=width, soft_wrap=False).print(table)
