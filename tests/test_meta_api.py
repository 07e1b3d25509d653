"""Languages, probes, the served spec, and that spec and routes list the same operations."""

from __future__ import annotations

import re

import yaml
from flask import Flask

from .conftest import CheckedClient
from .contract import Contract


def test_languages_lists_the_four_languages_with_summaries(client: CheckedClient) -> None:
    body = client.get("/v1/languages").json
    assert [lang["code"] for lang in body["languages"]] == ["en", "uk", "ru", "zh"]
    assert all(lang["summarize"] for lang in body["languages"])
    assert body["default_summary_method"] in body["summary_methods"]


def test_healthz_says_ok_and_readyz_says_ready(client: CheckedClient) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready", "pairs": ["zh-en"]}


def test_spec_is_served_as_yaml(client: CheckedClient) -> None:
    response = client.get("/openapi.yaml")
    assert yaml.safe_load(response.data)["openapi"].startswith("3.1")


def test_every_route_is_in_the_spec_and_every_spec_path_is_routed(
    app: Flask, contract: Contract
) -> None:
    routed = {
        # Flask's /download_file/<filename> is the spec's /download_file/{filename}
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert routed == contract.operations()


def test_detect_ranks_ukrainian_first_with_confidences_summing_to_one(
    client: CheckedClient,
) -> None:
    body = client.post("/v1/detect", json={"text": "Привіт, як справи у Києві?"}).json
    assert body["language"] == "uk"
    assert next(c["language"] for c in body["candidates"]) == "uk"
    assert abs(sum(c["confidence"] for c in body["candidates"]) - 1) < 0.01


def test_detect_says_und_for_text_without_letters(client: CheckedClient) -> None:
    body = client.post("/v1/detect", json={"text": "2024-11-05 12:00"}).json
    assert body["language"] == "und"
    assert body["confidence"] == 0


def test_spec_defaults_are_the_services_defaults(contract: Contract) -> None:
    from service.config import Settings
    from service.summarize import DEFAULT_METHOD, METHODS

    options = contract.spec["components"]["schemas"]["SummaryOptions"]["properties"]
    defaults = Settings()
    assert options["method"]["default"] == DEFAULT_METHOD
    assert sorted(options["method"]["enum"]) == sorted(METHODS)
    assert options["sentences"]["default"] == defaults.default_summary_sentences
    assert options["sentences"]["maximum"] == defaults.max_summary_sentences
    text = contract.spec["components"]["schemas"]["Text"]
    assert text["maxLength"] == defaults.max_text_chars
