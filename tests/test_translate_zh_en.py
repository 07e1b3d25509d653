"""The engine on the real Argos zh→en package (OPUS-MT, 1.9): it translates, keeps paragraphs,
spaces English sentences, keeps order across batches and flags output cut by the length cap.

The package is found by ``testkit.packages.find_zhen_package``; without it these tests skip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.text.splitter import split_sentences
from service.translate import Engine, LoadedModel, TranslateOptions
from testkit.packages import find_zhen_package

# One thread: the suite may run next to other work on a 2-core machine.
OPTIONS = TranslateOptions(inter_threads=1, intra_threads=1)


@pytest.fixture(scope="module")
def zhen_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = find_zhen_package(tmp_path_factory.getbasetemp() / "zhen")
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="module")
def engine(zhen_dir: Path) -> Engine:
    return Engine([LoadedModel(zhen_dir, OPTIONS)])


def test_sentence_about_ukraines_president_comes_back_in_english(engine: Engine) -> None:
    result = engine.translate("乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。", "zh", "en")
    assert "Ukraine" in result.text
    assert "President" in result.text
    assert not re.search(r"[\u4e00-\u9fff]", result.text)
    assert not result.truncated


def test_two_paragraphs_keep_their_break_and_english_sentences_get_spaces(engine: Engine) -> None:
    text = "乌克兰总统周二会见了欧洲领导人。他们讨论了援助问题。\n\n今天天气很好。我们去公园散步。"
    result = engine.translate(text, "zh", "en")
    first, second = result.text.split("\n\n")
    s = [sentence.text for sentence in result.sentences]
    assert len(s) == 4
    assert first == f"{s[0]} {s[1]}"
    assert second == f"{s[2]} {s[3]}"
    assert all(sentence[-1] in ".!?" for sentence in s)


def test_many_sentences_come_back_in_input_order(engine: Engine) -> None:
    # Years are copied through by the model, so each output says which input it belongs to.
    # Varied lengths put the sentences in different length groups and batches.
    fillers = ["", "在北京", "和他的家人一起在上海的一家小医院里"]
    years = list(range(1901, 1941))
    sentences = [f"他{fillers[i % 3]}出生于{year}年。" for i, year in enumerate(years)]
    result = engine.translate("".join(sentences), "zh", "en")
    assert [s.source.text for s in result.sentences] == sentences
    found = [re.findall(r"\b19\d\d\b", s.text) for s in result.sentences]
    assert found == [[str(year)] for year in years]


def test_length_cap_flags_truncation_when_set_very_low(zhen_dir: Path) -> None:
    capped = LoadedModel(zhen_dir, TranslateOptions(max_decoding_length=4, inter_threads=1))
    long, short = capped.translate_sentences(
        ["乌克兰总统泽连斯基周二在基辅会见了欧洲领导人。", "好。"]
    )
    assert long.truncated
    assert len(long.text.split()) <= 4
    assert not short.truncated


def test_sentences_line_up_with_the_splitters_for_reuse_by_the_summary(engine: Engine) -> None:
    text = "第一段有两句话。这是第二句。\n第二段。"
    result = engine.translate([text], "zh", "en")[0]
    assert [s.source for s in result.sentences] == split_sentences(text, "zh")
