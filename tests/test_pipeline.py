import pytest
import spacy

import whimbrel.pipeline as pipeline_module
from whimbrel.nlp import resolve_model_name
from whimbrel.pipeline import COMPONENTS, Coder, add_components
from whimbrel.records import Document, Rejection
from whimbrel.settings import Settings

pytestmark = pytest.mark.model

ARTICLES = [
    Document(id="a", text="Nigerian troops killed 12 Boko Haram fighters near Maiduguri on Monday.", published="2024-03-14"),
    Document(id="empty", text=""),
    Document(id="b", text="The weather was mild across the region."),
    Document(id="c", text="Police in Dhaka detained an opposition leader on Wednesday.", published="2024-03-14"),
]


def test_batch_keeps_input_order_and_reports_rejections(coder):
    results = list(coder.code_documents(ARTICLES, batch_size=2))
    assert [r.document.id for r in results] == ["a", "empty", "b", "c"]
    assert results[1].rejection is not None and results[1].rejection.code == "W101"
    assert results[0].events and not results[2].events and results[3].events
    assert results[0].events[0].article_id == results[0].article.article_id


def test_long_document_is_coded_in_pieces_with_document_offsets(coder):
    para = "The council met to discuss the budget and the new library. " * 6
    text = (para + "\n\n") * 5 + "Government forces shelled the rebel-held town of Ariha on Tuesday.\n\n" + (para + "\n\n") * 5
    small = Coder(Settings(piece_chars=1000), nlp=coder.nlp)
    events = small.code(text, published="2024-03-14")
    whole = coder.code(text, published="2024-03-14")
    assert [(e.evidence.trigger_start, e.event_type) for e in events] == [(e.evidence.trigger_start, e.event_type) for e in whole]
    e = [e for e in events if e.event_type == "ASSAULT"][0]
    assert text[e.evidence.trigger_start:e.evidence.trigger_end] == "shelled"
    assert e.sentence_index == whole[0].sentence_index


def test_worker_processes_give_the_same_events(coder):
    docs = [Document(id=str(i), text=f"Rebels attacked an army base in Kidal, killing {i + 2} soldiers.") for i in range(6)]
    one = [[x.event_id for x in r.events] for r in coder.code_documents(docs)]
    two = [[x.event_id for x in r.events] for r in Coder(coder.settings).code_documents(docs, n_process=2, batch_size=2)]
    assert one == two and all(one)


def test_forked_workers_inherit_the_loaded_pipeline_instead_of_loading_it(coder, monkeypatch):
    parent = Coder(coder.settings)
    parent._nlp = coder.nlp  # loaded once, in this process
    monkeypatch.setattr(pipeline_module, "load_model", lambda settings: pytest.fail("a worker loaded the model again"))
    docs = [Document(id=str(i), text=f"Militants shelled a border post near Kidal, wounding {i + 3} soldiers.")
            for i in range(4)]
    one = [[x.event_id for x in r.events] for r in coder.code_documents(docs)]
    two = [[x.event_id for x in r.events] for r in parent.code_documents(docs, n_process=2, batch_size=2)]
    assert one == two and all(one)


def test_components_work_in_a_users_own_pipeline(coder):
    nlp = spacy.load(resolve_model_name(coder.settings))
    add_components(nlp, Settings())
    assert [n for n in nlp.pipe_names if n.startswith("whimbrel")] == ["whimbrel_caps_names", "whimbrel_paragraphs",
                                                                          *COMPONENTS]
    doc = nlp("Turkish jets bombed PKK positions in northern Iraq.")
    assert [e.event_type for e in doc._.whimbrel_events] == ["ASSAULT"]


def test_a_failing_component_rejects_only_that_document(coder, monkeypatch):
    from whimbrel import events as ev

    real = ev.EventCoder.code_doc

    def flaky(self, doc):
        if "explode" in doc.text:
            raise RuntimeError("boom")
        return real(self, doc)

    monkeypatch.setattr(ev.EventCoder, "code_doc", flaky)
    c = Coder(coder.settings)  # a fresh pipeline whose component calls the patched method
    results = list(c.code_documents(["Rebels attacked a convoy.", "This one should explode.", "Police arrested a man."]))
    assert results[0].events and results[2].events
    assert isinstance(results[1].rejection, Rejection) and "boom" in results[1].rejection.reason


def test_user_lexicon_file_adds_a_verb(tmp_path, coder):
    extra = tmp_path / "my_verbs.tsv"
    extra.write_text("lemma\tpos\ttype\tmode\tcameo\tparticle\tobject\trequires\tconfidence\tnote\n"
                     "strafe\tVERB\tASSAULT\theavy-weapons\t194\t\t\t\t\tour own addition\n")
    before = coder.code("Serbian gunners strafed the village of Drenica.")
    assert not before
    mine = Coder(Settings(lexicon_files=(str(extra),)))
    e = mine.code("Serbian gunners strafed the village of Drenica.")
    assert [x.event_type for x in e] == ["ASSAULT"] and e[0].cameo_code == "194"


def test_user_rows_win_over_packaged_rows_in_every_table(tmp_path, coder):
    speech = tmp_path / "speech.tsv"
    speech.write_text("lemma\tstance\tnote\nsay\tclaimed\tour newsroom treats 'say' as a claim\n")
    mine = Coder(Settings(lexicon_files=(str(speech),)))
    e = mine.code("The army said rebels attacked a checkpoint near Goma.")
    assert e and e[0].attribution.stance == "claimed"


def test_a_user_file_matching_no_table_is_an_error(tmp_path):
    from whimbrel.errors import KnowledgeError

    bad = tmp_path / "bad.tsv"
    bad.write_text("word\tmeaning\nfoo\tbar\n")
    with pytest.raises(KnowledgeError, match="matches no table"):
        Coder(Settings(lexicon_files=(str(bad),)))


def test_odd_metadata_and_impossible_dates_never_reject_a_document(coder):
    import datetime as dt

    results = list(coder.code_documents([
        {"id": "a", "text": "Police arrested 20 protesters in Dhaka on Feb. 29.", "published": "2023-03-10"},
        Document(id="b", text="Police arrested 20 protesters in Dhaka.", published=dt.date(2024, 3, 14)),
        {"id": "c", "text": "Police arrested 20 protesters in Dhaka.", "published": 20240314, "url": 7},
        42,
    ]))
    assert [r.document.id for r in results] == ["a", "b", "c", "3"]
    assert results[0].events and results[1].events and results[1].article.published == "2024-03-14"
    assert results[2].events and results[2].article.published == "2024-03-14"  # ISO basic format, as text
    assert results[3].rejection is not None and "int" in results[3].rejection.reason


def test_event_ids_survive_line_endings_and_spacing(coder):
    a = coder.code("Rebels attacked a convoy.\n\nTroops attacked the rebels, and the rebels attacked a village.")
    b = coder.code("Rebels attacked a convoy.\r\n\r\nTroops  attacked the rebels, and the rebels attacked a village.")
    assert [e.event_id for e in a] == [e.event_id for e in b] and len({e.event_id for e in a}) == len(a) == 3


def test_glued_words_are_split_without_changing_the_text(coder):
    # Headlines of several sources joined by ";" with no space, HTML character references and
    # zero-width spaces left in text: each is a token of its own (whimbrel.nlp.split_glued_words),
    # the text and its offsets unchanged, so the places and actors inside are found.
    nlp = coder.nlp
    text = "Clashes in Homs;Regime forces shelled Hirbnafsah in the countryside of Hama"
    assert [t.text for t in nlp.make_doc(text)][2:5] == ["Homs", ";", "Regime"]
    doc = nlp.make_doc("He said &#8220;no&#8221;;then left \u200bIdlib\u200b city; see http://x.example/a;b=1")
    assert [t.text for t in doc] == ["He", "said", "&#8220;", "no", "&#8221;", ";", "then", "left", "\u200b", "Idlib",
                                     "\u200b", "city", ";", "see", "http://x.example/a;b=1"]
    assert doc[2].norm_ == doc[4].norm_ == '"' and doc.text == doc.text_with_ws
    assert nlp("\u200bIdlib was shelled")[0].tag_ == "_SP"
    # Texts joined by a semicolon with no space are separate sentences; a semicolon in prose is not a break.
    sents = [s.text for s in nlp("Clashes in Homs;Regime forces shelled Hirbnafsah; the army said it advanced").sents]
    assert sents[0] == "Clashes in Homs;" and sents[1].startswith("Regime forces shelled Hirbnafsah; the army")
    text = "Syrian government forces shelled Kafr Nabl;Clashes continue in the countryside of Daraa"
    shelling = next(e for e in coder.code(text, published="2017-05-02") if e.evidence.trigger == "shelled")
    assert shelling.location is not None and shelling.location.text == "Kafr Nabl"
    assert shelling.location.admin1 == "Idlib" and shelling.actors[0].country == "SYR"
    assert text[shelling.evidence.trigger_start:shelling.evidence.trigger_end] == "shelled"


def test_coded_values_stay_within_the_documented_vocabularies(coder):
    from whimbrel.records import DATE_PRECISIONS, MODALITIES, PLACE_PRECISIONS, STANCES

    text = ("KHARKIV, Ukraine — Russian forces shelled a hospital in Kharkiv on Tuesday, killing three people, "
            "the governor said. Ukraine said it would not negotiate. Police may arrest protesters in Kyiv. "
            "The army denied attacking the village. Rebels claimed they captured a base near Izium in 2014.")
    events = coder.code(text, published="2024-03-14")
    assert len(events) >= 4
    for e in events:
        assert e.modality in MODALITIES and e.attribution.stance in STANCES
        assert e.date is None or e.date.precision in DATE_PRECISIONS
        assert e.location is None or e.location.precision in PLACE_PRECISIONS
