"""The deploy/ example, run natively: Debian's nginx on the repo's gateway template, two real
gunicorn replicas with the real zh->en model, and one redis-server as their shared cache (what
deploy/compose.yaml runs in containers; no Docker engine here).

Through the gateway: a translation cached by one replica is a Redis hit for the other, the
request id goes end to end, a body over the limit is refused at the gateway, and with one
replica's master killed (SIGKILL) every request is still answered by the other."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests
import yaml

from testkit.gateway import TEMPLATE, nginx_gateway
from testkit.redis_server import redis_server
from testkit.servers import ROOT, free_port, wait_ready

from .contract import Contract

pytestmark = pytest.mark.server

MAX_BODY = 50_000
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
TEXT = "乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。他们讨论了能源安全问题。"


@dataclass
class Replica:
    address: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL the master and its workers (its process group), as a container's processes
        all end when its main one is killed. (The master alone: its orphaned worker goes on
        serving until it notices, about a second, which would test nothing.)"""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def refuses(self) -> bool:
        try:
            requests.get(f"http://{self.address}/healthz", timeout=2)
        except requests.ConnectionError:
            return True
        return False


@dataclass
class Deployment:
    base: str
    replicas: list[Replica]
    cache: str
    gateway_log: Path

    def upstreams(self) -> list[str]:
        """The replica each request went to, in order (the gateway's access log)."""
        return re.findall(r"upstream=(.*?) upstream_status=", self.gateway_log.read_text())

    def upstreams_since(self, before: int, count: int) -> list[str]:
        """The upstreams of the ``count`` requests after the first ``before``: nginx writes a
        line just after it answers, so wait a moment for the last ones."""
        deadline = time.monotonic() + 5
        while len(self.upstreams()) < before + count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.upstreams()[before:]


def start_replica(models_dir: Path, cache_url: str, log: Path) -> Replica:
    port = free_port()
    env = {
        **os.environ,
        "PRECIS_BIND": f"127.0.0.1:{port}",
        "PRECIS_WORKERS": "1",
        "PRECIS_THREADS": "2",
        "PRECIS_MODELS_DIR": str(models_dir),
        "PRECIS_CACHE_URL": cache_url,
        "PRECIS_MAX_BODY_BYTES": str(MAX_BODY),
        "PRECIS_REQUIRE_PAIRS": "zh-en",
        "PRECIS_LOG_FORMAT": "json",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            GUNICORN,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: its workers are ended with it
        )
    return Replica(f"127.0.0.1:{port}", process, log)


def stop(replica: Replica) -> None:
    with contextlib.suppress(ProcessLookupError):  # the master's group: it and its workers
        os.killpg(replica.process.pid, signal.SIGKILL)
    replica.process.wait(timeout=10)


@pytest.fixture(scope="module")
def deployment(
    zhen_package: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    work = tmp_path_factory.mktemp("gateway")
    with redis_server() as cache:
        replicas = [
            start_replica(zhen_package.parent, cache, work / f"replica-{n}.log") for n in (1, 2)
        ]
        try:
            for replica in replicas:
                wait_ready(f"http://{replica.address}", replica.process)
            port = free_port()
            values = {
                "PRECIS_REPLICA_1": replicas[0].address,
                "PRECIS_REPLICA_2": replicas[1].address,
                "PRECIS_MAX_BODY_BYTES": str(MAX_BODY),
            }
            with nginx_gateway(values, work / "nginx", port) as gateway_log:
                yield Deployment(f"http://127.0.0.1:{port}", replicas, cache, gateway_log)
        finally:
            for replica in replicas:
                stop(replica)


def served_request_ids(deployment: Deployment) -> set[str]:
    """The request ids of the requests the replicas' service code handled (its JSON
    ``service.requests`` log lines)."""
    ids = set()
    for replica in deployment.replicas:
        for line in replica.log.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("logger") == "service.requests":
                ids.add(entry["request_id"])
    return ids


def translate(base: str, **headers: str) -> requests.Response:
    return requests.post(
        f"{base}/v1/translate",
        json={"text": TEXT, "source": "zh", "target": "en"},
        headers=headers,
        timeout=60,
    )


def test_a_translation_cached_by_one_replica_is_a_cache_hit_on_the_other(
    deployment: Deployment,
) -> None:
    client = redis.Redis.from_url(deployment.cache)
    hits_before = client.info("stats")["keyspace_hits"]
    before = len(deployment.upstreams())
    first = translate(deployment.base)
    keys = client.dbsize()
    second = translate(deployment.base)
    hits = client.info("stats")["keyspace_hits"] - hits_before
    first_replica, second_replica = deployment.upstreams_since(before, 2)
    client.close()
    assert first.status_code == second.status_code == 200
    assert first_replica != second_replica  # round robin: one request to each replica
    assert {first_replica, second_replica} == {r.address for r in deployment.replicas}
    assert keys >= 2  # the first replica stored the two sentences
    assert hits >= 2  # ... and the second found both in Redis, translating nothing
    assert client.dbsize() == keys
    assert second.json() == first.json()


def test_a_client_request_id_goes_end_to_end_and_one_is_made_when_absent(
    deployment: Deployment,
) -> None:
    sent = translate(deployment.base, **{"X-Request-ID": "cms-7f3a.42"})
    made = translate(deployment.base)
    hostile = translate(deployment.base, **{"X-Request-ID": "a b\tc"})
    assert sent.headers["X-Request-ID"] == "cms-7f3a.42"
    generated = made.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["X-Request-ID"])
    served = served_request_ids(deployment)
    assert "cms-7f3a.42" in served  # the replica took the client's id as its own
    assert generated in served  # ... and the gateway's when the client sent none
    gateway_log = deployment.gateway_log.read_text()
    assert "request_id=cms-7f3a.42" in gateway_log
    assert f"request_id={generated}" in gateway_log


def test_a_body_over_the_limit_is_a_413_problem_at_the_gateway(
    deployment: Deployment, contract: Contract
) -> None:
    before = len(deployment.upstreams())
    response = requests.post(
        f"{deployment.base}/v1/summarize",
        data=b'{"text": "' + b"a" * MAX_BODY + b'"}',
        headers={"Content-Type": "application/json", "X-Request-ID": "big-1"},
        timeout=30,
    )
    contract.check_response(
        "POST", "/v1/summarize", 413, response.headers["Content-Type"], response.json()
    )
    assert response.headers["X-Request-ID"] == "big-1"
    assert f"limit of {MAX_BODY} bytes" in response.json()["detail"]
    assert deployment.upstreams_since(before, 1) == ["-"]  # no replica saw it


def test_metrics_are_not_served_through_the_gateway(deployment: Deployment) -> None:
    before = len(deployment.upstreams())
    response = requests.get(f"{deployment.base}/metrics", timeout=10)
    # (the spec describes the service, whose /metrics answers 200: this 404 is the gateway's)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert "scraped from each replica" in response.json()["detail"]
    assert deployment.upstreams_since(before, 1) == ["-"]
    direct = requests.get(f"http://{deployment.replicas[0].address}/metrics", timeout=10)
    assert direct.status_code == 200


def test_with_one_replica_killed_the_other_serves_every_request(
    deployment: Deployment,
) -> None:
    killed, survivor = deployment.replicas
    killed.kill()
    deadline = time.monotonic() + 10
    while not killed.refuses() and time.monotonic() < deadline:
        time.sleep(0.1)  # a worker may outlive its master by a moment
    assert killed.refuses()
    before = len(deployment.upstreams())
    answers = [translate(deployment.base) for _ in range(6)]
    ready = [requests.get(f"{deployment.base}/readyz", timeout=10) for _ in range(4)]
    # every request ended on the survivor (the first may have tried the dead one first:
    # nginx logs "dead, survivor" for it)
    assert [u.split(", ")[-1] for u in deployment.upstreams_since(before, 10)] == [
        survivor.address
    ] * 10
    assert [a.status_code for a in answers] == [200] * 6
    assert [r.status_code for r in ready] == [200] * 4
    assert {a.json()["translations"][0]["text"] for a in answers} == {
        answers[0].json()["translations"][0]["text"]
    }
    assert survivor.process.poll() is None


def test_compose_gives_the_gateway_every_placeholder_and_the_replicas_limit() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    gateway = services["gateway"]["environment"]
    placeholders = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", TEMPLATE.read_text()))
    assert placeholders <= set(gateway)
    replicas = [name for name in services if name.startswith("precis-")]
    assert [gateway[f"PRECIS_REPLICA_{n}"] for n in (1, 2)] == [f"{r}:8000" for r in replicas]
    for name in replicas:
        environment = services[name]["environment"]
        assert environment["PRECIS_MAX_BODY_BYTES"] == gateway["PRECIS_MAX_BODY_BYTES"]
        assert environment["PRECIS_CACHE_URL"] == "redis://redis:6379/0"
