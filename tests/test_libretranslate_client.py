"""LibreTranslate's own clients, unchanged, against a real gunicorn with the real zh→en model:
only their URL and key are set. ``libretranslatepy`` (pinned in requirements-dev.txt) posts
forms and raises ``urllib.error.HTTPError`` for an error status; the npm ``libretranslate``
client posts JSON (it is installed into a temporary folder, and its test skips when npm or the
registry is not there). What the Python client cannot send (a list ``q``, ``format``) is sent as
LibreTranslate's docs show, JSON over plain HTTP.

Two servers: one without keys, one with a key and a limit of 2 requests per minute (one worker,
so the limit is not per worker times workers).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from libretranslatepy import LibreTranslateAPI

from testkit.servers import gunicorn

pytestmark = pytest.mark.server

UKRAINE_NEWS = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。"
KEY = "lt-client-key"
NPM_CLIENT = "libretranslate@1.0.1"


@pytest.fixture(scope="module")
def models_dir(zhen_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real zh→en package alone."""
    folder = tmp_path_factory.mktemp("lt-models") / "models"
    folder.mkdir()
    os.symlink(zhen_package, folder / zhen_package.name)
    return folder


def server_env(models_dir: Path, files: Path, **extra: str) -> dict[str, str]:
    return {
        "PRECIS_MODELS_DIR": str(models_dir),
        "PRECIS_FILES_DIR": str(files),
        "PRECIS_WORKERS": "1",
        "PRECIS_TRANSLATE_INTER_THREADS": "1",
        **extra,
    }


@pytest.fixture(scope="module")
def open_server(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with gunicorn(server_env(models_dir, tmp_path_factory.mktemp("lt-files"))) as base:
        yield base


@pytest.fixture(scope="module")
def keyed_server(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = server_env(
        models_dir,
        tmp_path_factory.mktemp("lt-files-keyed"),
        PRECIS_API_KEYS=KEY,
        PRECIS_LIMITS_REQUESTS_PER_MINUTE="2",
    )
    with gunicorn(env) as base:
        yield base


def error_of(exc: urllib.error.HTTPError) -> tuple[int, str]:
    """The status and LibreTranslate ``error`` message of the client's exception."""
    return exc.code, json.loads(exc.read())["error"]


# --- libretranslatepy -------------------------------------------------------------------------


def test_python_client_translates_chinese_news_to_english(open_server: str) -> None:
    translated = LibreTranslateAPI(open_server).translate(UKRAINE_NEWS, "zh", "en")
    assert "Ukrain" in translated


def test_python_client_translates_with_auto_source(open_server: str) -> None:
    assert "Ukrain" in LibreTranslateAPI(open_server).translate(UKRAINE_NEWS, "auto", "en")


def test_python_client_detects_chinese(open_server: str) -> None:
    detected = LibreTranslateAPI(open_server).detect(UKRAINE_NEWS)
    assert detected[0]["language"] == "zh"
    assert detected[0]["confidence"] > 90


def test_python_client_lists_the_installed_pair(open_server: str) -> None:
    languages = LibreTranslateAPI(open_server).languages()
    assert {"code": "zh", "name": "Chinese", "targets": ["en"]} in languages
    assert {"code": "en", "name": "English", "targets": []} in languages


@pytest.mark.parametrize(
    ("source", "target", "error"),
    [
        ("zh", "de", "de is not supported"),
        ("en", "zh", "No translation from 'en' to 'zh' is installed"),
    ],
)
def test_python_client_raises_its_http_error_400_for_an_unsupported_pair(
    open_server: str, source: str, target: str, error: str
) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        LibreTranslateAPI(open_server).translate("你好。", source, target)
    status, message = error_of(caught.value)
    assert status == 400
    assert message.startswith(error)


def test_python_client_raises_its_http_error_403_for_a_bad_key(keyed_server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        LibreTranslateAPI(keyed_server, "not-the-key").translate("你好。", "zh", "en")
    assert error_of(caught.value) == (403, "The API key is not valid.")


def test_python_client_with_its_key_translates_and_then_gets_429_over_the_limit(
    keyed_server: str,
) -> None:
    client = LibreTranslateAPI(keyed_server, KEY)
    assert "Ukrain" in client.translate(UKRAINE_NEWS, "zh", "en")
    assert client.languages()  # sends the key in a GET body; discovery is not counted
    refused = first_refusal(client)
    status, message = error_of(refused)
    assert status == 429
    assert message.startswith("Slowdown: ")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def first_refusal(client: LibreTranslateAPI) -> urllib.error.HTTPError:
    """The client's exception for the first detect refused. The limit counts in fixed
    one-minute windows, and a window may turn over once while this runs, so a few more calls
    than the limit are allowed for."""
    for _ in range(5):
        try:
            client.detect("你好。")
        except urllib.error.HTTPError as exc:
            return exc
    raise AssertionError("5 calls in a row were admitted with a limit of 2 per minute")


# --- what libretranslatepy cannot send, as LibreTranslate's docs send it ----------------------


def test_a_json_list_is_translated_in_order(open_server: str) -> None:
    response = requests.post(
        f"{open_server}/translate",
        json={"q": ["乌克兰总统发表讲话。", "你好。"], "source": "zh", "target": "en"},
        timeout=120,
    )
    assert response.status_code == 200
    first, second = response.json()["translatedText"]
    assert "Ukrain" in first
    assert "hello" in second.lower()


def test_alternatives_come_from_the_real_models_n_best(open_server: str) -> None:
    response = requests.post(
        f"{open_server}/translate",
        json={"q": "他们讨论了能源安全问题。", "source": "zh", "target": "en", "alternatives": 3},
        timeout=120,
    )
    body = response.json()
    assert 1 <= len(body["alternatives"]) <= 3
    assert body["translatedText"] not in body["alternatives"]
    assert all("energy" in alternative.lower() for alternative in body["alternatives"])


def test_format_html_keeps_the_markup(open_server: str) -> None:
    response = requests.post(
        f"{open_server}/translate",
        json={
            "q": "<p>乌克兰总统<b>泽连斯基</b>周二在基辅会见了欧洲领导人。</p>",
            "source": "zh",
            "target": "en",
            "format": "html",
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    text = response.json()["translatedText"]
    assert text.startswith("<p>")
    assert "<b>Zelensky</b>" in text


def test_a_txt_file_round_trips_through_the_download_url(open_server: str) -> None:
    response = requests.post(
        f"{open_server}/translate_file",
        data={"source": "zh", "target": "en"},
        files={"file": ("news.txt", UKRAINE_NEWS.encode())},
        timeout=120,
    )
    assert response.status_code == 200
    download = requests.get(response.json()["translatedFileUrl"], timeout=30)
    assert download.status_code == 200
    assert "Ukrain" in download.text


# --- the npm client -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def npm_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the npm ``libretranslate`` client installed and a script that calls it."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("node and npm are not installed")
    folder = tmp_path_factory.mktemp("npm-libretranslate")
    try:
        install = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), NPM_CLIENT],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm install {NPM_CLIENT} took over 180 s")
    if install.returncode != 0:
        pytest.skip(f"npm install {NPM_CLIENT} failed: {install.stderr[-500:]}")
    (folder / "translate.js").write_text(
        'const { translate } = require("libretranslate");\n'
        "const [query, source, target, apiurl] = process.argv.slice(2);\n"
        "translate({ query, source, target, apiurl })\n"
        "  .then((text) => console.log(JSON.stringify(text)))\n"
        "  .catch((error) => { console.error(error); process.exit(1); });\n"
    )
    return folder


def test_npm_client_translates_chinese_news_to_english(npm_client: Path, open_server: str) -> None:
    run = subprocess.run(
        ["node", str(npm_client / "translate.js"), UKRAINE_NEWS, "zh", "en", open_server],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=npm_client,
    )
    assert run.returncode == 0, run.stderr
    assert "Ukrain" in json.loads(run.stdout)
