"""The service under real gunicorn, over real HTTP on a free loopback port."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import requests

from testkit.servers import ROOT, free_port

from .conftest import article
from .contract import Contract

pytestmark = pytest.mark.server


def checked(
    contract: Contract, method: str, base: str, path: str, **kwargs: object
) -> requests.Response:
    response = requests.request(method, base + path, timeout=30, **kwargs)  # type: ignore[arg-type]
    content_type = response.headers.get("Content-Type", "").split(";")[0]
    body = response.json() if "json" in content_type else None
    contract.check_response(method, path, response.status_code, content_type, body)
    return response


def test_gunicorn_serves_a_summary_over_http(server: str, contract: Contract) -> None:
    response = checked(
        contract,
        "POST",
        server,
        "/v1/summarize",
        json={"text": article("article-ru.txt"), "sentences": 3},
    )
    assert response.status_code == 200
    assert response.json()["language"]["code"] == "ru"
    assert len(response.json()["sentences"]) == 3


def test_gunicorn_answers_oversized_body_with_413_problem(server: str, contract: Contract) -> None:
    response = checked(
        contract,
        "POST",
        server,
        "/v1/summarize",
        data=b'{"text": "' + b"a" * 100_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_gunicorn_answers_unknown_path_404_and_wrong_media_type_415(
    server: str, contract: Contract
) -> None:
    assert checked(contract, "GET", server, "/nope").status_code == 404
    assert (
        checked(
            contract,
            "POST",
            server,
            "/v1/detect",
            data="hello",
            headers={"Content-Type": "text/plain"},
        ).status_code
        == 415
    )


def test_gunicorn_keeps_utf8_text_intact(server: str, contract: Contract) -> None:
    text = article("article-zh.txt")
    body = checked(
        contract, "POST", server, "/v1/summarize", json={"text": text, "sentences": 1}
    ).json()
    assert body["sentences"][0]["text"] in text


def test_container_healthcheck_passes_against_the_running_server(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "service.healthcheck"],
        cwd=ROOT,
        env={**os.environ, "PRECIS_BIND": f"0.0.0.0:{port}"},
        check=False,
    )
    assert result.returncode == 0


def test_container_healthcheck_fails_when_nothing_listens() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service.healthcheck"],
        cwd=ROOT,
        env={**os.environ, "PRECIS_BIND": f"127.0.0.1:{free_port()}"},
        check=False,
        capture_output=True,
    )
    assert result.returncode == 1


def test_gunicorn_translates_chinese_with_the_installed_model(
    server: str, contract: Contract
) -> None:
    languages = checked(contract, "GET", server, "/v1/languages").json()
    if not any(p["source"] == "zh" and p["target"] == "en" for p in languages["pairs"]):
        pytest.skip("zh-en is not installed in the default models folder (scripts/test does it)")
    response = checked(
        contract,
        "POST",
        server,
        "/v1/translate",
        json={"text": "乌克兰总统在基辅发表讲话。", "target": "en"},
    )
    assert response.status_code == 200
    assert "Ukrain" in response.json()["translations"][0]["text"]


def test_gunicorn_translates_html_with_a_line_break_inside_a_sentence(
    server: str, contract: Contract
) -> None:
    languages = checked(contract, "GET", server, "/v1/languages").json()
    if not any(p["source"] == "zh" and p["target"] == "en" for p in languages["pairs"]):
        pytest.skip("zh-en is not installed in the default models folder (scripts/test does it)")
    body = {
        "text": "<p>乌克兰总统<b>泽连斯基</b>周二<br>在基辅会见了欧洲领导人。</p>",
        "target": "en",
        "format": "html",
    }
    first = checked(contract, "POST", server, "/v1/translate", json=body)
    assert first.status_code == 200
    [translation] = first.json()["translations"]
    text = translation["text"]
    assert text.startswith("<p>")
    assert text.endswith("</p>")
    assert text.count("<br>") == 1
    assert text.count("<b>") == 1
    assert "Zelensky" in text.split("<b>")[1].split("</b>")[0]
    # one sentence translated whole: the <br> did not cut it into two translations (cut, the
    # part after it comes back as a sentence of its own, capitalised)
    assert re.sub(r"<[^>]+>", "", text).count(".") == 1, text
    assert not text.split("<br>")[1].lstrip()[:1].isupper(), text
    # a re-post (its sentence cached with its alignment) answers the same
    again = checked(contract, "POST", server, "/v1/translate", json=body)
    assert again.json()["translations"][0]["text"] == text
