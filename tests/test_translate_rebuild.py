"""Rebuilding a translated text around its sentence spans, the engine's errors and its decoding
cap. No model needed."""

from __future__ import annotations

from service.errors import InvalidInput, PairNotInstalled
from service.text.languages import sentence_joiner
from service.text.splitter import split_sentences
from service.translate.options import TranslateOptions
from service.translate.rebuild import rebuild


def _rebuild(text: str, language: str, target: str) -> str:
    sentences = split_sentences(text, language)
    return rebuild(text, sentences, [f"<{s.text}>" for s in sentences], sentence_joiner(target))


def test_sentences_of_one_paragraph_are_joined_with_the_target_joiner() -> None:
    assert _rebuild("第一句。第二句！", "zh", "en") == "<第一句。> <第二句！>"
    assert _rebuild("One.   Two.", "en", "zh") == "<One.><Two.>"


def test_paragraph_breaks_blank_lines_and_outer_whitespace_are_kept_exactly() -> None:
    text = "  One. Two.\n\n\nThree.\r\n  Four.\n"
    assert _rebuild(text, "en", "uk") == "  <One.> <Two.>\n\n\n<Three.>\r\n  <Four.>\n"


def test_text_without_sentences_comes_back_unchanged() -> None:
    assert rebuild(" \n\n ", [], [], " ") == " \n\n "


def test_unknown_target_language_joins_with_a_space() -> None:
    assert sentence_joiner("de") == " "
    assert sentence_joiner("zh") == ""


def test_missing_pair_is_invalid_input_naming_the_installed_targets() -> None:
    error = PairNotInstalled("uk", "de", ["zh", "en", "en"])
    assert isinstance(error, InvalidInput)
    assert error.field == "targets"
    assert error.allowed == ["en", "zh"]
    assert "'uk'" in error.detail
    assert "'de'" in error.detail


def test_decoding_cap_grows_with_the_input_up_to_the_hard_cap() -> None:
    options = TranslateOptions(
        decode_length_base=10, decode_length_ratio=2.0, max_decoding_length=100
    )
    assert options.decoding_cap(5) == 20
    assert options.decoding_cap(80) == 100
