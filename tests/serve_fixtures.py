"""A small store for the API and browser tests, built through whimbrel's own coder and store
from articles written for these tests (in the style of wire reports; no real article's text)."""

from __future__ import annotations

from pathlib import Path

from whimbrel.records import Document

ARTICLES = [
    Document(
        id="kharkiv", published="2024-03-14", outlet="Test Wire", url="https://news.example/kharkiv-strike",
        title="Missile strike hits Kharkiv power station",
        text=("Russian forces fired missiles at a power station in Kharkiv on Tuesday, killing three workers, "
              "Ukrainian officials said.\n\n"
              "The Ukrainian foreign ministry condemned the attack and called on allies to send more air defence "
              "systems.\n\n"
              "The regional governor said Russian forces had fired the missiles from across the border.\n\n"
              "Emergency crews worked through the night to restore power to the city."),
    ),
    Document(
        id="nairobi", published="2024-03-12", outlet="Daily Example", url="https://news.example/nairobi-protest",
        title="Thousands march in Nairobi over tax bill",
        text=("Thousands of protesters marched in Nairobi on Monday against a proposed tax increase, "
              "witnesses said.\n\n"
              "Police fired tear gas at demonstrators near the parliament building and arrested 40 people, "
              "according to a police statement."),
    ),
    Document(
        id="talks", published="2024-03-08", outlet="Test Wire", url="https://news.example/ceasefire-talks",
        title="Envoys meet in Doha <script>window.__pwned = 1</script>",
        text=("Egyptian and Qatari mediators met Hamas officials in Doha on Thursday to discuss a ceasefire, "
              "a diplomat said. <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">\n\n"
              "Israel rejected the proposal, an Israeli official told reporters."),
    ),
    Document(  # markup inside the sentences that carry an event and its second telling
        id="kidal", published="2024-03-14", outlet="Daily Example", url="https://news.example/kidal-attack",
        title="Police post attacked in Kidal",
        text=("Gunmen attacked a police post <img src=x onerror=\"window.__pwned = 3\"> in Kidal on Wednesday, "
              "killing two officers, a security source said.\n\n"
              "Gunmen attacked the police post <img src=x onerror=\"window.__pwned = 4\"> in Kidal on Wednesday, "
              "the regional governor said."),
    ),
]


def build_store(path: Path, coder) -> Path:
    """Code the articles with ``coder`` and write them to a new store at ``path``."""
    from whimbrel.store import Store

    with Store(path) as store:
        summary = store.write(coder.code_documents(ARTICLES))
    assert summary.articles_added == len(ARTICLES), summary
    assert summary.events_added >= 4, summary
    return path
