"""What tells Ukrainian from Russian, and both from the Cyrillic languages the service does not
handle, without a model: letters, frequent words and word endings.

py3langid reads letter n-grams. On a text of two or three words that is too little to tell
Ukrainian from Russian, while a single word often settles it: ``що``, ``вересня``, ``будет``,
a stand-alone ``и``. ``uk_ru_evidence`` counts such cues; ``LanguageDetector`` adds them to the
model's log-odds. The word lists are written by hand (frequent function words, month names,
inflections), not taken from any evaluation set.
"""

from __future__ import annotations

import re
from collections import Counter

#: letters Ukrainian uses and Russian does not (Belarusian and Kazakh have ``і`` too)
UK_LETTERS = frozenset("іїєґ")
#: letters Russian uses and Ukrainian does not (``ъ`` is not one: Bulgarian is full of it)
RU_LETTERS = frozenset("ыэё")
#: letters of Cyrillic languages close to ours that neither Ukrainian nor Russian has:
#: Belarusian ``ў``; Serbian and Macedonian ``ђ ј љ њ ћ џ``, Macedonian ``ѓ ќ ѕ``; Kazakh
#: ``ә ғ қ ң ө ұ ү һ``; Kyrgyz, Mongolian and Tajik share some and add ``ӣ ӯ ҳ ҷ``
FOREIGN_LETTERS = frozenset("ўђјљњћџѓќѕәғқңөұүһӣӯҳҷ")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[а-яёіїєґ]+(?:['’ʼ][а-яёіїєґ]+)*")

_UK_WORDS = _word_set(
    """
    що це ще та як але або був була було були бути буде будуть вже дуже його яка який яке
    яких якого якому яким цей ця цього цьому цих цим коли де ми вона вони воно можна треба
    зараз проте адже отже чи щоб хоча тощо лише саме пан року роки може мають має щодо мене
    чому якщо тоді завжди новий новою перший першого другий другого також тобто наприклад
    разом серед протягом приблизно менше нього сьогодні сказав заявив повідомив зазначив
    додав став стала можуть стало мав мала мало з й проти понад немає людина людей ви
    однак зокрема власне варто вдома хто ось чергу гра нещодавно досить тому кожна кожен
    кожний кожного перша першу друге нова
    багато такий така таке таких майже завдяки жоден жодного нема тепер зрештою трохи мабуть
    можливо свого свому мого твого цю аби щось дещо знову вперше
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    """
)
_RU_WORDS = _word_set(
    """
    что как его она они оно будет будут также кроме может могут только очень где когда
    если чтобы или который которые которая которого которой котором году года лет от с со
    и но между около после более сказал заявил сообщил отметил добавил против примерно
    человек время сейчас здесь тоже этого еще меньше больше нет него нее ее их им он ему
    ей себя меня тебя из к под своих своей первый второй другой кто вот однако даже потому
    всего хотя мужчина будем намного да город согласно жена сверху длина обеих обоих
    такой такая такие много можно нельзя нужно надо всегда никогда тогда почему сегодня лишь
    всех всем ничего менее своего потом раньше говорит впервые снова вместе вокруг
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    """
)
#: inflections: Russian ``-тся`` ``-ие`` ``-ое`` ``-ия`` ``-ут`` ``-ют`` ``-ать`` ``-ает``
#: ``-ил``; Ukrainian
#: ``-ння`` ``-ою`` ``-уть`` ``-ють``, gerunds ``-учи``, past tense ``-ав`` (Russian: ``-ние``,
#: ``-ой``, ``-ут``, ``-ют``, ``-я``, ``-ал``)
_RU_ENDINGS = (
    "тся",
    "ие",
    "ое",
    "ия",
    "ут",
    "ют",
    "ать",
    "яя",
    "ее",
    "ает",
    "яет",
    "ует",
    "еет",
    "ил",
    "ял",
    "овал",
    "ов",
)
_UK_ENDINGS = (
    "ння",
    "ття",
    "ою",
    "уть",
    "ють",
    "нне",
    "учи",
    "ючи",
    "ачи",
    "ячи",
    "ав",
    "ив",
    "ув",
)
#: Ukrainian adjectives end in ``-ий -их -ими`` after any consonant, Russian ones after ``г к х
#: ж ч ш щ`` and the soft ``н`` only (elsewhere ``-ый -ых -ыми``); and Ukrainian doubles
#: consonants Russian does not (Туреччина, піддашшя)
_UK_ADJECTIVE = re.compile(r"[бвдзлмпрстфц](?:ий|их|ими)$|чч|шш|жж")
#: ``й`` after ``и`` inside a word: Russian (аварийный); Ukrainian writes ``ій`` (аварійний)
_RU_INNER_IY = re.compile(r"ий[бвгджзклмнпрстфхцчшщ]")
_APOSTROPHES = "'’ʼ"
#: a soft sign before a vowel (семья, статьи): Ukrainian writes an apostrophe or a double
#: consonant there (сім'я, статті); and a hard sign, which Ukrainian does not have
_RU_SIGNS = re.compile(r"ь[еяюиё]|ъ")


#: a hard sign before a consonant or at a word's end: Bulgarian (път, към, във); Russian writes
#: it only before е ё ю я
_BULGARIAN_HARD_SIGN = re.compile(r"ъ(?![еёюя])")


def bulgarian_hard_signs(text: str) -> int:
    """How many hard signs of ``text`` stand where only Bulgarian puts them."""
    return len(_BULGARIAN_HARD_SIGN.findall(text.lower()))


def letter_counts(text: str) -> Counter[str]:
    """Every Cyrillic letter of ``text``, lower-cased, counted."""
    return Counter(ch for ch in text.lower() if "\u0400" <= ch <= "\u04ff")


def uk_ru_evidence(text: str, word_weight: float, ending_weight: float) -> float:
    """Log-odds for Ukrainian over Russian from words and endings (positive: Ukrainian)."""
    score = 0.0
    for word in _WORD.findall(text.lower()):
        if word in _UK_WORDS or any(ch in word for ch in _APOSTROPHES):
            score += word_weight  # the apostrophe: м'ясо, з'явився; Russian writes none
        elif word in _RU_WORDS or _RU_SIGNS.search(word):
            score -= word_weight
        elif len(word) > 3:
            if word.endswith(_UK_ENDINGS) or _UK_ADJECTIVE.search(word):
                score += ending_weight
            elif word.endswith(_RU_ENDINGS) or _RU_INNER_IY.search(word):
                score -= ending_weight
    return score


def uk_ru_cues(text: str, word_weight: float, ending_weight: float, letter_weight: float) -> float:
    """Log-odds for Ukrainian over Russian: ``letter_weight`` when only one of their letters
    occurs (``і ї є ґ``; ``ы э ё``), plus ``uk_ru_evidence``."""
    letters = set(text.lower())
    uk = not UK_LETTERS.isdisjoint(letters)
    ru = not RU_LETTERS.isdisjoint(letters)
    letter_score = letter_weight * (int(uk) - int(ru))
    return letter_score + uk_ru_evidence(text, word_weight, ending_weight)
