"""Language identification: close Cyrillic languages are ``und``, short Ukrainian and Russian
are told apart (bench/eval_detect.py measures the same on FLORES and its own sentences)."""

from __future__ import annotations

import socket

import pytest

from service.text.detect import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


# Written for these tests, like bench/close_languages.py: none is Ukrainian or Russian.
CLOSE_LANGUAGE_SENTENCES = [
    # Bulgarian: no letter of its own, told by the model and by ъ before a consonant
    "Правителството одобри новия бюджет за следващата година.",
    "Министърът отхвърли обвиненията срещу него.",
    "Времето в София ще остане студено до края на седмицата.",
    # Belarusian
    "Прэзідэнт заявіў, што краіна працягне рэформы.",
    "Цэны на энергію моцна павысіліся гэтай зімой.",
    # Macedonian
    "Претседателот изјави дека земјата ќе ги продолжи реформите.",
    "Многу луѓе сега работат од дома.",
    # Serbian
    "Влада је усвојила нови буџет за следећу годину.",
    "Сутра ћемо се наћи у осам сати испред станице.",
    # Kazakh
    "Үкімет келесі жылға арналған жаңа бюджетті бекітті.",
    "Көптеген адамдар қазір үйден жұмыс істейді.",
    # a Ukrainian and a Russian sentence in one text
    "Ціни на енергію зросли взимку. Цены на энергию выросли зимой.",
    "Поліція шукає свідків аварії. Полиция ищет свидетелей аварии.",
]


@pytest.mark.parametrize("text", CLOSE_LANGUAGE_SENTENCES)
def test_close_cyrillic_languages_and_mixes_are_und(detector: LanguageDetector, text: str) -> None:
    guess = detector.detect(text)
    assert (guess.language, guess.confidence) == ("und", 0.0)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Пан Костелло", "uk"),
        ("24 вересня 1759", "uk"),
        ("Це суперечить", "uk"),
        ("Ще одна спроба", "uk"),
        ("Він сказав, що", "uk"),
        ("Уряд ухвалив", "uk"),
        ("Такий план", "uk"),
        ("Можливо завтра", "uk"),
        ("Багато людей", "uk"),
        ("Кроме того,", "ru"),
        ("Капсула будет", "ru"),
        ("Люди могут", "ru"),
        ("Он сказал, что", "ru"),
        ("Правительство утвердило", "ru"),
        ("Семья и дети", "ru"),
        ("Снова дома", "ru"),
        ("Можно спросить", "ru"),
        ("Список кандидатов", "ru"),
    ],
)
def test_short_ukrainian_and_russian_are_told_apart(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text).language == language


def test_a_ukrainian_article_quoting_one_russian_sentence_stays_ukrainian(
    detector: LanguageDetector,
) -> None:
    text = (
        "Уряд ухвалив новий бюджет на наступний рік. Міністр фінансів заявив, що видатки на "
        "оборону зростуть. Опозиція критикує документ. Депутати проголосували вчора ввечері. "
        "Президент підпише закон найближчими днями. Російські медіа написали: «Бюджет принят». "
        "Економісти очікують зростання цін."
    )
    assert detector.detect(text).language == "uk"


def test_rank_and_detect_agree_on_the_uk_ru_call(detector: LanguageDetector) -> None:
    for text in ("Пан Костелло", "Капсула будет"):
        ranked = detector.rank(text)
        assert ranked[0].language == detector.detect(text).language
        assert abs(sum(g.confidence for g in ranked) - 1) < 0.01


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detector tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.usefixtures("no_network")
def test_the_detector_loads_and_runs_with_the_network_off() -> None:
    assert LanguageDetector().detect("Совет утвердил бюджет на следующий год.").language == "ru"


@pytest.mark.parametrize("languages", [("en", "uk", "ru", "zh"), ("uk", "ru", "bg", "sr"), None])
def test_one_scoring_pass_gives_py3langids_own_probabilities(
    languages: tuple[str, ...] | None,
) -> None:
    """The detector scores a text once and normalizes over each subset of languages, through
    py3langid's private scoring steps: a new py3langid must still agree with set_languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from service.text.detect import _NaiveBayes

    model = _NaiveBayes()
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        identifier.set_languages(list(languages))
    for text in ("Совет утвердил бюджет.", "The council met.", "市议会", "", "1234"):
        expected = dict(identifier.rank(text))
        got = model.probabilities(model.scores(text), languages)
        assert got.keys() == expected.keys()
        assert all(abs(got[code] - float(p)) < 1e-4 for code, p in expected.items())
