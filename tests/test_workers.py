"""gunicorn workers that are recycled keep serving translations (no OpenMP hang on fork).

LibreTranslate issue 1008: workers that load CTranslate2 before a fork can deadlock in OpenMP.
Here every worker loads its own models after the fork (no ``preload_app``), and this test
recycles workers many times under real translation traffic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from testkit.servers import gunicorn

pytestmark = pytest.mark.server


def test_recycled_workers_keep_translating(tmp_path: Path) -> None:
    env = {"PRECIS_WORKERS": "2", "PRECIS_THREADS": "2", "PRECIS_MAX_REQUESTS": "4"}
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log) as base:
        pairs = requests.get(f"{base}/v1/languages", timeout=30).json()["pairs"]
        if not any(p["source"] == "zh" and p["target"] == "en" for p in pairs):
            pytest.skip("zh-en is not installed in the default models folder")
        for attempt in range(24):
            response = requests.post(
                f"{base}/v1/translate",
                timeout=60,
                json={"text": f"乌克兰总统在基辅发表讲话。第{attempt + 1}次。", "target": "en"},
            )
            assert response.status_code == 200, response.text
            assert "Ukrain" in response.json()["translations"][0]["text"]
    boots = log.read_text().count("Booting worker")
    assert boots >= 6, f"workers were not recycled ({boots} boots)"
