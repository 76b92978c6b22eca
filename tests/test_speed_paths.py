"""The two shortcuts of the model's path give exactly what the long way gives.

``nlp.TokenAttributes`` stands in for the model's attribute ruler and lemmatizer, and
``screen.TriggerScreen`` codes documents without a possible trigger word as eventless
without running the model. Both must be invisible in the output.
"""

import dataclasses
import json
from pathlib import Path

import pytest
import spacy

from whimbrel.nlp import TokenAttributes, resolve_model_name, speed_up
from whimbrel.pipeline import Coder
from whimbrel.records import Document, to_dict
from whimbrel.screen import TriggerScreen

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent

# Written for these tests: the ruler's multi-token patterns ("There are", "gonna", "ain't",
# "Let's", "y'all"), auxiliaries, space tokens, proper nouns, irregular verbs.
ODD = [
    "There are reports that troops fought rebels overnight. There were no casualties.\n\n"
    "\"We ain't gonna leave,\" one villager said. \"Let's wait,\" said another; y'all know why.",
    "  Police   had   struck\n\nprotesters with batons.\nBut it did not stop them; it will not.",
    "The U.S. Treasury's sanctions hit Iran's oil sales, which fell 12% in May, sources said.",
    "Lagos state's governor met union leaders; they'd threatened strikes if wages weren't paid.",
]


def _articles() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "examples" / "articles.jsonl").read_text().splitlines()]
    return texts + [(ROOT / "examples" / "text" / "strike.txt").read_text()] + ODD


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]


@pytest.fixture(scope="module")
def plain_model(coder):
    return spacy.load(resolve_model_name(coder.settings))


def test_memoised_token_attributes_equal_the_models_own(plain_model, coder):
    fast = speed_up(spacy.load(resolve_model_name(coder.settings)))
    assert "whimbrel_token_attributes" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    texts = _articles() * 2  # the second round answers from the memo
    for slow_doc, fast_doc in zip(plain_model.pipe(texts), fast.pipe(texts)):
        assert _annotations(fast_doc) == _annotations(slow_doc)
    assert fast.get_pipe("whimbrel_token_attributes").memo


def test_the_coders_pipeline_uses_the_memoised_pass_unless_told_not_to(coder):
    assert "whimbrel_token_attributes" in coder.nlp.pipe_names
    slow = Coder(dataclasses.replace(coder.settings, memoise_token_attributes=False))
    assert "lemmatizer" in slow.nlp.pipe_names and "whimbrel_token_attributes" not in slow.nlp.pipe_names


def test_a_ruler_feature_the_pass_does_not_reproduce_keeps_the_models_components(plain_model, coder):
    nlp = spacy.load(resolve_model_name(coder.settings))
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "kyiv", "SHAPE": "Xxxx"}]], {"LEMMA": "Kyiv"})
    assert TokenAttributes.build(nlp) is None
    assert "lemmatizer" in speed_up(nlp).pipe_names


def test_screen_foresees_irregular_and_inflected_trigger_forms(coder):
    screen = coder.screen
    assert screen is not None
    for form, lemma in [("struck", "strike"), ("fought", "fight"), ("fled", "flee"), ("seized", "seize"),
                        ("shelling", "shell"), ("wounded", "wound"), ("arrests", "arrest"), ("met", "meet")]:
        assert lemma in screen.lemmas(form), form


def test_screen_passes_every_token_the_coder_could_start_an_event_at(coder):
    """Over real parses: whenever the lexicon knows a token's lemma or form, the screen does too."""
    from whimbrel.events import load_lexicon

    lex = load_lexicon()
    keys = {w for (w, _pos) in lex.triggers}
    screen = coder.screen
    checked = 0
    for doc in coder.nlp.pipe(_articles()):
        for tok in doc:
            if lex.lemma(tok) in keys or tok.lower_ in keys or tok.lemma_.lower() in keys:
                checked += 1
                assert screen.lemmas(tok.lower_) & screen.keys, (tok.text, tok.lemma_, tok.pos_)
    assert checked > 50


def test_screened_documents_are_coded_as_without_the_screen(coder):
    texts = _articles() + [
        "The weather was mild across the region.",
        "Quarterly net income rose to 4.2 mln dlrs from 3.9 mln dlrs a year earlier, the company said.",
        "Profits at the brewer were flat in the third quarter.",
    ]
    docs = [Document(id=str(i), text=t, published="2024-03-14") for i, t in enumerate(texts)]
    unscreened = Coder(dataclasses.replace(coder.settings, screen_documents=False), nlp=coder.nlp)
    assert unscreened.screen is None
    a = [[to_dict(e) for e in r.events] for r in coder.code_documents(docs)]
    b = [[to_dict(e) for e in r.events] for r in unscreened.code_documents(docs)]
    assert a == b
    stopped = [t for t in texts if not coder.screen.may_hold_events(coder.nlp.make_doc(t))]
    assert stopped == texts[-3:]  # the three texts without a trigger word, and only those


def test_a_users_trigger_word_opens_the_screen(tmp_path, coder):
    extra = tmp_path / "verbs.tsv"
    extra.write_text("lemma\tpos\ttype\tmode\tcameo\tparticle\tobject\trequires\tconfidence\tnote\n"
                     "strafe\tVERB\tASSAULT\theavy-weapons\t194\t\t\t\t\tour own addition\n")
    text = "Serbian gunners strafed the village of Drenica."
    assert not coder.screen.may_hold_events(coder.nlp.make_doc(text))
    mine = TriggerScreen.build(coder.nlp, (str(extra),))
    assert mine.may_hold_events(coder.nlp.make_doc(text))
