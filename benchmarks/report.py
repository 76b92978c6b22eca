"""Sections of ``docs/benchmarks.md`` written by separate benchmark scripts.

``run.py`` renders the coder's scores and rewrites the file; the other
benchmarks (ingest throughput, server load, deduplication...) each own one
section between markers, so that either can be rerun without losing the
other's numbers::

    <!-- section: ingest -->
    ## Ingest at corpus scale
    ...
    <!-- /section: ingest -->
"""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
_SECTION = re.compile(r"<!-- section: (?P<key>[\w-]+) -->\n.*?<!-- /section: (?P=key) -->\n", re.S)


def sections(text: str) -> dict[str, str]:
    """The marked sections of a benchmarks page, by key, markers included."""
    return {m["key"]: m.group(0) for m in _SECTION.finditer(text)}


def wrap(key: str, markdown: str) -> str:
    return f"<!-- section: {key} -->\n{markdown.strip()}\n<!-- /section: {key} -->\n"


def write_section(key: str, markdown: str, path: Path = DOC) -> None:
    """Put one script's section into the page, replacing its earlier version."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = wrap(key, markdown)
    old = sections(text).get(key)
    text = text.replace(old, block) if old else text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def keep_sections(new_text: str, path: Path = DOC) -> str:
    """``new_text`` with the marked sections of the page at ``path`` appended (run.py rewrites the rest)."""
    if not path.exists():
        return new_text
    kept = [block for key, block in sections(path.read_text(encoding="utf-8")).items()
            if key not in sections(new_text)]
    return new_text.rstrip("\n") + "\n" + "".join("\n" + b for b in kept)
