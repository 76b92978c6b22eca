"""Shared fixtures: the real English model is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def gazetteer_dir(request):
    """Build the gazetteer index once, into pytest's cache, never into the user's home; the
    variable is inherited by the `whimbrel` processes that the CLI tests start."""
    path = request.config.cache.mkdir("whimbrel-data")
    old = os.environ.get("WHIMBREL_DATA_DIR")
    os.environ["WHIMBREL_DATA_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("WHIMBREL_DATA_DIR", None)
    else:
        os.environ["WHIMBREL_DATA_DIR"] = old


@pytest.fixture(scope="session")
def coder():
    from whimbrel.pipeline import Coder
    from whimbrel.settings import Settings

    c = Coder(Settings())
    _ = c.nlp  # load now, once
    return c


@pytest.fixture(scope="session")
def code(coder):
    """Code a text (published 2024-03-14, a Thursday) and return its events."""

    def run(text: str, published: str = "2024-03-14"):
        return coder.code(text, published=published)

    return run


def only(events, event_type=None):
    """The single event (of a type), failing with the coded events shown."""
    chosen = [e for e in events if event_type is None or e.event_type == event_type]
    assert len(chosen) == 1, [(e.event_type, e.evidence.trigger, [a.text for a in e.actors]) for e in events]
    return chosen[0]


def countries(actors):
    return sorted(a.country for a in actors)
