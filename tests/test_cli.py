"""The command line, including the exact ``whimbrel code --jsonl`` contract."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from whimbrel.cli import EXIT_REJECTED, main

from conftest import ROOT, SHARED

pytestmark = pytest.mark.model
WHIMBREL = [sys.executable, "-m", "whimbrel.cli"]


def run(args, **kw):
    return subprocess.run(WHIMBREL + args, capture_output=True, text=True, timeout=300, **kw)


def test_jsonl_contract_on_mixed_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "d1", "text": "Malian soldiers arrested three suspected jihadists in Gao on Monday.",
                    "published": "2024-03-14"}),
        json.dumps({"id": "d2", "text": ""}),
        '{"id": "d3", "text": "broken',
        json.dumps({"id": "d4", "text": "It rained in the capital for most of the week."}),
        json.dumps({"id": "d5", "text": "Hezbollah fired rockets at an Israeli army post. Israel shelled villages in Lebanon.",
                    "published": "2024-03-14T08:30:00Z", "title": "Border flare-up", "url": "https://example.org/x"}),
    ]) + "\n")
    res = run(["code", "--jsonl", str(src)])
    assert res.returncode == EXIT_REJECTED, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["doc_id"] for x in lines] == ["d1", "d5", "d5"]
    assert lines[0]["event_type"] == "COERCE" and lines[0]["date"]["value"] == "2024-03-11"
    for rec in lines:
        for key in ("event_type", "mode", "cameo_code", "cameo_root", "quad_class", "actors", "recipients", "location",
                    "date", "size", "attribution", "modality", "mentions", "evidence", "acled_subtype"):
            assert key in rec
        assert {"trigger_start", "trigger_end"} <= set(rec["evidence"])
    err = res.stderr.splitlines()
    assert any("'d2'" in l and "W101" in l for l in err)
    assert any(":3" in l and "W105" in l for l in err)
    assert "Traceback" not in res.stderr


def test_all_good_input_exits_zero_and_stdin_works():
    doc = json.dumps({"id": "x", "text": "Thai police dispersed protesters in Bangkok."})
    res = run(["code", "--jsonl", "-"], input=doc + "\n")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.splitlines()[0])["doc_id"] == "x"


def test_plain_text_and_html_files_in_every_format(tmp_path):
    txt = tmp_path / "story.txt"
    txt.write_text("Venezuelan troops detained two Colombian fishermen on Thursday.\n")
    runner = CliRunner()
    res = runner.invoke(main, ["code", str(txt), "--published", "2024-03-16", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output.splitlines()[0])
    assert rec["doc_id"] == "story.txt" and rec["date"]["value"] == "2024-03-14"
    res = runner.invoke(main, ["code", str(txt), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["event_type"] == "COERCE"
    res = runner.invoke(main, ["code", str(txt), "--format", "table"])
    assert res.exit_code == 0 and "COERCE" in res.output and "detained" in res.output
    res = runner.invoke(main, ["code", str(ROOT / "examples" / "html" / "ceasefire.html"), "--format", "jsonl"])
    assert res.exit_code == 0 and res.output.strip()


def test_bad_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("Peruvian police arrested a mayor in Cusco.".encode("utf-16"))
    good = tmp_path / "good.txt"
    good.write_text("Peruvian police arrested a mayor in Cusco.")
    res = CliRunner().invoke(main, ["code", str(tmp_path / "bin.dat"), str(tmp_path / "missing.txt"),
                                    str(tmp_path / "latin.txt"), str(good), "--format", "jsonl"])
    assert res.exit_code == EXIT_REJECTED
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["good.txt"]
    assert res.stderr.count("rejected") >= 3 and "W102" in res.stderr


def test_huge_text_is_rejected_quickly(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Soldiers patrolled the streets. " * 700_000)  # about 22 MB
    res = run(["code", str(big), "--format", "jsonl"])
    assert res.returncode == EXIT_REJECTED and "W104" in res.stderr and res.stdout == ""


def test_usage_errors_exit_2():
    res = CliRunner().invoke(main, ["code", "--published", "yesterday", "x.txt"])
    assert res.exit_code == 2


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared/seed is not beside this checkout")
def test_seed_article_yields_the_us_strike():
    seed = next((SHARED / "seed").glob("*.txt"))
    res = run(["code", "--published", "2017-05-21", str(seed), "--format", "jsonl"])
    assert res.returncode == 0, res.stderr
    events = [json.loads(x) for x in res.stdout.splitlines()]
    strikes = [e for e in events if e["event_type"] == "ASSAULT" and e["cameo_code"] == "195"
               and any(a["country"] == "USA" and a["sector"] == "MIL" for a in e["actors"])
               and any(r["country"] == "SYR" for r in e["recipients"])]
    assert strikes, [(e["event_type"], e["evidence"]["trigger"]) for e in events]
    strike = strikes[0]
    assert strike["date"]["value"] == "2017-05-18" and strike["mentions"] >= 2
    assert strike["location"]["country"] == "SYR" and strike["location"]["precision"] in ("point", "town", "region")
    assert strike["attribution"]["anonymous"] and "official" in strike["attribution"]["text"]
    claims = [e for e in events if e["size"]["dead"] == 100]
    assert claims and claims[0]["attribution"]["stance"] == "claimed" and claims[0]["attribution"]["text"] == "Aamaq"
    condemn = [e for e in events if e["event_type"] == "ACCUSE"]
    assert condemn and sorted(a["country"] for a in condemn[0]["actors"]) == ["RUS", "SYR"]


def test_table_shows_modality_and_escapes_markup():
    import io
    from dataclasses import replace

    from whimbrel.export import render_table
    from whimbrel.records import Actor

    from test_records import make_event

    e = make_event(modality="negated", actors=(Actor("[bold]Rebels[/bold]", 0, 20, country="UNK"),))
    out = io.StringIO()
    render_table([("doc-1", e), ("doc-2", replace(e, modality="asserted"))], out)
    text = out.getvalue()
    assert "[negated]" in text and "[bold]Rebels[/bold]" in text and "doc-2" in text


def test_actors_lookup_explains_the_resolution():
    res = CliRunner().invoke(main, ["actors", "lookup", "the pro-Assad militia"])
    assert res.exit_code == 0, res.output
    assert "country: SYR" in res.output and "sector:  PRM" in res.output and "aligned" in res.output


def test_url_and_title_describe_one_input_only(tmp_path):
    res = CliRunner().invoke(main, ["code", "--jsonl", "--url", "https://example.org/a", str(tmp_path / "x.jsonl")])
    assert res.exit_code == 2 and "one plain-text or HTML input" in res.output


def test_filters_on_the_command_line(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("Rebels attacked an army post near Goma. The army did not attack the rebels.\n\n"
                   "Residents said the rebel attack on the army post lasted two hours.\n")
    base = CliRunner().invoke(main, ["code", str(txt), "--format", "jsonl"])
    kept = [json.loads(x) for x in base.output.splitlines()]
    assert any(e["modality"] == "negated" for e in kept)
    asserted = CliRunner().invoke(main, ["code", str(txt), "--format", "jsonl", "--asserted-only"])
    assert all(json.loads(x)["modality"] != "negated" for x in asserted.output.splitlines())
    undeduped = CliRunner().invoke(main, ["code", str(txt), "--format", "jsonl", "--no-dedup"])
    assert len(undeduped.output.splitlines()) > len(kept)
    strict = CliRunner().invoke(main, ["code", str(txt), "--format", "jsonl", "--min-confidence", "0.99"])
    assert strict.exit_code == 0 and strict.output == ""


def test_gazetteer_build_reuses_the_index_and_info_names_it():
    res = CliRunner().invoke(main, ["gazetteer", "build"])
    assert res.exit_code == 0 and "gazetteer.sqlite" in res.output
    info = CliRunner().invoke(main, ["info"])
    assert info.exit_code == 0 and "spaCy pipeline:" in info.output and "gazetteer:" in info.output
    bad = CliRunner().invoke(main, ["info", "--model", "no_such_pipeline_xyz"])
    assert bad.exit_code == 1 and "E002" in bad.output
