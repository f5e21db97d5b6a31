"""`python -m app demo-data | export | import` on the data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.models import Recipient
from app.i18n import LANGUAGES
from app.main import run
from app.paths import ROOT
from app.security import PASSPHRASE_ENV
from app.storage.crypto import KdfParams, Vault
from app.storage.locks import DataDirLock
from app.storage.repository import Repository

PASSPHRASE = "påhittad lösenfras för test"
FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """An empty data folder named by MINROST_DATA_DIR (keys with cheap Argon2)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MINROST_DATA_DIR", str(folder))
    monkeypatch.setattr("app.security.DEFAULT_KDF", FAST)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return folder


def app(*argv: str) -> int:
    """Run one command in-process with MINROST_PASSPHRASE; return its exit status."""
    os.environ[PASSPHRASE_ENV] = PASSPHRASE  # each command reads it, then drops it
    with pytest.raises(SystemExit) as done:
        run(list(argv))
    return done.value.code or 0


def opened(folder: Path) -> Repository:
    """The data folder as the app sees it after the unlock."""
    return Repository(folder, vault=Vault.unlock(folder, PASSPHRASE))


def refs(capsys) -> list[str]:
    return capsys.readouterr().out.split()


def test_demo_data_prints_one_case_reference_per_child(data, capsys):
    """N invented children are stored; their case references are printed."""
    assert app("demo-data", "--children", "3") == 0
    printed = refs(capsys)
    assert len(printed) == 3
    children = opened(data).list_children()
    assert sorted(c.case_ref for c in children) == sorted(printed)
    assert all(c.display_name.startswith("Elev ") for c in children)
    for child in children:
        latest = opened(data).sessions(child.id)[-1]
        assert latest.grid.marks
        assert latest.day.timeline
        assert latest.consents
        assert latest.notes


def test_export_writes_each_format_under_a_generated_name(data, tmp_path, capsys):
    """pdf, json and text land in the --out folder, named by reference and date."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("pdf", "json", "text"):
        assert app("export", "--child", ref, "--format", fmt, "--out", str(out)) == 0
        written = Path(capsys.readouterr().out.strip())
        assert written.parent == out
        assert written.name.startswith(ref.lower() + "_min-rost_")
        assert written.stat().st_mode & 0o077 == 0
    assert (out / written.name).read_text(encoding="utf-8").startswith("Barnets röst")


def test_export_refuses_a_recipient_without_consent(data, tmp_path, capsys):
    """Exit status 1 and a Swedish reason on stderr; no file written."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    target = tmp_path / "x.pdf"
    status = app(
        "export", "--child", ref, "--format", "pdf", "--recipient", "bup",
        "--out", str(target),
    )  # fmt: skip
    assert status == 1
    assert "inget samtycke" in capsys.readouterr().err
    assert not target.exists()


def test_export_to_a_named_recipient_in_the_consent(data, tmp_path, capsys):
    """A recipient word that is not a kind names an *annan mottagare*."""
    app("demo-data", "--children", "3", "--seed", "5")
    third = refs(capsys)[2]  # the third demo child consented to Habiliteringen
    target = tmp_path / "habilitering.txt"
    status = app(
        "export", "--child", third, "--format", "text", "--recipient",
        "Habiliteringen", "--out", str(target),
    )  # fmt: skip
    assert status == 0
    assert "Mottagare: Habiliteringen" in target.read_text(encoding="utf-8")


def test_export_for_the_parents_by_their_swedish_word(data, tmp_path, capsys):
    """``--recipient föräldrarna`` exports for Föräldrarna/vårdnadshavarna,
    without the answer the first demo child kept from them."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    target = tmp_path / "foraldrar.txt"
    status = app(
        "export", "--child", ref, "--format", "text", "--recipient",
        "föräldrarna", "--out", str(target),
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert "Mottagare: Föräldrarna/vårdnadshavarna" in text
    (child,) = opened(data).list_children()
    latest = opened(data).sessions(child.id)[-1]
    kept = [k for k, r in latest.not_to.items() if Recipient.PARENTS in r]
    assert kept
    left_out = len(latest.private) + len(kept)
    assert f"{left_out} av elevens svar finns inte med" in text


def test_export_never_overwrites_a_file(data, tmp_path, capsys):
    """An existing --out file is refused and left as it was."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    target = tmp_path / "exists.json"
    target.write_text("keep me")
    assert app("export", "--child", ref, "--format", "json", "--out", str(target)) == 1
    assert "finns redan" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_unknown_child_or_session_is_reported_in_swedish(data, tmp_path, capsys):
    """Typos in --child or --session exit 1 with a clear message."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    out = str(tmp_path)
    assert app("export", "--child", "NT-0000", "--format", "pdf", "--out", out) == 1
    assert "Hittar ingen elev" in capsys.readouterr().err
    status = app(
        "export", "--child", ref, "--session", "nope", "--format", "pdf", "--out", out
    )
    assert status == 1
    assert "ingen session" in capsys.readouterr().err


def test_import_round_trip_and_refusal_of_a_duplicate(
    data, tmp_path, capsys, monkeypatch
):
    """An export imports into a fresh folder; importing it twice is refused."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    exported = tmp_path / "session.json"
    app("export", "--child", ref, "--format", "json", "--out", str(exported))
    capsys.readouterr()
    monkeypatch.setenv("MINROST_DATA_DIR", str(tmp_path / "other"))
    assert app("import", str(exported)) == 0
    assert "Importerade elev" in capsys.readouterr().out
    assert app("import", str(exported)) == 1
    assert "finns redan" in capsys.readouterr().err
    assert app("import", "--as-copy", str(exported)) == 0
    assert len(opened(tmp_path / "other").list_children()) == 2


def test_a_bad_file_is_refused_with_exit_status_one(data, tmp_path, capsys):
    """A broken import exits 1 with ImportRejected's Swedish message."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "min-rost-export", "format_version": 9}))
    assert app("import", str(bad)) == 1
    assert "Filen kan inte importeras" in capsys.readouterr().err


def test_commands_refuse_to_run_beside_the_app(data, capsys):
    """While another holder has the data folder's lock, nothing is written."""
    with DataDirLock(data):
        assert app("demo-data", "--children", "1") == 1
    assert "En annan Min röst körs redan" in capsys.readouterr().err
    assert Repository(data).list_children() == []


def test_python_dash_m_app_runs_the_commands(tmp_path):
    """The real entry point honours MINROST_DATA_DIR and prints the references."""
    env = {
        **os.environ,
        "MINROST_DATA_DIR": str(tmp_path / "d"),
        PASSPHRASE_ENV: PASSPHRASE,
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "demo-data", "--children", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 2


def test_demo_data_gives_the_first_child_a_plan_and_meeting_sheets(data, capsys):
    """The invented children come with the meeting sheets and (mostly) a plan."""
    app("demo-data", "--children", "2")
    first, second = refs(capsys)
    repo = opened(data)
    by_ref = {c.case_ref: c for c in repo.list_children()}
    one, two = by_ref[first], by_ref[second]
    assert repo.load_plan(one.id).points
    assert repo.load_plan(two.id).points == ()
    latest = repo.sessions(two.id)[-1]
    assert repo.load_meeting(two.id, latest.id).participants


@pytest.mark.parametrize(
    ("fmt", "tag"),
    [("before", "infor-mote"), ("after", "efter-motet"), ("plan", "plan")],
)
def test_export_writes_sheets_in_the_chosen_language(data, tmp_path, capsys, fmt, tag):
    """--format before|after|plan --language ar: a PDF named by kind and language."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    status = app(
        "export", "--child", ref, "--format", fmt, "--language", "ar",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 0
    written = Path(capsys.readouterr().out.strip())
    language = "ar" if "ar" in LANGUAGES else "sv"
    assert written.name.endswith(f"_{tag}-{language}.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert written.stat().st_mode & 0o077 == 0


def test_language_is_refused_for_the_case_file_formats(data, tmp_path, capsys):
    """The case file is always Swedish: --language with pdf is an error."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    status = app(
        "export", "--child", ref, "--format", "pdf", "--language", "ar",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 1
    assert "--language gäller bara" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_language_without_a_catalog_gives_a_swedish_sheet_and_says_so(
    data, tmp_path, capsys
):
    """An unknown language: the sheet is Swedish, and stderr says why."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    status = app(
        "export", "--child", ref, "--format", "before", "--language", "de",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 0
    out = capsys.readouterr()
    assert Path(out.out.strip()).name.endswith("_infor-mote-sv.pdf")
    assert "ingen översättning till ”de”" in out.err


def test_sheets_refuse_a_recipient_without_consent(data, tmp_path, capsys):
    """The sheets follow the session's consent, as the case file does."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    status = app(
        "export", "--child", ref, "--format", "plan", "--recipient", "bup",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 1
    assert "inget samtycke" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []


def test_export_takes_the_recorded_voices_only_when_asked_and_only_in_json(
    data, tmp_path, capsys
):
    """--include-voices puts the child's recordings in the JSON; without it
    they stay out; with another format it is refused."""
    app("demo-data", "--children", "1")
    [ref] = refs(capsys)
    repo = opened(data)
    (child,) = repo.list_children()
    repo.save_recorded_voice(child.id, "ti", "ሒሳብ", b"RIFF-x", "audio/wav")
    with_voices, without = tmp_path / "with.json", tmp_path / "without.json"
    args = ("export", "--child", ref, "--format", "json", "--out")
    assert app(*args, str(without)) == 0
    assert app(*args, str(with_voices), "--include-voices") == 0
    assert "voices" not in json.loads(without.read_text(encoding="utf-8"))
    voices = json.loads(with_voices.read_text(encoding="utf-8"))["voices"]
    assert [v["text"] for v in voices] == ["ሒሳብ"]
    status = app(
        "export", "--child", ref, "--format", "pdf", "--include-voices",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert status == 1
    assert "bara --format json" in capsys.readouterr().err
