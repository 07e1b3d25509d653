"""The engine's plumbing: pairs and pivots, one model call per hop for a whole request, text
rebuilt around sentences, package loading. First with fake models (exact outputs), then with
tiny random-weight packages run by CTranslate2 (their output is noise: only its shape counts)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from service import deadline
from service.deadline import Deadline
from service.errors import BudgetExceeded, PairNotInstalled
from service.translate import Engine, LoadedModel, Pair, TranslateOptions
from service.translate.model import Result, open_translator
from testkit.packages import install_tiny

from .fakes import FakeModel


def _engine(*models: FakeModel) -> Engine:
    return Engine(models)  # type: ignore[arg-type]


def test_pairs_lists_direct_pairs_then_pivots_through_english() -> None:
    engine = _engine(
        FakeModel("uk", "en"),
        FakeModel("en", "zh"),
        FakeModel("en", "uk"),
        FakeModel("zh", "en"),
        FakeModel("en", "ru"),
        FakeModel("uk", "ru"),
    )
    assert engine.pairs() == [
        Pair("en", "ru"),
        Pair("en", "uk"),
        Pair("en", "zh"),
        Pair("uk", "en"),
        Pair("uk", "ru"),
        Pair("zh", "en"),
        Pair("uk", "zh", via="en"),
        Pair("zh", "ru", via="en"),
        Pair("zh", "uk", via="en"),
    ]
    assert engine.targets("uk") == ["en", "ru", "zh"]


def test_pivot_passes_the_first_hop_output_to_the_second_in_one_call_each() -> None:
    uk_en, en_zh = FakeModel("uk", "en"), FakeModel("en", "zh")
    result = _engine(uk_en, en_zh).translate("Привіт. Як справи?", "uk", "zh")
    assert result.text == "zh(en(Привіт.))zh(en(Як справи?))"
    assert uk_en.calls == [["Привіт.", "Як справи?"]]
    assert en_zh.calls == [["en(Привіт.)", "en(Як справи?)"]]


def test_direct_package_wins_over_the_pivot() -> None:
    uk_en, en_zh, uk_zh = FakeModel("uk", "en"), FakeModel("en", "zh"), FakeModel("uk", "zh")
    _engine(uk_en, en_zh, uk_zh).translate("Привіт.", "uk", "zh")
    assert (len(uk_en.calls), len(uk_zh.calls)) == (0, 1)


def test_all_texts_of_a_request_go_in_one_call_with_repeated_sentences_once() -> None:
    model = FakeModel("en", "uk")
    results = _engine(model).translate(["One. Two.", "Two.\n\nThree.", ""], "en", "uk")
    assert model.calls == [["One.", "Two.", "Three."]]
    assert [r.text for r in results] == ["uk(One.) uk(Two.)", "uk(Two.)\n\nuk(Three.)", ""]
    assert [s.text for s in results[1].sentences] == ["uk(Two.)", "uk(Three.)"]
    assert results[1].sentences[1].source.paragraph == 1


class Shortening(FakeModel):
    """Flags a sentence with "cut" as truncated, and its output no longer says "cut"."""

    def translate_sentences(self, sentences: Sequence[str]) -> list[Result]:
        return [
            Result(r.text.replace("cut", "..."), r.truncated)
            for r in super().translate_sentences(sentences)
        ]


def test_truncation_is_reported_per_sentence_and_survives_the_pivot() -> None:
    en_zh = FakeModel("en", "zh")
    result = _engine(Shortening("uk", "en"), en_zh).translate("Добре. Тут cut.", "uk", "zh")
    # the second hop saw nothing to cut: the flag comes from the first
    assert en_zh.calls == [["en(Добре.)", "en(Тут ....)"]]
    assert result.truncated
    assert [sentence.truncated for sentence in result.sentences] == [False, True]


def test_missing_pair_raises_with_the_targets_installed_for_the_source() -> None:
    engine = _engine(FakeModel("uk", "en"), FakeModel("en", "zh"))
    with pytest.raises(PairNotInstalled) as caught:
        engine.translate("Hi.", "uk", "ru")
    assert caught.value.allowed == ["en", "zh"]
    with pytest.raises(PairNotInstalled) as caught:
        engine.translate("Hi.", "ru", "en")
    assert caught.value.allowed == []


def test_same_source_and_target_returns_the_text_unchanged() -> None:
    result = _engine().translate("One.  Two.", "en", "en")
    assert result.text == "One.  Two."
    assert [s.text for s in result.sentences] == ["One.", "Two."]


def test_newest_package_version_wins_for_a_pair() -> None:
    old, new = FakeModel("en", "uk", "1.4"), FakeModel("en", "uk", "1.10")
    engine = _engine(new, old)
    assert engine.models[("en", "uk")] is new


# --- tiny random-weight packages, run by CTranslate2 -------------------------------------

# Capitalised: the splitter does not end a sentence before a lower-case word.
WORDS = "Ba de fi go ku la me ni po ru sa te vi zo"


class Recorder:
    """An ``opener`` for ``LoadedModel`` / ``Engine.from_models_dir``: opens the real CTranslate2
    translator and records, per package, every ``translate_batch`` call it then makes."""

    def __init__(self) -> None:
        self.calls: dict[str, list[Call]] = {}

    def __call__(self, model_dir: Path, options: TranslateOptions) -> Any:
        return RecordingTranslator(
            open_translator(model_dir, options), self.calls.setdefault(model_dir.parent.name, [])
        )


class Call(NamedTuple):
    source: list[list[str]]
    options: dict[str, Any]
    hypotheses: list[list[str]]


class RecordingTranslator:
    def __init__(self, inner: Any, calls: list[Call]) -> None:
        self.inner = inner
        self.calls = calls

    def translate_batch(self, source: list[list[str]], **options: Any) -> Any:
        outputs = self.inner.translate_batch(source, **options)
        self.calls.append(Call(source, options, [list(o.hypotheses[0]) for o in outputs]))
        return outputs


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def tiny_engine(tiny_dir: Path, recorder: Recorder) -> Engine:
    options = TranslateOptions(max_decoding_length=12, beam_size=2, intra_threads=1)
    return Engine.from_models_dir(tiny_dir, options, opener=recorder)


def test_tiny_packages_load_with_their_pairs(tiny_engine: Engine) -> None:
    assert tiny_engine.pairs() == [
        Pair("en", "zh"),
        Pair("uk", "en"),
        Pair("zh", "en"),
        Pair("uk", "zh", via="en"),
    ]


def test_tiny_pivot_uses_both_hops_once(tiny_engine: Engine, recorder: Recorder) -> None:
    result = tiny_engine.translate("Ba de fi. Go ku la.", "uk", "zh")
    hops = [recorder.calls[name] for name in ("translate-uk_en-1_0", "translate-en_zh-1_0")]
    assert [[len(call.source) for call in hop] for hop in hops] == [[2], [2]]
    assert recorder.calls["translate-zh_en-1_0"] == []
    assert len(result.sentences) == 2


def hundred_sentences() -> list[str]:
    """100 distinct sentences of 2 to 15 words (the engine translates a repeated sentence once);
    "!" because some of these made-up words end in "." read as abbreviations"""
    words = WORDS.split()
    sentences = [
        " ".join([*words[: 1 + i % 14], words[1 + i // 14].lower()]) + "!" for i in range(100)
    ]
    assert len(set(sentences)) == 100
    return sentences


def test_tiny_hundred_sentences_within_batch_tokens_go_to_the_model_in_one_call(
    tiny_dir: Path, recorder: Recorder
) -> None:
    options = TranslateOptions(beam_size=1, batch_tokens=4096)
    engine = Engine.from_models_dir(tiny_dir, options, opener=recorder)
    result = engine.translate(" ".join(hundred_sentences()), "en", "zh")
    assert len(result.sentences) == 100
    # one call; CTranslate2 cuts it into batches of batch_tokens itself
    assert [len(call.source) for call in recorder.calls["translate-en_zh-1_0"]] == [100]


def test_tiny_request_over_batch_tokens_is_cut_into_calls_shortest_first_answers_in_order(
    tiny_dir: Path, recorder: Recorder
) -> None:
    sentences = hundred_sentences()
    options = TranslateOptions(beam_size=1, batch_tokens=300)
    model = LoadedModel(tiny_dir / "translate-en_zh-1_0", options, opener=recorder)
    whole = LoadedModel(
        tiny_dir / "translate-en_zh-1_0", TranslateOptions(beam_size=1, batch_tokens=4096)
    )
    results = model.translate_sentences(sentences)
    calls = recorder.calls[model.info.name]
    sizes = [sum(map(len, call.source)) for call in calls]
    assert len(calls) > 1
    assert max(sizes) <= 300
    lengths = [len(tokens) for call in calls for tokens in call.source]
    assert lengths == sorted(lengths)
    assert sum(len(call.source) for call in calls) == 100 == model.sentences_translated
    # the tiny model is greedy and deterministic: the same sentences, the same outputs, in order
    assert [r.text for r in results] == [r.text for r in whole.translate_sentences(sentences)]


def test_tiny_request_stops_between_calls_once_its_deadline_has_passed(
    tiny_dir: Path, recorder: Recorder
) -> None:
    now = [0.0]  # test time, 10 s more with every translate_batch call (SlowTranslator)
    budget = Deadline(5, clock=lambda: now[0])
    model = LoadedModel(
        tiny_dir / "translate-en_zh-1_0",
        TranslateOptions(beam_size=1, batch_tokens=300),
        opener=lambda folder, options: SlowTranslator(recorder(folder, options), now),
    )
    with deadline.within(budget), pytest.raises(BudgetExceeded, match="PRECIS_REQUEST_TIMEOUT=5"):
        model.translate_sentences(hundred_sentences())
    # the first call ran (the budget was not spent before it); none after it
    assert len(recorder.calls[model.info.name]) == 1
    assert model.sentences_translated == len(recorder.calls[model.info.name][0].source)
    with deadline.within(Deadline(5, clock=lambda: now[0])):
        model.translate_sentences(["Ba de!"])  # a fresh budget translates


def test_ctranslate2_decoding_threads_run_at_the_configured_niceness(tiny_dir: Path) -> None:
    tasks = Path("/proc/self/task")
    if not tasks.exists():
        pytest.skip("no /proc: thread niceness is Linux's")
    before = {int(name) for name in os.listdir(tasks)}
    translator = open_translator(
        tiny_dir / "translate-zh_en-1_0" / "model", TranslateOptions(inter_threads=2, nice=7)
    )
    started = {int(name) for name in os.listdir(tasks)} - before
    assert len(started) >= 2  # its inter threads
    assert {os.getpriority(os.PRIO_PROCESS, thread) for thread in started} == {7}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == 0  # the caller's own
    del translator


class SlowTranslator:
    """A translator whose every call takes 10 s of a test clock."""

    def __init__(self, inner: Any, now: list[float]) -> None:
        self.inner = inner
        self.now = now

    def translate_batch(self, source: list[list[str]], **options: Any) -> Any:
        self.now[0] += 10
        return self.inner.translate_batch(source, **options)


def test_tiny_paragraphs_are_rebuilt_around_the_translations(tiny_engine: Engine) -> None:
    text = "Ba de. Fi go.\n\n  Ku la.\n"
    result = tiny_engine.translate(text, "uk", "en")
    first, second, third = (s.text for s in result.sentences)
    assert result.text == f"{first} {second}\n\n  {third}\n"


def test_tiny_output_is_flagged_truncated_exactly_when_it_lacks_the_end_token(
    tiny_dir: Path, recorder: Recorder
) -> None:
    model = LoadedModel(
        tiny_dir / "translate-zh_en-1_0",
        TranslateOptions(max_decoding_length=3, beam_size=1),
        opener=recorder,
    )
    words = WORDS.split()
    results = model.translate_sentences([" ".join(words[i:]) for i in range(len(words))])
    [call] = recorder.calls["translate-zh_en-1_0"]
    assert [r.truncated for r in results] == [h[-1] != "</s>" for h in call.hypotheses]
    assert any(r.truncated for r in results)


def test_one_call_decodes_to_the_longest_cap_and_each_output_is_held_to_its_own(
    tiny_dir: Path, recorder: Recorder
) -> None:
    options = TranslateOptions(decode_length_base=2, decode_length_ratio=1.0, beam_size=1)
    model = LoadedModel(tiny_dir / "translate-zh_en-1_0", options, opener=recorder)
    long = "Ba de fi go ku la me ni po ru sa te vi zo."
    model.translate_sentences(["Ba.", long])
    caps = [call.options["max_decoding_length"] for call in recorder.calls[model.info.name]]
    assert caps == [2 + len(model.tokenizer.encode(long))]
    # an output of 3 words and the end token: within a cap of 4, cut by a cap of 2
    assert model.decode(["▁ba", "▁de", "▁fi", "</s>"], 4) == ("ba de fi", False)
    assert model.decode(["▁ba", "▁de", "▁fi", "</s>"], 2) == ("ba de", True)
    assert model.decode(["▁ba", "▁de"], 9) == ("ba de", True)


def test_target_prefix_is_passed_and_stripped(tmp_path: Path, recorder: Recorder) -> None:
    folder = install_tiny(tmp_path / "models", "en", "zh", metadata={"target_prefix": "▁a"})
    model = LoadedModel(
        folder, TranslateOptions(max_decoding_length=6, beam_size=1), opener=recorder
    )
    (result,) = model.translate_sentences(["ba de."])
    assert [call.options["target_prefix"] for call in recorder.calls[folder.name]] == [[["▁a"]]]
    assert not result.text.startswith("a ")


def test_blank_sentences_pass_through_without_a_model_call(
    tiny_dir: Path, recorder: Recorder
) -> None:
    model = LoadedModel(
        tiny_dir / "translate-en_zh-1_0", TranslateOptions(beam_size=1), opener=recorder
    )
    assert model.translate_sentences(["", "  "]) == [Result("", False), Result("  ", False)]
    assert recorder.calls[model.info.name] == []


def test_n_best_widen_the_beam_in_a_call_of_their_own_and_leave_the_default_path_alone(
    tiny_dir: Path, recorder: Recorder
) -> None:
    model = LoadedModel(
        tiny_dir / "translate-zh_en-1_0",
        TranslateOptions(max_decoding_length=8, beam_size=2),
        opener=recorder,
    )
    hypotheses = model.translate_hypotheses(["Ba de fi.", "", "Go ku."], 3)
    model.translate_sentences(["Ba de fi."])
    n_best, default = recorder.calls[model.info.name]
    assert (n_best.options["num_hypotheses"], n_best.options["beam_size"]) == (3, 3)
    assert (default.options["num_hypotheses"], default.options["beam_size"]) == (1, 2)
    assert [len(h) for h in hypotheses] == [3, 1, 3]
    assert hypotheses[1] == [""]


def test_unloadable_packages_are_skipped_and_logged_with_the_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    models = tmp_path / "models"
    install_tiny(models, "en", "uk")
    bpe = install_tiny(models, "en", "ru")
    (bpe / "sentencepiece.model").rename(bpe / "bpe.model")
    broken = install_tiny(models, "ru", "en")
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    with caplog.at_level(logging.WARNING, logger="service.translate"):
        engine = Engine.from_models_dir(models, TranslateOptions(beam_size=1))
    assert engine.pairs() == [Pair("en", "uk")]
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 2
    assert "BPE-tokenized packages" in skipped[0]
    assert "cannot load the CTranslate2 model" in skipped[1]


def test_missing_models_dir_gives_an_engine_without_pairs(tmp_path: Path) -> None:
    assert Engine.from_models_dir(tmp_path / "absent").pairs() == []
