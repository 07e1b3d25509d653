"""Sentence splitting, word tokenization and language detection, without HTTP."""

from __future__ import annotations

import pytest

from service.text.detect import LanguageDetector
from service.text.languages import join_sentences
from service.text.splitter import split_sentences
from service.text.words import WordTokenizer, stop_words


def texts(text: str, language: str) -> list[str]:
    return [s.text for s in split_sentences(text, language)]


def test_english_abbreviations_and_decimals_do_not_end_sentences() -> None:
    assert texts("Dr. Smith paid $3.50 at 5 p.m. on Monday. The U.S. economy grew 2.5%.", "en") == [
        "Dr. Smith paid $3.50 at 5 p.m. on Monday.",
        "The U.S. economy grew 2.5%.",
    ]


def test_cyrillic_initials_stay_inside_the_sentence() -> None:
    assert texts("Президент В. Зеленський прибув до Києва. Він виступив.", "uk") == [
        "Президент В. Зеленський прибув до Києва.",
        "Він виступив.",
    ]
    assert texts("Т. е. это было в 1999 г. в Москве. Он ушёл.", "ru") == [
        "Т. е. это было в 1999 г. в Москве.",
        "Он ушёл.",
    ]


def test_quotes_close_with_their_sentence() -> None:
    assert texts("Он сказал: «Всё хорошо!» Затем ушёл.", "ru") == [
        "Он сказал: «Всё хорошо!»",
        "Затем ушёл.",
    ]


def test_chinese_full_stops_split_and_closing_quotes_stay() -> None:
    assert texts("他说：“你好。”然后走了。经济增长了5.2%！", "zh") == [
        "他说：“你好。”",
        "然后走了。",
        "经济增长了5.2%！",
    ]


def test_spans_point_into_the_input_and_line_breaks_start_paragraphs() -> None:
    text = "Title line\n\n  First one. Second one.\nThird one."
    sentences = split_sentences(text, "en")
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]


def test_chinese_words_come_from_jieba_segmentation() -> None:
    words = WordTokenizer("zh").to_words("乌克兰总统在基辅会见了欧洲领导人。")
    assert "乌克兰" in words
    assert "。" not in words


def test_words_drop_punctuation_and_numbers() -> None:
    assert WordTokenizer("en").to_words("It's 2024, and prices rose 5%!") == (
        "It's",
        "and",
        "prices",
        "rose",
    )


@pytest.mark.parametrize("language", ["en", "uk", "ru", "zh"])
def test_every_language_has_stop_words(language: str) -> None:
    assert len(stop_words(language)) > 50


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council approved the budget.", "en"),
        ("Рада ухвалила бюджет на наступний рік.", "uk"),
        ("Совет утвердил бюджет на следующий год.", "ru"),
        ("市议会通过了明年的预算。", "zh"),
    ],
)
def test_detector_tells_the_four_languages(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text).language == language


@pytest.mark.parametrize(
    "text",
    [
        "1234 5678",
        "مرحبا بالعالم",
        "Die Regierung hat den Haushalt beschlossen.",
    ],
)
def test_detector_answers_und_instead_of_guessing(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text).language == "und"


def test_a_day_number_before_a_full_stop_ends_the_sentence() -> None:
    assert texts("It ended on August 3. The presenter left.", "en") == [
        "It ended on August 3.",
        "The presenter left.",
    ]


def test_an_opening_quote_starts_the_next_sentence() -> None:
    assert texts('He spoke at a press conference. "Some may not agree." He left.', "en") == [
        "He spoke at a press conference.",
        '"Some may not agree."',
        "He left.",
    ]


def test_closing_punctuation_does_not_start_a_sentence() -> None:
    assert texts("Компания HK Management Inc., которая работает с группой, молчит. Всё.", "ru") == [
        "Компания HK Management Inc., которая работает с группой, молчит.",
        "Всё.",
    ]


def test_chinese_sentence_starting_with_a_number_is_split_off() -> None:
    assert texts("由警察看守。11 点刚过，抗议者便堵住了交通。", "zh") == [
        "由警察看守。",
        "11 点刚过，抗议者便堵住了交通。",
    ]


def test_joined_sentences_use_the_joiner_and_a_line_break_after_a_headline() -> None:
    assert join_sentences(["Новый мост открыт", "В среду его открыли."], "ru") == (
        "Новый мост открыт\nВ среду его открыли."
    )
    assert join_sentences(["他说：“开通了。”", "乘客很多。"], "zh") == "他说：“开通了。”乘客很多。"
    assert join_sentences(["Er sagte es (gestern).", "Gut."], "de") == "Er sagte es (gestern). Gut."
