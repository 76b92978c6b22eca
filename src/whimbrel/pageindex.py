"""An in-memory index of a read-only store for pages of events (the server's ``/api/events``).

DuckDB scans every event for each page it is asked for (a count and a top-N over 100,000 events
cost a few milliseconds, most of it the scan); a server over a store that does not change while it
runs can answer from memory instead:

- **the orders**: for each order of :data:`whimbrel.query.ORDERS` the rank of every event,
  computed once (the first page in that order) by DuckDB's own ``ORDER BY``, so that ties and
  missing values sort exactly as the SQL does;
- **the event days** (days since 1970-01-01), so that date bounds are tested without SQL;
- **one bitmap per value** of the columns analysts filter on most (:data:`COLUMN_INDEXES`: event
  type, CAMEO code, quad class, place country, actor and recipient countries and sectors), built for
  all values of a column at once the first time a page filters on it (within half of ``max_bytes``);
- **one bitmap per other condition** of :func:`whimbrel.query.conditions` (a text, an outlet, a
  place, ...): the events that meet it, asked from DuckDB the first time the condition is seen and
  kept, least recently used first out, within ``max_bytes``. A bitmap has a bit per event: 12.5 kB
  for 100,000 events.

A page is then the AND of its conditions' bitmaps, a count, and the ``offset + limit`` smallest
ranks (a partial sort): well under a millisecond for 100,000 events once the bitmaps are known.
The conditions are the very SQL of :func:`whimbrel.query.where`, so a page is the one
:func:`whimbrel.query.page_rowids` gives (tests compare them over many filters).

Sound only while the store does not change: open it read-only (:func:`whimbrel.store.open_read_only`),
as ``whimbrel serve`` does; rowids name the rows of the file as opened.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Optional

import numpy as np

from .query import ORDERS, Condition, Filters, conditions, from_clause, limit_clause, order_clause

# Days since 1970-01-01 for an event without a date: outside any bound anyone asks.
_NO_DAY = np.iinfo(np.int32).min

# Columns of few values (the dashboard's filters): the first condition on one of them builds a bitmap
# for every value of the column in one query, kept for the server's life (within half of max_bytes).
# True: a list column (a value matches when it is one of the items).
COLUMN_INDEXES = {
    "e.event_type": False, "e.cameo_root": False, "e.cameo_code": False, "e.quad_class": False,
    "e.modality": False, "e.stance": False, "e.place_country": False,
    "e.actor_countries": True, "e.recipient_countries": True, "e.actor_sectors": True,
    "e.recipient_sectors": True, "e.actor_pairs": True, "e.recipient_pairs": True,
}


class PageIndex:
    """Pages of events from memory for a read-only store (see the module's docs).

    ``con`` is a DuckDB connection to the store (read-only); each method takes the connection (or
    cursor) of the calling thread for what it still has to ask DuckDB. Thread-safe.
    """

    def __init__(self, con, max_bytes: int = 32_000_000):
        got = con.execute("SELECT e.rowid AS r, coalesce((e.event_date - DATE '1970-01-01')::INTEGER, ?) AS d "
                          "FROM events e ORDER BY e.rowid", [int(_NO_DAY)]).fetchnumpy()
        self.rowids = np.asarray(got["r"], dtype=np.int64)
        self.days = np.asarray(got["d"], dtype=np.int32)
        self.size = len(self.rowids)
        self.max_bytes = max_bytes
        self._ranks: dict[str, np.ndarray] = {}
        self._bitmaps: "OrderedDict[tuple, np.ndarray]" = OrderedDict()
        self._bytes = 0
        self._columns: dict[str, Optional[dict[Any, np.ndarray]]] = {}  # None: too many values to keep
        self._column_bytes = 0
        self._lock = threading.Lock()
        self._build = threading.Lock()  # one build of a rank or a column at a time (cold start, many threads)
        self.stats = {"bitmaps_built": 0, "bitmap_hits": 0, "columns_built": 0}

    # ------------------------------------------------------------------ building blocks

    def _positions(self, rowids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.rowids, rowids)

    def rank(self, con, order: str) -> np.ndarray:
        """Each event's place (0 first) in ``order``, by DuckDB's ORDER BY; computed once per order."""
        got = self._ranks.get(order)
        if got is not None:
            return got
        with self._build:
            got = self._ranks.get(order)
            if got is not None:
                return got
            order_sql = order_clause(order)
            ids = con.execute(f"SELECT e.rowid AS r {from_clause(order_sql)} ORDER BY {order_sql}").fetchnumpy()["r"]
            got = np.full(self.size, np.iinfo(np.int32).max, dtype=np.int32)
            got[self._positions(np.asarray(ids, dtype=np.int64))] = np.arange(len(ids), dtype=np.int32)
            with self._lock:
                self._ranks[order] = got
        return got

    def bitmap(self, con, cond: Condition) -> np.ndarray:
        """The events that meet one condition: one bit per event in rowid order (``np.packbits``)."""
        if cond.day is not None:
            op, day = cond.day
            return np.packbits((self.days >= day) if op == ">=" else ((self.days <= day) & (self.days != _NO_DAY)))
        if cond.match is not None and cond.match[0] in COLUMN_INDEXES:
            values = self.column(con, cond.match[0])
            if values is not None:
                empty = np.zeros((self.size + 7) // 8, dtype=np.uint8)
                return np.bitwise_or.reduce([values.get(v, empty) for v in cond.match[1]] + [empty])
        key = (cond.sql, cond.params)
        with self._lock:
            got = self._bitmaps.get(key)
            if got is not None:
                self._bitmaps.move_to_end(key)
                self.stats["bitmap_hits"] += 1
                return got
        ids = con.execute(f"SELECT e.rowid AS r {from_clause(cond.sql)} WHERE {cond.sql}", list(cond.params)).fetchnumpy()["r"]
        bits = np.zeros(self.size, dtype=bool)
        bits[self._positions(np.asarray(ids, dtype=np.int64))] = True
        got = np.packbits(bits)
        got.flags.writeable = False
        with self._lock:
            if key not in self._bitmaps and got.nbytes <= self.max_bytes:
                self._bitmaps[key] = got
                self._bytes += got.nbytes
                self.stats["bitmaps_built"] += 1
                while self._bytes > self.max_bytes:
                    _, old = self._bitmaps.popitem(last=False)
                    self._bytes -= old.nbytes
        return got

    def column(self, con, column: str) -> Optional[dict[Any, np.ndarray]]:
        """A bitmap for each value of one of :data:`COLUMN_INDEXES` (None when they would take more
        than half of ``max_bytes`` with the others)."""
        if column in self._columns:
            return self._columns[column]
        with self._build:
            return self._columns[column] if column in self._columns else self._build_column(con, column)

    def _build_column(self, con, column: str) -> Optional[dict[Any, np.ndarray]]:
        nbytes = (self.size + 7) // 8
        rows = (f"SELECT e.rowid AS r, unnest({column}) AS v FROM events e" if COLUMN_INDEXES[column] else
                f"SELECT e.rowid AS r, {column} AS v FROM events e")
        n_values = con.execute(f"SELECT count(DISTINCT v) FROM ({rows})").fetchall()[0][0]
        got: Optional[dict[Any, np.ndarray]] = None
        if self._column_bytes + n_values * nbytes <= self.max_bytes // 2:  # (builds are one at a time)
            got = {}
            for value, ids in con.execute(f"SELECT v, list(r) FROM ({rows}) WHERE v IS NOT NULL GROUP BY v").fetchall():
                bits = np.zeros(self.size, dtype=bool)
                bits[self._positions(np.asarray(ids, dtype=np.int64))] = True
                got[value] = np.packbits(bits)
                got[value].flags.writeable = False
        with self._lock:
            if column not in self._columns:
                self._columns[column] = got
                self._column_bytes += len(got or ()) * nbytes
                self.stats["columns_built"] += got is not None
            return self._columns[column]

    def matches(self, con, filters: Optional[Filters]) -> Optional[np.ndarray]:
        """The positions (in rowid order) of the events that meet every filter (None: all of them)."""
        mask = None
        for cond in conditions(filters):
            bits = self.bitmap(con, cond)
            mask = bits.copy() if mask is None else np.bitwise_and(mask, bits, out=mask)
        return None if mask is None else np.flatnonzero(np.unpackbits(mask, count=self.size))

    # ------------------------------------------------------------------ pages

    def page_rowids(self, con, filters: Optional[Filters] = None, limit: Optional[int] = 100, offset: int = 0,
                    order: str = "date") -> tuple[list[int], int]:
        """As :func:`whimbrel.query.page_rowids`: the rowids of a page of matching events, in order,
        and the total over all pages."""
        limit_clause(limit, offset)  # checks both
        if order not in ORDERS:
            order_clause(order)  # raises the query module's error
        positions = self.matches(con, filters)
        if positions is None:
            positions = np.arange(self.size)
        total = int(len(positions))
        if limit == 0 or offset >= total:
            return [], total
        ranks = self.rank(con, order)[positions]
        wanted = total if limit is None else min(total, offset + limit)
        if wanted < total:
            first = np.argpartition(ranks, wanted - 1)[:wanted]
            positions, ranks = positions[first], ranks[first]
        page = positions[np.argsort(ranks, kind="stable")][offset:wanted]
        return self.rowids[page].tolist(), total

    def info(self) -> dict[str, Any]:
        with self._lock:
            return {"events": self.size, "orders": sorted(self._ranks), "bitmaps": len(self._bitmaps),
                    "bitmap_bytes": self._bytes, "columns": sorted(c for c, v in self._columns.items() if v),
                    "column_bytes": self._column_bytes, **self.stats}


class RecordTexts:
    """Every stored event record (JSON text) of a read-only store in memory, by rowid: a page's records
    without a DuckDB query (a point read there scans the rowids of the whole table: ~4 ms for 50
    records of 100,000). Loaded in one scan (~0.3 s for 100,000 events) when they total at most
    ``max_bytes`` of text; :meth:`load` returns None for a larger store, whose records the caller
    reads from DuckDB."""

    def __init__(self, rowids: np.ndarray, texts: Any):
        self.rowids, self.texts = rowids, texts  # sorted rowids; a pyarrow (large) string array in that order
        self.nbytes = int(texts.nbytes)

    @classmethod
    def load(cls, con, max_bytes: int) -> Optional["RecordTexts"]:
        if max_bytes <= 0:
            return None
        size = con.execute("SELECT coalesce(sum(strlen(record)), 0) FROM events").fetchall()[0][0]
        if size > max_bytes:
            return None
        table = con.sql("SELECT rowid AS r, record FROM events ORDER BY rowid").to_arrow_table()
        rowids = np.asarray(table.column("r").to_numpy(), dtype=np.int64)
        return cls(rowids, table.column("record").combine_chunks())

    def get_many(self, rowids: list[int]) -> list[Optional[str]]:
        """The records of these rowids, in order (None for a rowid not in the store)."""
        if not rowids:
            return []
        if not len(self.rowids):
            return [None] * len(rowids)
        wanted = np.asarray(rowids, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.rowids, wanted), len(self.rowids) - 1)
        texts = self.texts.take(at).to_pylist()
        return [t if found else None for t, found in zip(texts, self.rowids[at] == wanted)]

    def put_many(self, items: dict[int, str]) -> None:
        """Nothing to keep: every record of the store is here already."""
