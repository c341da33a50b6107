"""`tnt export` and `tnt report`: golden files for a scripted game, a self-contained HTML page, a
CSV that loads into the right columns, a report that survives a corrupt save, and exit codes
0 / 1 / 2 with one line per problem and never a traceback.

Golden files live in tests/golden/. After a deliberate change to the debrief, the content or the
transcript, regenerate them with `TNT_UPDATE_GOLDEN=1 pytest tests/test_reports.py` and read the
diff before committing it."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
from pathlib import Path

import attrs
import pytest
from test_debrief import CONTENT, PLAYTHROUGHS, play

from game import __version__
from game.cli.cli import main
from game.cli.documents import export_cli, report_cli
from game.headless.playthrough import run_script
from game.headless.script import load_script
from game.present.class_report import CSV_COLUMNS
from game.present.exports import moves_fingerprint

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("TNT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def class_saves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A class's saves folder: five scripted games (seed 1 twice), each with a student name."""
    folder = tmp_path_factory.mktemp("class")
    names = {
        "deal-as-japan": "Aiko",
        "deal-as-us": "Ben",
        "walk-out": "Chen",
        "deadline": "Dana",
        "rejected-at-home": "Eli",
    }
    for name, student in names.items():
        script = attrs.evolve(load_script(PLAYTHROUGHS / f"{name}.toml"), name=student)
        run_script(script, CONTENT, folder)
    for backup in folder.glob("*.bak"):
        backup.unlink()
    return folder


@pytest.fixture(scope="module")
def japan_save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play("deal-as-japan", tmp_path_factory.mktemp("japan")).path


def export(save: Path, fmt: str, out: Path) -> int:
    args = argparse.Namespace(
        save=str(save), format=fmt, output=str(out), debug=False, reveal=False
    )
    return export_cli(args, CONTENT)


def report(inputs: list[str], fmt: str, out: Path) -> int:
    args = argparse.Namespace(saves_in=inputs, format=fmt, output=str(out), debug=False)
    return report_cli(args, CONTENT)


def normalised(text: str, save: Path) -> str:
    """The export without what changes with every release or content edit: the version, the
    content fingerprint, the save's hash chain and file name (the moves' digest stays)."""
    data = json.loads(save.read_text())
    for value, placeholder in (
        (data["content_fingerprint"], "<content-fingerprint>"),
        (data.get("chain") or "<no-chain>", "<chain>"),
        (save.name, "<save>"),
        (__version__, "<version>"),
    ):
        text = text.replace(value, placeholder)
    return text


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text)
        if not UPDATE:
            pytest.fail(f"{path} did not exist; written now: read it, then run again")
    assert text == path.read_text(), f"{name} differs; TNT_UPDATE_GOLDEN=1 to accept"


# ---------------------------------------------------------------------------------------------
# tnt export


def test_markdown_export_matches_golden(japan_save: Path, tmp_path: Path) -> None:
    out = tmp_path / "debrief.md"
    assert export(japan_save, "md", out) == 0
    check_golden("deal-as-japan.md", normalised(out.read_text(), japan_save))


def test_json_export_matches_golden_and_holds_every_figure(
    japan_save: Path, tmp_path: Path
) -> None:
    out = tmp_path / "debrief.json"
    assert export(japan_save, "json", out) == 0
    text = out.read_text()
    check_golden("deal-as-japan.json", normalised(text, japan_save))
    data = json.loads(text)
    commands = json.loads(japan_save.read_text())["commands"]
    assert data["stamp"]["moves_sha256"] == moves_fingerprint(commands)
    assert data["stamp"]["chain_verifies"] is True
    assert data["sides"]["japan"]["utility"] == pytest.approx(0.6608)
    assert data["sides"]["us"]["utility"] == pytest.approx(0.714)
    assert data["historical"]["utilities"] == {"japan": 0.6608, "us": 0.714}
    assert len(data["analysis"]["frontier"]) == 138
    assert data["analysis"]["nash"]["terms"]["autos"] == "2-5"
    assert {p["kind"] for p in data["teaching"]} == {
        "anchoring",
        "deadline_effect",
        "linkage",
        "reciprocity",
        "batna",
        "two_level",
    }
    assert data["events"][0]["type"] == "game_started"
    assert data["dance"]["lines"][0].startswith("Value to Washington")


def test_html_export_is_self_contained_and_has_the_figures(
    japan_save: Path, tmp_path: Path
) -> None:
    out = tmp_path / "debrief.html"
    assert export(japan_save, "html", out) == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    for external in ("http", "src=", "<link", "<script", "@import", "url("):
        assert external not in html, f"external resource: {external}"
    for figure in ("66.1", "71.4", "Nash point", "Teaching points", "Value to Tokyo"):
        assert figure in html
    assert "Anchoring: Washington opened far out" in html
    assert "<title>Debrief: Tariffs &amp; Troops" in html


def test_export_to_stdout(japan_save: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(japan_save)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Debrief: Tariffs & Troops")
    assert "## The negotiation dance" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{ not json", "not valid JSON"),
        ("", "the file is empty"),
        ('{"format": 99}', "format"),
    ],
)
def test_export_of_an_unusable_save_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["export", str(bad)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert str(bad) in err and reason in err
    assert "Traceback" not in err


def test_export_of_a_missing_save_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "nope.json" in err and len(err.strip().splitlines()) == 1


def test_export_to_a_missing_folder_exits_2(
    japan_save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(japan_save), "-o", str(tmp_path / "no" / "x.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_an_edited_save_is_marked(japan_save: Path, tmp_path: Path) -> None:
    data = json.loads(japan_save.read_text())
    data["chain"] = "0" * 64  # as if the moves had been edited by hand
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    out = tmp_path / "edited.md"
    assert export(edited, "md", out) == 0
    text = out.read_text()
    assert "hash chain does NOT verify" in text
    assert "Note: its hash chain does not verify" in text


# ---------------------------------------------------------------------------------------------
# tnt report


def test_markdown_report_groups_by_seed_with_reference_and_distribution(
    class_saves: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    assert report([str(class_saves)], "md", out) == 0
    text = out.read_text()
    assert "5 games read from 5 saves" in text
    assert "### Seed 1: 2 games, 1 ratified" in text
    assert "### Seed 2: 1 game, 1 ratified" in text
    assert "| Aiko | Tokyo | us-dealmaker | deal-ratified | 6 | 51 | 58 | 6.7 |" in text
    assert "Deal rate: 2 of 5 games ended in a ratified deal (40%); 3 signed one." in text
    assert "## Reference: the real deal of 22 July 2025" in text
    assert "| 55 | 55 | 66.1 | 71.4 | 6.7 |" in text
    # seed 1 holds Ben (as the U.S.) and Dana (the deadline): grouped together
    seed1 = text.split("### Seed 1")[1].split("###")[0]
    assert "| Ben |" in seed1 and "| Dana |" in seed1


def test_csv_report_loads_into_the_right_columns(class_saves: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    assert report([str(class_saves / "*.json")], "csv", out) == 0
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert list(rows[0])[-2:] == ["checks", "error"]
    games = [r for r in rows if r["ending"] != "reference"]
    assert sorted(r["student"] for r in games) == ["Aiko", "Ben", "Chen", "Dana", "Eli"]
    aiko = next(r for r in games if r["student"] == "Aiko")
    assert (aiko["role"], aiko["opponent"], int(aiko["seed"])) == ("japan", "us-dealmaker", 2)
    assert (aiko["ending"], int(aiko["rounds"])) == ("deal-ratified", 6)
    assert float(aiko["japan_utility"]) == pytest.approx(0.6608)
    assert float(aiko["us_score"]) == pytest.approx(57.9, abs=0.1)
    assert aiko["term_autos"] == "15" and aiko["term_investment"] == "550-9010"
    assert aiko["checks"] == "ok" and aiko["error"] == ""
    dana = next(r for r in games if r["student"] == "Dana")
    assert dana["ending"] == "deadline-passed" and dana["term_autos"] == ""
    (reference,) = [r for r in rows if r["ending"] == "reference"]
    assert float(reference["japan_score"]) == pytest.approx(55.16, abs=0.01)
    # grouped by seed
    assert [int(r["seed"]) for r in games] == sorted(int(r["seed"]) for r in games)


def test_report_skips_a_corrupt_save_names_it_and_reports_the_rest(
    class_saves: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "saves"
    shutil.copytree(class_saves, folder)
    (folder / "zed.json").write_text('{"format": 2, "commands": [')  # cut short
    out = tmp_path / "report.md"
    assert main(["report", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "zed.json" in err[0] and "Traceback" not in err[0]
    text = out.read_text()
    assert "5 games read from 6 saves; 1 could not be read." in text
    assert "## Saves that could not be read (skipped)" in text
    assert "zed.json: the file ends too soon" in text
    csv_out = tmp_path / "report.csv"
    assert main(["report", str(folder), "--format", "csv", "-o", str(csv_out)]) == 1
    with csv_out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    (bad,) = [r for r in rows if r["error"]]
    assert bad["file"].endswith("zed.json") and "ends too soon" in bad["error"]


def test_report_with_nothing_readable_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text("nonsense")
    assert main(["report", str(tmp_path), str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "a.json" in err and "missing: no such file or folder" in err
    assert "no readable saves" in err and "Traceback" not in err


def test_report_ignores_backups_and_temporary_files(class_saves: Path, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    shutil.copytree(class_saves, folder)
    (folder / "aiko.json.bak").write_text("old")
    (folder / ".aiko.json.1234.tmp").write_text("half")
    (folder / ".hidden.json").write_text("{}")
    out = tmp_path / "report.md"
    assert report([str(folder)], "md", out) == 0
    assert "5 games read from 5 saves." in out.read_text()


def test_an_unfinished_hotseat_game_exports_and_reports(tmp_path: Path) -> None:
    from game.content.loader import load_scenario
    from game.session.session import Session

    scenario = load_scenario(CONTENT, "april-2025")
    session = Session.start(scenario, "japan", 3, saves_dir=tmp_path, name="Pat", hotseat=True)
    assert session.save_path is not None
    out = tmp_path / "pat.md"
    assert export(session.save_path, "md", out) == 0
    text = out.read_text()
    assert "The game is not over yet" in text
    assert "Played as Tokyo against another player (hotseat), seed 3" in text
    csv_out = tmp_path / "class.csv"
    assert report([str(session.save_path)], "csv", csv_out) == 0
    with csv_out.open(newline="") as handle:
        (row, _reference) = list(csv.DictReader(handle))
    assert (row["student"], row["opponent"], row["ending"]) == ("Pat", "hotseat", "not finished")
