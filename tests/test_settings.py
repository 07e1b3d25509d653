"""Settings come from ``PRECIS_*`` variables, each declared once with its default: the groups
(``PRECIS_TRANSLATE_*``) are the engine's own options, measured constants are not settings, and a
value that cannot be read names its variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import ServerSettings, Settings, check_environment, environment_defaults
from service.translate import TranslateOptions
from testkit.servers import ROOT, free_port


def test_unset_or_empty_variables_keep_the_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"PRECIS_MAX_TEXTS": ""}) == Settings()
    assert ServerSettings.from_env({}) == ServerSettings()


def test_each_variable_is_read_as_its_fields_type() -> None:
    settings = Settings.from_env(
        {
            "PRECIS_MAX_TEXTS": "7",
            "PRECIS_DETECT_MIN_CONFIDENCE": "0.25",
            "PRECIS_MODELS_DIR": "/srv/models",
            "PRECIS_CACHE_URL": "x",
        }
    )
    assert (settings.max_texts, settings.detect_min_confidence) == (7, 0.25)
    assert (settings.models_dir, settings.cache_url) == (Path("/srv/models"), "x")


def test_translate_variables_set_the_engines_options() -> None:
    settings = Settings.from_env(
        {
            "PRECIS_TRANSLATE_BEAM_SIZE": "2",
            "PRECIS_TRANSLATE_BATCH_WINDOW_MS": "5",
            "PRECIS_TRANSLATE_CROSS_REQUEST_BATCHING": "yes",
        }
    )
    assert settings.translate == TranslateOptions(
        beam_size=2, batch_window_ms=5.0, cross_request_batching=True
    )


def test_measured_constants_are_not_settings() -> None:
    variables = environment_defaults(Settings)
    assert "PRECIS_TRANSLATE_BEAM_SIZE" in variables
    assert "PRECIS_TRANSLATE_LENGTH_PENALTY" not in variables
    settings = Settings.from_env({"PRECIS_TRANSLATE_LENGTH_PENALTY": "3"})
    assert settings.translate.length_penalty == TranslateOptions().length_penalty


def test_switches_take_the_usual_spellings() -> None:
    name = "PRECIS_TRANSLATE_CROSS_REQUEST_BATCHING"
    for on in ("1", "true", "Yes", "on"):
        assert Settings.from_env({name: on}).translate.cross_request_batching is True
    for off in ("0", "false", "No", "off"):
        assert Settings.from_env({name: off}).translate.cross_request_batching is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PRECIS_TRANSLATE_CROSS_REQUEST_BATCHING", "maybe"),
        ("PRECIS_MAX_TEXTS", "many"),
        ("PRECIS_TRANSLATE_BEAM_SIZE", "4.5"),
    ],
)
def test_an_unreadable_value_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"{name}='{value}'"):
        Settings.from_env({name: value})


def test_create_app_overrides_settings_by_field_name() -> None:
    settings = Settings().override({"max_texts": 3, "translate": TranslateOptions(beam_size=1)})
    assert (settings.max_texts, settings.translate.beam_size) == (3, 1)


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("PRECIS_WORKERS", "0", "at least 1"),
        ("PRECIS_THREADS", "-1", "at least 0"),
        ("PRECIS_REQUEST_TIMEOUT", "0", "at least 1"),
        ("PRECIS_QUEUE_HEAVY", "0", "at least 1"),
        ("PRECIS_TRANSLATE_BEAM_SIZE", "0", "at least 1"),
        ("PRECIS_MAX_TEXT_CHARS", "-1", "at least 1"),
        ("PRECIS_DETECT_MIN_CONFIDENCE", "1.5", "at most 1"),
        ("PRECIS_CACHE_ENTRIES", "-5", "at least 0"),
        ("PRECIS_LIMITS_CHARS_PER_DAY", "-1", "at least 0"),
        ("PRECIS_TRANSLATE_COMPUTE_TYPE", "bogus", "one of: default"),
        ("PRECIS_LOG_LEVEL", "LOUD", "one of: DEBUG"),
    ],
)
def test_a_value_out_of_its_range_names_the_variable_and_the_range(
    name: str, value: str, rule: str
) -> None:
    with pytest.raises(ValueError, match=f"{name}=.*{rule}"):
        check_environment({name: value})


def test_values_in_range_and_any_case_of_a_choice_are_accepted() -> None:
    check_environment(
        {
            "PRECIS_LOG_LEVEL": "debug",
            "PRECIS_TRANSLATE_COMPUTE_TYPE": "INT8",
            "PRECIS_TIMEOUT": "0",
            "PRECIS_DETECT_MIN_CONFIDENCE": "1",
        }
    )


def test_an_unreadable_keys_file_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PRECIS_API_KEYS_FILE"):
        check_environment({"PRECIS_API_KEYS_FILE": str(tmp_path / "absent.json")})


@pytest.mark.server
def test_gunicorn_stops_before_forking_on_a_bad_value_naming_it() -> None:
    env = {**os.environ, "PRECIS_WORKERS": "0", "PRECIS_BIND": f"127.0.0.1:{free_port()}"}
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "PRECIS_WORKERS=0: must be at least 1" in done.stderr
    assert "Booting worker" not in done.stdout + done.stderr
