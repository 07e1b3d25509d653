"""URL sources, served by a real HTTP server on 127.0.0.1: downloads are verified, cached and
reused; a bad download is discarded and leaves nothing installed."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from service.installer.errors import ChecksumMismatch, DownloadFailed, InvalidPackage, NoSource
from service.installer.install import ALREADY_INSTALLED, INSTALLED, install_pair
from service.installer.manifest import Manifest, parse_manifest
from testkit.tiny_models import build_argosmodel, project_manifest, sha256_of

ZH_EN = "translate-zh_en-1_9"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """(base URL, folder it serves, paths requested) for a server on a free loopback port."""
    folder = tmp_path / "www"
    folder.mkdir()
    requests: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            super().do_GET()

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder, requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def manifest_for(url: str, sha256: str | None) -> Manifest:
    """The project's manifest with zh-en pointing at ``url`` (the monkeypatched source)."""
    raw = project_manifest()
    for entry in raw["packages"]:
        if entry["pair"] == "zh-en":
            entry["sources"] = [url]
            entry["sha256"] = sha256
    return parse_manifest(raw)


def test_url_source_is_downloaded_verified_cached_and_reused(
    tmp_path: Path, served: tuple[str, Path, list[str]]
) -> None:
    base, folder, requests = served
    archive = build_argosmodel(folder, "zh", "en", "1.9")
    manifest = manifest_for(f"{base}/{archive.name}", sha256_of(archive))
    models, cache = tmp_path / "var" / "models", tmp_path / "var" / "downloads"

    result = install_pair("zh-en", models, manifest=manifest, timeout=10)
    assert result.status == INSTALLED
    assert result.pinned
    assert result.source == f"{base}/{archive.name}"
    assert (models / ZH_EN / "model" / "model.bin").is_file()
    assert (cache / archive.name).read_bytes() == archive.read_bytes()  # default cache
    assert requests == [f"/{archive.name}"]
    assert [p.name for p in cache.iterdir()] == [archive.name]  # no .part files left

    assert install_pair("zh-en", models, manifest=manifest).status == ALREADY_INSTALLED
    # after removing the package, the cached download is used: no second request
    shutil.rmtree(models / ZH_EN)
    assert install_pair("zh-en", models, manifest=manifest).status == INSTALLED
    assert requests == [f"/{archive.name}"]


def test_unpinned_download_reports_the_sha256_seen(
    tmp_path: Path, served: tuple[str, Path, list[str]]
) -> None:
    base, folder, _ = served
    archive = build_argosmodel(folder, "zh", "en", "1.9")
    result = install_pair(
        "zh-en",
        tmp_path / "models",
        manifest=manifest_for(f"{base}/{archive.name}", None),
        cache_dir=tmp_path / "cache",
    )
    assert not result.pinned
    assert result.sha256 == sha256_of(archive)


def test_checksum_mismatch_discards_the_download_and_installs_nothing(
    tmp_path: Path, served: tuple[str, Path, list[str]]
) -> None:
    base, folder, _ = served
    archive = build_argosmodel(folder, "zh", "en", "1.9")
    models, cache = tmp_path / "models", tmp_path / "cache"
    with pytest.raises(NoSource) as caught:
        install_pair(
            "zh-en",
            models,
            manifest=manifest_for(f"{base}/{archive.name}", "a" * 64),
            cache_dir=cache,
        )
    (failure,) = caught.value.failures
    assert isinstance(failure, ChecksumMismatch)
    assert f"{ZH_EN} from {base}/{archive.name}: sha256 mismatch" in str(failure)
    assert str(failure).endswith("(download deleted)")
    assert list(models.iterdir()) == []
    assert list(cache.iterdir()) == []


def test_download_of_another_pair_is_discarded(
    tmp_path: Path, served: tuple[str, Path, list[str]]
) -> None:
    base, folder, _ = served
    archive = build_argosmodel(folder, "ru", "en", "1.9", name=ZH_EN)
    cache = tmp_path / "cache"
    with pytest.raises(NoSource) as caught:
        install_pair(
            "zh-en",
            tmp_path / "models",
            manifest=manifest_for(f"{base}/{archive.name}", None),
            cache_dir=cache,
        )
    assert isinstance(caught.value.failures[0], InvalidPackage)
    assert "metadata says ru -> en" in str(caught.value)
    assert list(cache.iterdir()) == []


def test_http_error_is_a_download_failure_naming_the_url(
    tmp_path: Path, served: tuple[str, Path, list[str]]
) -> None:
    base, _, _ = served
    with pytest.raises(NoSource) as caught:
        install_pair(
            "zh-en",
            tmp_path / "models",
            manifest=manifest_for(f"{base}/missing.argosmodel", None),
            cache_dir=tmp_path / "cache",
        )
    (failure,) = caught.value.failures
    assert isinstance(failure, DownloadFailed)
    assert f"{base}/missing.argosmodel: HTTP 404" in str(failure)
    assert list((tmp_path / "cache").iterdir()) == []
    assert list((tmp_path / "models").iterdir()) == []
