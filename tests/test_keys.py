"""API keys and per-key limits: off by default; when keys are configured a request needs a known
one, and each key has a rate, a size per request and a daily character budget, counted in Redis
when one is configured (shared by every gate) and answered 403 / 429 with Retry-After."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service import create_app
from service.errors import InvalidApiKey, QuotaExceeded, RateLimited, TextTooLong
from service.keys import Gate, Key, KeyLimits, digest, load_keys, main, new_key
from testkit.redis_server import redis_server
from testkit.servers import free_port

from .conftest import CheckedClient
from .contract import Contract
from .fakes import fake_runtime


def gate(limits: KeyLimits | None = None, *, url: str = "", secret: str = "s3cret") -> Gate:
    return Gate([Key("cms", digest(secret), limits or KeyLimits())], storage_url=url)


def test_without_keys_every_request_is_admitted_and_nothing_counted() -> None:
    open_gate = Gate()
    for _ in range(1000):
        open_gate.admit(None, 10**6)
    assert not open_gate.enabled
    assert open_gate.usage(None).characters == 0


@pytest.mark.parametrize("key", [None, "", "wrong"])
def test_a_missing_or_unknown_key_is_refused(key: str | None) -> None:
    with pytest.raises(InvalidApiKey):
        gate().admit(key, 10)


def test_requests_over_the_rate_are_refused_with_the_seconds_to_wait() -> None:
    limited = gate(KeyLimits(requests_per_minute=2))
    limited.admit("s3cret", 1)
    limited.admit("s3cret", 1)
    with pytest.raises(RateLimited) as caught:
        limited.admit("s3cret", 1)
    assert 1 <= caught.value.retry_after <= 60
    assert "2 requests per minute" in caught.value.detail


def test_a_request_over_the_keys_size_is_too_long() -> None:
    with pytest.raises(TextTooLong, match="limit is 100 per request"):
        gate(KeyLimits(chars_per_request=100)).admit("s3cret", 101)


def test_the_daily_budget_counts_characters_and_usage_reports_them() -> None:
    budget = gate(KeyLimits(requests_per_minute=0, chars_per_day=1000))
    budget.admit("s3cret", 600)
    assert (budget.usage("s3cret").characters, budget.usage("s3cret").limit) == (600, 1000)
    with pytest.raises(QuotaExceeded) as caught:
        budget.admit("s3cret", 500)
    assert 1 <= caught.value.retry_after <= 24 * 3600
    budget.admit("s3cret", 400)  # the refused request used up nothing
    assert budget.usage("s3cret").characters == 1000


def test_keys_come_from_the_variable_and_from_a_file_of_hashes(tmp_path: Path) -> None:
    file = tmp_path / "keys.json"
    file.write_text(
        json.dumps(
            {
                "keys": [
                    {"name": "cms", "sha256": digest("from-file"), "chars_per_day": 5},
                    {"sha256": digest("other")},
                ]
            }
        )
    )
    keys = load_keys("a, b,", str(file), KeyLimits(requests_per_minute=7))
    assert [k.name for k in keys] == ["key 1", "key 2", "cms", "key 2"]
    assert keys[2].limits == KeyLimits(requests_per_minute=7, chars_per_day=5)
    assert "from-file" not in file.read_text()
    Gate(keys).admit("from-file", 5)


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"keys": {}}',
        '{"keys": [{"sha256": "short"}]}',
        '{"keys": [{"sha256": "' + "a" * 64 + '", "chars_per_day": -1}]}',
    ],
)
def test_a_broken_keys_file_is_an_error_naming_the_variable(tmp_path: Path, content: str) -> None:
    file = tmp_path / "keys.json"
    file.write_text(content)
    with pytest.raises(ValueError, match="PRECIS_API_KEYS_FILE"):
        load_keys("", str(file), KeyLimits())


def test_new_key_prints_a_key_and_the_entry_holding_only_its_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key, entry = new_key("cms")
    assert entry == {"name": "cms", "sha256": digest(key)}
    assert main(["new", "cms"]) == 0
    printed = capsys.readouterr().out
    assert '"sha256"' in printed
    assert main(["old"]) == 2


def test_counters_in_redis_are_shared_by_every_gate() -> None:
    with redis_server() as url:
        limits = KeyLimits(requests_per_minute=3)
        replicas = [gate(limits, url=url), gate(limits, url=url)]
        replicas[0].admit("s3cret", 1)
        replicas[1].admit("s3cret", 1)
        replicas[0].admit("s3cret", 1)
        with pytest.raises(RateLimited):
            replicas[1].admit("s3cret", 1)


def test_an_unreachable_counter_store_admits_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    down = gate(KeyLimits(requests_per_minute=1), url=f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="service.keys"):
        for _ in range(3):
            down.admit("s3cret", 1)
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1


# --- over HTTP, the native API ----------------------------------------------------------------


@pytest.fixture(scope="module")
def keyed(contract: Contract) -> CheckedClient:
    runtime = replace(fake_runtime("zh-en"), gate=gate(KeyLimits(requests_per_minute=3)))
    app = create_app(runtime=runtime)
    client: FlaskClient = app.test_client()
    return CheckedClient(client, contract)


def test_native_api_needs_the_key_in_x_api_key_or_bearer(keyed: CheckedClient) -> None:
    body = {"text": "你好。", "source": "zh", "target": "en"}
    refused = keyed.post("/v1/translate", json=body)
    assert refused.status_code == 403
    assert refused.json["type"] == "urn:precis:problem:invalid-api-key"
    assert (
        keyed.post("/v1/translate", json=body, headers={"X-API-Key": "s3cret"}).status_code == 200
    )
    bearer = {"Authorization": "Bearer s3cret"}
    assert (
        keyed.post("/v1/detect", json={"text": "Hello there."}, headers=bearer).status_code == 200
    )
    assert keyed.get("/healthz").status_code == 200  # probes need no key


def test_native_api_over_the_rate_is_429_with_retry_after(keyed: CheckedClient) -> None:
    headers = {"X-API-Key": "s3cret"}
    statuses = [
        keyed.post("/v1/detect", json={"text": "Hello."}, headers=headers) for _ in range(4)
    ]
    limited = statuses[-1]
    assert limited.status_code == 429
    assert limited.json["type"] == "urn:precis:problem:rate-limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
