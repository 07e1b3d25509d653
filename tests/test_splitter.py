"""Sentences as a news editor counts them: quotations, speakers, unclosed brackets.

The basic cases (abbreviations, initials, spans, Chinese full stops) are in ``test_text.py``.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.splitter import split_sentences


def texts(text: str, language: str) -> list[str]:
    return [s.text for s in split_sentences(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            'He said: "We will keep supporting Ukraine. This is our duty. We will not give up."',
            [
                'He said: "We will keep supporting Ukraine.',
                "This is our duty.",
                'We will not give up."',
            ],
        ),
        (
            "en",
            "She wrote: “Prices rose again. Wages did not.” Nobody answered.",
            ["She wrote: “Prices rose again.", "Wages did not.”", "Nobody answered."],
        ),
        (
            "uk",
            "Він сказав: «Ми будемо підтримувати Україну. Це наш обов'язок.» Потім пішов.",
            [
                "Він сказав: «Ми будемо підтримувати Україну.",
                "Це наш обов'язок.»",
                "Потім пішов.",
            ],
        ),
        (
            "uk",
            "Він сказав: „Ми будемо підтримувати Україну. Це наш обов'язок.“ Потім пішов.",
            [
                "Він сказав: „Ми будемо підтримувати Україну.",
                "Це наш обов'язок.“",
                "Потім пішов.",
            ],
        ),
        (
            "ru",
            "Он сказал: «Мы будем поддерживать Украину. Это наш долг. Мы не сдадимся». Все ушли.",
            [
                "Он сказал: «Мы будем поддерживать Украину.",
                "Это наш долг.",
                "Мы не сдадимся».",
                "Все ушли.",
            ],
        ),
        (
            "ru",
            "Он сказал: „Мы будем поддерживать Украину. Это наш долг“. Все ушли.",
            ["Он сказал: „Мы будем поддерживать Украину.", "Это наш долг“.", "Все ушли."],
        ),
        (
            "zh",
            "他说：“我们将继续支持乌克兰。这是我们的责任。”然后离开了。",
            ["他说：“我们将继续支持乌克兰。", "这是我们的责任。”", "然后离开了。"],
        ),
        (
            "zh",
            "他说：「我们将继续支持乌克兰。这是我们的责任。」然后离开了。",
            ["他说：「我们将继续支持乌克兰。", "这是我们的责任。」", "然后离开了。"],
        ),
    ],
)
def test_a_quotation_of_several_sentences_is_split_inside(
    language: str, text: str, expected: list[str]
) -> None:
    assert texts(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", '"We will win," he said.'),
        ("en", '"Will we?" she asked.'),
        ("en", "“We will win!” Johnson said."),
        ("en", '"Will we?" asked Johnson on Monday.'),
        ("uk", "«Ми переможемо!» — сказав він."),
        ("ru", "«Мы победим», — сказал он."),
        ("ru", "«Мы победим?» — спросил он."),
        ("zh", "“我们会赢的。”科斯特洛先生说道。"),
    ],
)
def test_a_quotation_with_its_speaker_is_one_sentence(language: str, text: str) -> None:
    assert texts(text, language) == [text]


def test_a_quotation_that_ends_a_sentence_does_not_pull_in_the_next_one() -> None:
    assert texts('"We have to go home." Chahine said her family spent a week there.', "en") == [
        '"We have to go home."',
        "Chahine said her family spent a week there.",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "zh",
            "会议在北京举行（为期三天。代表们讨论了预算。会议结束时通过了决议。",
            ["会议在北京举行（为期三天。", "代表们讨论了预算。", "会议结束时通过了决议。"],
        ),
        (
            "en",
            "The talks (in Geneva went on. Both sides left. A deal is near.",
            ["The talks (in Geneva went on.", "Both sides left.", "A deal is near."],
        ),
        (
            "ru",
            "Он сказал: «Мы не сдадимся. Переговоры продолжатся. Все ушли.",
            ["Он сказал: «Мы не сдадимся.", "Переговоры продолжатся.", "Все ушли."],
        ),
    ],
)
def test_an_unclosed_bracket_or_quote_does_not_swallow_the_paragraph(
    language: str, text: str, expected: list[str]
) -> None:
    assert texts(text, language) == expected


def test_a_closed_bracket_keeps_its_abbreviation() -> None:
    text = "Домініканська Республіка (ісп. República Dominicana) — країна. Вона велика."
    assert texts(text, "uk") == [
        "Домініканська Республіка (ісп. República Dominicana) — країна.",
        "Вона велика.",
    ]


def test_a_sentence_in_brackets_and_an_ellipsis_end_sentences() -> None:
    assert texts("I appreciate that. (Laughter.) There is a painting on my wall.", "en") == [
        "I appreciate that.",
        "(Laughter.)",
        "There is a painting on my wall.",
    ]
    assert texts("Це більше, ніж література… Це подарунок долі.", "uk") == [
        "Це більше, ніж література…",
        "Це подарунок долі.",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "J. Smith met the press. He left.", ["J. Smith met the press.", "He left."]),
        (
            "uk",
            "Президент В. Зеленський сказав: «Ми не здамося. Дякую». Він пішов.",
            ["Президент В. Зеленський сказав: «Ми не здамося.", "Дякую».", "Він пішов."],
        ),
        (
            "ru",
            "Это было в 1999 г. в Москве. Он ушёл.",
            ["Это было в 1999 г. в Москве.", "Он ушёл."],
        ),
    ],
)
def test_initials_and_lower_case_continuations_still_hold(
    language: str, text: str, expected: list[str]
) -> None:
    assert texts(text, language) == expected


def test_spans_still_point_into_the_input_around_quotes() -> None:
    text = '  He said: "One. Two." (Three.\n«Раз. Два.» Три.'
    sentences = split_sentences(text, "en")
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert all(s.text == s.text.strip() for s in sentences)


def test_single_quotes_quote_but_apostrophes_do_not() -> None:
    text = "AP reported: ' A cleric spoke. He left.' It's the group's view. They agreed."
    assert texts(text, "en") == [
        "AP reported: ' A cleric spoke.",
        "He left.'",
        "It's the group's view.",
        "They agreed.",
    ]


def test_a_quote_between_two_spaces_goes_with_the_sentence_it_closes() -> None:
    assert texts("He said: ' We will go. ' Then he left.", "en") == [
        "He said: ' We will go. '",
        "Then he left.",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Pens, paper, etc. The rest is free.", ["Pens, paper, etc.", "The rest is free."]),
        ("en", "You want Hell no. Thats fine.", ["You want Hell no.", "Thats fine."]),
        ("en", "See No. 5 and art. 12 of the law.", ["See No. 5 and art. 12 of the law."]),
        (
            "ru",
            "Ручки, бумага и т. д. Остальное бесплатно.",
            ["Ручки, бумага и т. д.", "Остальное бесплатно."],
        ),
        (
            "ru",
            "Автобус идёт в Six Flags St. Louis в Миссури. Там концерт.",
            ["Автобус идёт в Six Flags St. Louis в Миссури.", "Там концерт."],
        ),
        (
            "ru",
            "Памятник обнаружили в 1920-х. Войны Рима шли долго.",
            ["Памятник обнаружили в 1920-х.", "Войны Рима шли долго."],
        ),
        (
            "en",
            "http://a.example/1.html http://a.example/2.html",
            ["http://a.example/1.html", "http://a.example/2.html"],
        ),
    ],
)
def test_abbreviations_that_can_end_a_sentence(
    language: str, text: str, expected: list[str]
) -> None:
    assert texts(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("He said: \"One. Two.\" (Three. «Раз. Два.» ' Four. ' „Fünf.“ 「六。七。」", "en"),
        ("Він сказав: „Раз. Два.“ (Три. «Чотири. П'ять.» ' Шість. '", "uk"),
        ("他说：“一。二。”（三。「四。五。」", "zh"),
        ('"" « » ( ) ’ \' "', "ru"),
    ],
)
def test_no_character_is_lost_or_doubled(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="aZ я1 .!?…,:;-—\"'‘’“”„«»「」『』()（）[]`。！？\n", max_size=60),
    language=st.sampled_from(["en", "uk", "ru", "zh"]),
)
def test_any_mix_of_quotes_and_brackets_keeps_every_character(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert "".join("".join(s.text.split()) for s in sentences) == "".join(text.split())
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))
    assert all(s.text and s.text == s.text.strip() for s in sentences)
