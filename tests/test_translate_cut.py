"""Over-long sentences are cut at clause boundaries before they reach a model, and their
translations joined back into one sentence (``service/translate/cut.py``,
``engine.translate_cut``), on the plain path, the HTML path and alternatives. Fakes first
(exact calls), then the real zh→en model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html

from service.markup import element_structure, translate_html
from service.text.splitter import split_text
from service.translate import Engine, LoadedModel, TranslateOptions
from service.translate.cache import MemoryCache
from service.translate.cut import cut_sentence, join_aligned, join_pieces
from service.translate.model import Aligned

from .fakes import FakeModel

CLAUSES = ["甲乙丙丁戊", "己庚辛壬癸", "子丑寅卯辰", "巳午未申酉"]


def _model(source: str, target: str, limit: int) -> FakeModel:
    model = FakeModel(source, target)
    model.options = replace(TranslateOptions(), max_unit_tokens=limit)
    return model


def _count(text: str) -> int:
    return FakeModel("zh", "en").count_tokens(text)


def test_a_long_sentence_reaches_the_model_as_pieces_cut_at_the_semicolon_first() -> None:
    model = _model("zh", "en", 12)
    sentence = f"{CLAUSES[0]}，{CLAUSES[1]}，{CLAUSES[2]}；{CLAUSES[3]}。"
    result = Engine([model]).translate(f"短句。{sentence}", "zh", "en")  # type: ignore[list-item]
    # the semicolon is far from the middle but wins over the commas; the left part (over 12)
    # is then cut at its comma nearest the middle
    assert model.calls == [
        ["短句。", f"{CLAUSES[0]}，", f"{CLAUSES[1]}，{CLAUSES[2]}；", f"{CLAUSES[3]}。"]
    ]
    assert result.text == (
        f"en(短句。) en({CLAUSES[0]}，) en({CLAUSES[1]}，{CLAUSES[2]}；) en({CLAUSES[3]}。)"
    )
    assert len(result.sentences) == 2
    assert not result.truncated


def test_commas_cut_nearest_the_middle_and_pieces_come_back_in_order() -> None:
    sentence = "，".join(CLAUSES) + "。"
    assert cut_sentence(sentence, _count, 12) == [
        f"{CLAUSES[0]}，{CLAUSES[1]}，",
        f"{CLAUSES[2]}，{CLAUSES[3]}。",
    ]
    assert cut_sentence(sentence, _count, 6) == [
        f"{CLAUSES[0]}，",
        f"{CLAUSES[1]}，",
        f"{CLAUSES[2]}，",
        f"{CLAUSES[3]}。",
    ]


def test_a_short_sentence_is_untouched_and_not_even_counted() -> None:
    model = _model("zh", "en", 12)
    counted: list[str] = []
    model.count_tokens = lambda text: counted.append(text) or 0  # type: ignore[method-assign]
    result = Engine([model]).translate("你好，世界。", "zh", "en")  # type: ignore[list-item]
    assert model.calls == [["你好，世界。"]]
    assert result.text == "en(你好，世界。)"
    assert counted == []


def test_a_sentence_without_boundaries_goes_whole() -> None:
    assert cut_sentence("甲" * 30, _count, 12) == ["甲" * 30]


def test_latin_pieces_are_cut_after_dashes_and_joined_with_spaces_and_their_marks() -> None:
    sentence = "one two three four five six — seven eight nine ten eleven twelve."
    assert cut_sentence(sentence, _count, 8) == [
        "one two three four five six —",
        "seven eight nine ten eleven twelve.",
    ]
    assert join_pieces(["甲，", "乙；", "丙。"], ["Alpha.", "Beta.", "Gamma."], "en") == (
        "Alpha, Beta; Gamma."
    )
    assert join_pieces(["甲，", "乙。"], ["One.", "The end."], "en") == "One, the end."
    assert join_pieces(["甲，", "乙。"], ["One.", "Stanford."], "en") == "One, Stanford."
    assert join_pieces(["A,", "B."], ["甲。", "乙。"], "zh") == "甲，乙。"
    assert join_pieces(["甲，", "乙。"], ["the U.S.", "it."], "en") == "the U.S. it."


def test_a_truncated_piece_flags_the_sentence_and_the_cache_keeps_whole_sentences() -> None:
    model = _model("en", "uk", 4)
    cache = MemoryCache(100)
    engine = Engine([model], cache=cache)  # type: ignore[list-item]
    text = "alpha beta gamma, delta cut epsilon."
    first = engine.translate(text, "en", "uk")
    assert model.take_calls() == [["alpha beta gamma,", "delta cut epsilon."]]
    assert first.text == "uk(alpha beta gamma,) uk(delta cut epsilon.)"
    assert first.truncated
    again = engine.translate(text, "en", "uk")
    assert model.take_calls() == []
    assert again.text == first.text


def test_each_hop_of_the_pivot_cuts_its_own_input() -> None:
    first, second = _model("uk", "en", 4), _model("en", "zh", 100)
    engine = Engine([first, second])  # type: ignore[list-item]
    result = engine.translate("один два три, чотири пʼять шість.", "uk", "zh")
    assert first.calls == [["один два три,", "чотири пʼять шість."]]
    assert second.calls == [["en(один два три,) en(чотири пʼять шість.)"]]
    assert result.text == "zh(en(один два три,) en(чотири пʼять шість.))"


FLORES_LIKE = (
    "周一，斯坦福大学医学院的科学家宣布，他们发明了一种新的诊断工具，可以按类型对细胞进行分类，"
    "这种可打印的微型芯片可以使用标准喷墨打印机制造，每片成本可能在一美分左右，"
    "主要研究人员表示，这可能会让低收入国家的患者尽早发现癌症、肺结核、艾滋病和疟疾，"
    "在这些国家，乳腺癌等疾病的存活率可能只有富裕国家的一半，"
    "当地时间上午9点30分左右，JAS 39C 鹰狮战斗机撞上跑道并发生爆炸，"
    "导致机场关闭，商业航班无法正常起降，"
    "涉事飞行员是空军中队长迪罗里·帕塔维，这名飞行员在事故中身亡，"
    "当地媒体报道称，一辆机场消防车在赶往现场时翻车。"
)


def test_the_real_model_translates_a_long_joined_sentence_whole(zhen_package: Path) -> None:
    options = TranslateOptions(inter_threads=1, intra_threads=1)
    model = LoadedModel(zhen_package, options)
    assert model.count_tokens(FLORES_LIKE) > options.max_unit_tokens
    sent: list[list[str]] = []
    translate = model.translate_sentences

    def recording(sentences: list[str]) -> list:  # type: ignore[type-arg]
        sent.append(list(sentences))
        return translate(sentences)

    model.translate_sentences = recording  # type: ignore[method-assign]
    result = Engine([model]).translate(FLORES_LIKE, "zh", "en")
    assert len(sent) == 1
    assert len(sent[0]) > 1
    assert all(model.count_tokens(piece) <= options.max_unit_tokens for piece in sent[0])
    assert "".join(sent[0]) == FLORES_LIKE
    assert len(result.sentences) == 1
    assert not result.truncated
    assert "Stanford" in result.text
    assert result.text.rstrip().endswith(".")
    assert "fire" in result.text.lower()


# --- the HTML path and alternatives -----------------------------------------------------------


def test_the_html_path_cuts_a_long_sentence_and_its_inline_element_lands_on_its_piece() -> None:
    model = _model("uk", "en", 4)
    engine = Engine([model])  # type: ignore[list-item]
    markup = "<p>один два три, чотири <b>пʼять</b> шість.</p>"
    [result] = translate_html(engine, [markup], "uk", "en")
    assert model.calls == [["один два три,", "чотири пʼять шість."]]
    # the two pieces joined as the plain path joins them, <b> on the second piece's word
    assert result.text == "<p>en(один два три,) en(чотири <b>пʼять</b> шість.)</p>"
    assert len(result.sentences) == 1


def test_joined_alignments_point_into_the_joined_translation_and_the_whole_sentence() -> None:
    sentence = "alpha beta, gamma delta."
    pieces = cut_sentence(sentence, _count, 2)
    assert pieces == ["alpha beta,", "gamma delta."]
    parts = [
        Aligned(" Alpha beta.", False, ((1, 6, 0, 5),), ((1, 6, 0, 5),)),
        Aligned("Gamma delta.", True, ((6, 11, 6, 11),)),
    ]
    joined = join_aligned(sentence, pieces, parts, "en")
    assert joined.text == "Alpha beta, Gamma delta."
    assert joined.truncated
    # "Alpha" (0-5) from source "alpha" (0-5); "delta" (18-23) from source "delta" (18-23)
    assert joined.links == ((0, 5, 0, 5), (18, 23, 18, 23))
    assert joined.reverse == ((0, 5, 0, 5),)
    assert joined.text[18:23] == "delta" == sentence[18:23]


def test_alternatives_cut_a_long_sentence_and_join_each_rank_of_its_pieces() -> None:
    model = _model("uk", "en", 4)
    engine = Engine([model])  # type: ignore[list-item]
    text = "один два три, чотири пʼять шість."
    [alternatives] = engine.alternatives([split_text(text, "uk")], "uk", "en", 2)
    assert model.calls == [["один два три,", "чотири пʼять шість."]]
    assert alternatives == [
        "en#2(один два три,) en#2(чотири пʼять шість.)",
        "en#3(один два три,) en#3(чотири пʼять шість.)",
    ]


def test_the_real_model_places_a_tag_in_a_cut_sentence_on_the_html_path(
    zhen_package: Path,
) -> None:
    model = LoadedModel(zhen_package, TranslateOptions(inter_threads=1, intra_threads=1))
    markup = "<p>" + FLORES_LIKE.replace("斯坦福大学", "<b>斯坦福大学</b>", 1) + "</p>"
    [result] = translate_html(Engine([model]), [markup], "zh", "en")
    assert element_structure(result.text) == element_structure(markup)
    [bold] = lxml.html.fragment_fromstring(result.text).iter("b")
    assert "Stanford" in bold.text_content()
    assert len(bold.text_content()) < 40
    assert "fire" in lxml.html.fragment_fromstring(result.text).text_content().lower()
