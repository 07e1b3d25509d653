"""/docs is Swagger UI served from the service itself (no file from another host), its files
are served with their types, and /openapi.json is openapi.yaml as JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
import yaml

from service.api.docs import ASSETS, INITIALIZER_NAME

from .conftest import CheckedClient

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"
TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png"}


def referenced(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_docs_is_a_page_that_loads_only_files_of_this_service(client: CheckedClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "swagger-ui" in html
    assert not re.search(r"https?://", html)
    assert all(url.startswith("/docs/") for url in referenced(html))
    initializer = client.get(f"/docs/{INITIALIZER_NAME}").get_data(as_text=True)
    assert '"/openapi.json"' in initializer
    assert "validatorUrl: null" in initializer  # no badge fetched from swagger.io
    assert not re.search(r"https?://", initializer)


def test_every_file_the_page_references_is_served_with_its_type(client: CheckedClient) -> None:
    html = client.get("/docs").get_data(as_text=True)
    for url in referenced(html):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == TYPES[Path(url).suffix], url
        assert len(response.data) > 100 or url.endswith(INITIALIZER_NAME)
        response.close()  # a file's answer holds the file open until closed


@pytest.mark.parametrize("name", ["swagger-ui.js.map", "index.html", "..%2Fopenapi.yaml", "x"])
def test_files_of_the_bundle_the_page_does_not_use_are_404(
    client: CheckedClient, name: str
) -> None:
    assert client.get(f"/docs/{name}").status_code == 404


def test_the_spec_lists_exactly_the_files_served(client: CheckedClient) -> None:
    spec = yaml.safe_load(SPEC.read_text())
    listed = spec["paths"]["/docs/{asset}"]["get"]["parameters"][0]["schema"]["enum"]
    assert sorted(listed) == sorted([*ASSETS, INITIALIZER_NAME])


def test_openapi_json_is_the_yaml_spec(client: CheckedClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json == yaml.safe_load(SPEC.read_text(encoding="utf-8"))


@pytest.mark.server
def test_real_gunicorn_serves_the_docs_page_and_its_files(server: str) -> None:
    page = requests.get(f"{server}/docs", timeout=30)
    assert page.status_code == 200
    for url in referenced(page.text):
        asset = requests.get(server + url, timeout=30)
        assert (asset.status_code, asset.headers["Content-Type"].split(";")[0]) == (
            200,
            TYPES[Path(url).suffix],
        )
    assert requests.get(f"{server}/openapi.json", timeout=30).json()["openapi"].startswith("3.1")
