"""``python -m service`` run as a script would run it (a subprocess): a file, a folder or JSON
lines on stdin give the API's answers (the same parser, domain calls and renderer), errors are
reported per input with exit code 1, usage errors are exit code 2, and the progress bar shows
only on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from testkit.servers import ROOT

from .conftest import CheckedClient

ENGLISH = (
    "The city council approved a new budget on Tuesday. It raises spending on schools by ten "
    "percent. The mayor called it a historic day. Opposition members said the plan was too "
    "expensive. A final vote is expected next month."
)
CHINESE = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。"


def cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b-news.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text(f"<h1>Budget</h1><p>{ENGLISH}</p>", encoding="utf-8")
    (tmp_path / "a-short.md").write_text("Добрий день. Як справи у Києві?", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skipped", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG not text")
    return tmp_path


def test_a_files_summary_is_the_apis_answer(client: CheckedClient, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    run = cli("summarize", str(article), "--sentences", "2", "--method", "textrank")
    assert run.returncode == 0, run.stderr
    (record,) = records(run.stdout)
    api = client.post(
        "/v1/summarize", json={"text": ENGLISH, "sentences": 2, "method": "textrank"}
    ).json
    assert record == {"input": str(article), "result": api}
    assert run.stderr == ""  # no progress bar when stderr is not a terminal


def test_a_folder_gives_its_text_files_in_name_order_html_read_as_html(folder: Path) -> None:
    run = cli("summarize", str(folder), "--sentences", "1")
    assert run.returncode == 0, run.stderr
    results = records(run.stdout)
    names = [Path(str(r["input"])).relative_to(folder).as_posix() for r in results]
    assert names == ["a-short.md", "b-news.txt", "sub/c.html"]
    languages = [r["result"]["language"]["code"] for r in results]  # type: ignore[index]
    assert languages == ["uk", "en", "en"]
    assert "<" not in results[2]["result"]["summary"]  # type: ignore[index]


def test_stdin_lines_are_api_bodies_and_a_bad_one_fails_alone_with_exit_1(
    client: CheckedClient,
) -> None:
    lines = [
        json.dumps({"text": ENGLISH, "ratio": 0.4}),  # its ratio replaces --sentences
        "not json",
        json.dumps({"text": ENGLISH, "method": "edmundson"}),
        json.dumps({"text": ENGLISH}),
    ]
    run = cli(
        "summarize", "--method", "lead", "--sentences", "1", "-", stdin="\n".join(lines) + "\n"
    )
    assert run.returncode == 1
    first, bad, invalid, last = records(run.stdout)
    assert (
        first["result"]
        == client.post("/v1/summarize", json={"text": ENGLISH, "ratio": 0.4, "method": "lead"}).json
    )
    assert (bad["input"], bad["error"]["status"]) == ("-:2", 400)  # type: ignore[index]
    problem = invalid["error"]
    assert problem["status"] == 422
    assert problem["field"] == "method"
    assert "edmundson" not in problem["allowed"]  # type: ignore[index]
    assert last["result"]["method"] == "lead"  # type: ignore[index]
    assert len(last["result"]["sentences"]) == 1  # type: ignore[index]


def test_detect_in_text_format_prints_the_language_per_input(folder: Path) -> None:
    run = cli("detect", str(folder / "a-short.md"), "--format", "text")
    assert run.returncode == 0, run.stderr
    code, confidence = run.stdout.split()
    assert code == "uk"
    assert 0.5 < float(confidence) <= 1


def test_translate_zh_file_to_english_with_the_real_model(
    zhen_package: Path, tmp_path: Path
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / zhen_package.name).symlink_to(zhen_package.resolve(), target_is_directory=True)
    article = tmp_path / "zh.txt"
    article.write_text(CHINESE, encoding="utf-8")
    env = {"PRECIS_MODELS_DIR": str(models)}
    run = cli("translate", "--to", "en", str(article), "--format", "text", env=env)
    assert run.returncode == 0, run.stderr
    assert "Zelensky" in run.stdout
    assert "energy security" in run.stdout
    missing = cli("translate", "--to", "en,de", str(article), env=env)
    assert missing.returncode == 1
    (record,) = records(missing.stdout)
    assert record["error"]["type"] == "urn:precis:problem:pair-not-installed"  # type: ignore[index]
    partial = cli("translate", "--to", "en,de", "--partial", str(article), env=env)
    assert partial.returncode == 0
    assert records(partial.stdout)[0]["result"]["missing"][0]["target"] == "de"  # type: ignore[index]


def test_stdin_translations_and_detections_are_the_apis_answers(
    client: CheckedClient, zhen_package: Path
) -> None:
    # the session app and the command both read the installed packages (var/models)
    bodies = [{"text": CHINESE, "target": "en"}, {"text": [CHINESE, "他们讨论了能源安全问题。"]}]
    run = cli("translate", "--to", "en", "-", stdin="\n".join(map(json.dumps, bodies)))
    assert run.returncode == 0, run.stderr
    single, listed = records(run.stdout)
    assert single["result"] == client.post("/v1/translate", json=bodies[0]).json
    expected = client.post("/v1/translate", json={**bodies[1], "targets": ["en"]}).json
    assert listed["result"] == expected
    detected = cli("detect", "-", stdin=json.dumps({"text": CHINESE}))
    (record,) = records(detected.stdout)
    assert record["result"] == client.post("/v1/detect", json={"text": CHINESE}).json


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", "no-such-file.txt"],
        ["summarize", "--sentences", "2", "--ratio", "0.5", "-"],
        ["summarize", "--method", "edmundson", "-"],
        ["translate", "README.md"],  # files need --to
        ["frobnicate", "-"],
        ["detect", "testkit"],  # a folder with no text file
    ],
)
def test_a_usage_error_is_exit_2_and_nothing_is_done(args: list[str]) -> None:
    run = cli(*args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "error" in run.stderr


def test_a_setting_out_of_range_is_exit_2_naming_it() -> None:
    run = cli("detect", "-", stdin='{"text": "Hello."}\n', env={"PRECIS_MAX_TEXT_CHARS": "0"})
    assert run.returncode == 2
    assert "PRECIS_MAX_TEXT_CHARS" in run.stderr


def test_the_progress_bar_shows_on_a_terminal_for_several_inputs(folder: Path) -> None:
    controller, terminal = pty.openpty()
    # a terminal of 80 columns (a fresh pty has none: tqdm would draw a bar of width 0)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        run = subprocess.run(
            [sys.executable, "-m", "service", "detect", str(folder)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert run.returncode == 0
    assert b"3/3" in shown
    assert len(run.stdout.splitlines()) == 3  # the bar stays off standard output
