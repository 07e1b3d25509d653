"""HTML in, HTML out (``service/markup.py``): structure kept, untranslated parts untouched,
sentences not cut by inline elements, summaries reading blocks and headings; the API's
``format`` field; and, with the real zh→en model, where a ``<b>`` lands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service import create_app
from service.errors import FieldError
from service.markup import element_structure, extract, translate_html
from service.translate import Engine

from .conftest import CheckedClient
from .contract import Contract
from .fakes import fake, fake_engine, fake_runtime


def en(markup: str, source: str = "zh") -> str:
    engine = fake_engine("zh-en", "uk-en", "en-uk")
    return translate_html(engine, [markup], source, "en")[0].text


def test_structure_attributes_and_entities_are_kept() -> None:
    markup = (
        '<div class="story" id="s1"><h2>标题</h2><p>甲 &amp; 乙&nbsp;丙 &lt;tag&gt;。'
        '<a href="/x?a=1&amp;b=2" rel="nofollow">链接</a>。</p>\n'
        "<ul><li>一</li><li>二</li></ul></div>"
    )
    out = en(markup)
    assert element_structure(out) == element_structure(markup)
    assert '<a href="/x?a=1&amp;b=2" rel="nofollow">' in out
    assert "&amp; 乙&nbsp;丙 &lt;tag&gt;" in out
    assert '<div class="story" id="s1"><h2>en(标题)</h2>' in out


def test_untranslated_elements_are_left_as_they_are() -> None:
    kept = [
        '<script>var s = "<b>你好</b>";</script>',
        "<style>p { color: red; }</style>",
        "<code>print(你好)</code>",
        "<pre>  一\n  二</pre>",
        '<span translate="no">品牌</span>',
        '<span class="x notranslate">品牌</span>',
        "<!-- 注释 -->",
    ]
    markup = "<p>第一句。" + "".join(kept) + "第二句。</p>"
    out = en(markup)
    for part in kept:
        assert part in out
    assert "en(第一句。)" in out
    assert "en(第二句。)" in out


def test_an_untranslated_inline_element_stays_inside_its_sentence() -> None:
    engine = fake_engine("zh-en")
    markup = '<p>我们用<span translate="no">Précis</span>和<code>ls -l</code>翻译。</p>'
    [result] = translate_html(engine, [markup], "zh", "en")
    assert fake(engine, "zh", "en").take_calls() == [["我们用Précis和ls -l翻译。"]]
    assert result.text == (
        '<p>en(我们用<span translate="no">Précis</span>和<code>ls -l</code>翻译。)</p>'
    )


def test_alt_and_title_are_translated() -> None:
    out = en('<p title="提示">文字。<img src="a.png" alt="一只猫"></p>')
    assert 'title="en(提示)"' in out
    assert 'alt="en(一只猫)"' in out
    assert 'src="a.png"' in out


def test_an_inline_element_inside_a_sentence_does_not_split_it() -> None:
    engine = fake_engine("zh-en")
    translate_html(
        engine, ["<p>乌克兰总统<b>泽连斯基</b>会见了<em>欧洲领导人</em>。</p>"], "zh", "en"
    )
    assert fake(engine, "zh", "en").take_calls() == [["乌克兰总统泽连斯基会见了欧洲领导人。"]]


def test_an_inline_element_lands_on_its_aligned_words() -> None:
    # the fake aligns each word with itself: the element stays on its words
    out = en("<p>The <b>big</b> dog barked. It <i>ran away</i> fast.</p>", source="uk")
    assert out == "<p>en(The <b>big</b> dog barked.) en(It <i>ran away</i> fast.)</p>"


def test_through_english_the_two_alignments_are_composed() -> None:
    engine = fake_engine("uk-en", "en-zh")
    markup = "<p>Велика <b>собака</b> гавкала. Вона <i>втекла геть</i> швидко.</p>"
    [result] = translate_html(engine, [markup], "uk", "zh")
    assert result.text == (
        "<p>zh(en(Велика <b>собака</b> гавкала.))zh(en(Вона <i>втекла геть</i> швидко.))</p>"
    )


def test_an_element_across_two_sentences_covers_both_translations() -> None:
    out = en("<p><b>One. Two.</b> Three.</p>", source="uk")
    assert out == "<p><b>en(One.) en(Two.)</b> en(Three.)</p>"


def test_nested_inline_elements_stay_nested() -> None:
    markup = '<p>A <a href="#"><b>very</b> bold</a> word here.</p>'
    out = en(markup, source="uk")
    assert element_structure(out) == element_structure(markup)
    assert '<a href="#"><b>very</b> bold</a>' in out


def test_a_whole_document_keeps_its_doctype_and_head() -> None:
    markup = (
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>标题</title></head>"
        "<body><p>正文。</p></body></html>"
    )
    out = en(markup)
    assert out.startswith("<!DOCTYPE html>")
    assert "<title>en(标题)</title>" in out
    assert "<p>en(正文。)</p>" in out
    assert element_structure(out) == element_structure(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>未闭合的 <b>粗体 <i>斜体</p> 还有",
        "a < b 而且 c > d。",
        "<p>文字</div></span>。",
        "<<<>>>文字。",
        "<p attr=>文字。<p>第二段",
        "<table><tr><td>单元格。</td><td>另一个",
        "</p>开头就关闭。",
        "<b>" * 200 + "深。",
        "<p>\x00控制\x01字符。</p>",
    ],
)
def test_malformed_markup_gets_a_well_formed_result(markup: str) -> None:
    out = en(markup)
    assert "en(" in out
    assert element_structure(out) == element_structure(markup)


@pytest.mark.parametrize(
    "markup",
    ["<p></p>", "<br><img src=x>", "<script>a()</script>", "<!-- 只有注释 -->", "<code>x</code>"],
)
def test_markup_without_text_is_a_field_error_naming_text(markup: str) -> None:
    with pytest.raises(FieldError) as caught:
        en(markup)
    assert caught.value.field == "text"


def test_extracted_text_has_one_line_per_block_and_marks_headings() -> None:
    extracted = extract(
        "<h1>Budget approved.</h1><p>The council <b>approved</b> it.\n It was late.</p>"
        "<ul><li>One item</li><li>Uses <code>ls</code> daily</li></ul>"
        "<blockquote>A quote.</blockquote><script>x()</script>"
    )
    assert extracted.text == (
        "Budget approved.\nThe council approved it. It was late.\nOne item\nUses ls daily\nA quote."
    )
    assert extracted.headings == frozenset({0})


@pytest.fixture(scope="module")
def html_app() -> Flask:
    return create_app({"max_text_chars": 5000}, runtime=fake_runtime("zh-en", "en-uk"))


@pytest.fixture
def html_client(html_app: Flask, contract: Contract) -> CheckedClient:
    return CheckedClient(html_app.test_client(), contract)


ARTICLE = (
    "<h1>City opens new metro line.</h1>"
    "<p>The city <b>opened</b> a new metro line on Tuesday. It has twenty stations.</p>"
    "<p>The mayor said commuting times will <em>halve</em>. More lines are planned.</p>"
    "<p>Passengers welcomed the news.</p>"
)


def test_summarize_html_reads_blocks_and_headings(html_client: CheckedClient) -> None:
    response = html_client.post(
        "/v1/summarize", json={"text": ARTICLE, "format": "html", "language": "en", "sentences": 2}
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["sentence_count"] == 6
    assert "<" not in body["summary"]
    assert all(s["index"] != 0 for s in body["sentences"])  # the h1 is a heading
    extracted = extract(ARTICLE).text
    for sentence in body["sentences"]:
        assert extracted[sentence["start"] : sentence["end"]] == sentence["text"]


def test_translate_html_through_the_api(html_client: CheckedClient) -> None:
    response = html_client.post(
        "/v1/translate",
        json={
            "text": ["<p>你好 <b>世界</b>。</p>", "<p>再见。</p>"],
            "target": "en",
            "format": "html",
        },
    )
    assert response.status_code == 200, response.json
    [translation] = response.json["translations"]
    assert translation["text"] == ["<p>en(你好 <b>世界。</b>)</p>", "<p>en(再见。)</p>"]
    assert response.json["source"]["code"] == "zh"


def test_articles_html(html_client: CheckedClient) -> None:
    response = html_client.post(
        "/v1/articles",
        json={
            "title": "新闻",
            "text": "<h2>标题</h2><p>第一句话。<b>第二</b>句话。</p><p>第三句话。</p>",
            "format": "html",
            "summary": {"sentences": 1},
            "targets": ["en"],
            "translate": ["title", "summary", "text"],
        },
    )
    assert response.status_code == 200, response.json
    [translation] = response.json["translations"]
    assert translation["title"] == "en(新闻)"
    assert translation["text"].startswith("<h2>en(标题)</h2><p>en(第一句话。)")
    assert len(translation["summary_sentences"]) == 1
    assert "<" not in translation["summary_sentences"][0]


@pytest.mark.parametrize("route", ["/v1/summarize", "/v1/translate", "/v1/articles"])
@pytest.mark.parametrize("text", ["<p> </p>", "<script>only()</script>", "<img src=x>"])
def test_markup_only_is_a_422_naming_text(
    html_client: CheckedClient, route: str, text: str
) -> None:
    body: dict[str, Any] = {"text": text, "format": "html", "source": "zh"}
    if route == "/v1/translate":
        body["target"] = "en"
    if route == "/v1/summarize":
        body = {"text": text, "format": "html", "language": "zh"}
    response = html_client.post(route, json=body)
    assert response.status_code == 422, response.json
    assert response.json["field"] == "text"


@pytest.mark.parametrize(
    "text",
    [
        "<p>a < b</p>",
        "</b></i>文字。",
        "<p " + "x" * 500,
        "&#0;&#xD800;&bogus;文字。",
        "<![CDATA[文字。]]>",
    ],
)
def test_hostile_markup_is_never_a_5xx(html_client: CheckedClient, text: str) -> None:
    for route, body in [
        ("/v1/translate", {"text": text, "format": "html", "source": "zh", "target": "en"}),
        ("/v1/summarize", {"text": text, "format": "html", "language": "zh"}),
        ("/v1/articles", {"text": text, "format": "html", "source": "zh", "targets": ["en"]}),
    ]:
        response = html_client.post(route, json=body)
        assert response.status_code in (200, 422), (route, text, response.json)


def test_an_unknown_format_is_a_422(html_client: CheckedClient) -> None:
    response = html_client.post("/v1/translate", json={"text": "x", "target": "en", "format": "md"})
    assert response.status_code == 422
    assert response.json["field"] == "format"


def test_bold_lands_on_its_english_words_with_the_real_model(zhen_package: Path) -> None:
    engine = Engine.from_models_dir(zhen_package.parent)
    markup = '<p>乌克兰总统<b>泽连斯基</b>周二在基辅会见了<a href="https://eu.example">欧洲领导人</a>。</p>'
    [result] = translate_html(engine, [markup], "zh", "en")
    out = result.text
    assert element_structure(out) == element_structure(markup)
    assert "<b>Zelensky</b>" in out
    assert '<a href="https://eu.example">' in out
    link = out.split('<a href="https://eu.example">')[1].split("</a>")[0]
    assert "European leaders" in link


def test_a_br_or_img_inside_a_sentence_does_not_split_it_and_stays_among_its_words() -> None:
    engine = fake_engine("uk-en")
    markup = '<p>Один два<br>три чотири. Пʼять <img src="i.png" alt="кіт"> шість.</p>'
    [result] = translate_html(engine, [markup], "uk", "en")
    # the line break reads as a space, the image as nothing (its alt is translated apart);
    # both come back where they were, and the translation gains no space
    assert fake(engine, "uk", "en").take_calls() == [
        ["Один два три чотири.", "Пʼять  шість.", "кіт"]
    ]
    assert result.text == (
        '<p>en(Один два<br>три чотири.) en(Пʼять <img src="i.png" alt="en(кіт)"> шість.)</p>'
    )
    assert len(result.sentences) == 3


def test_void_elements_at_a_sentence_edge_or_inside_an_inline_element_keep_their_place() -> None:
    assert en("<p><img src=a>Один два.<br></p>", "uk") == '<p><img src="a">en(Один два.)<br></p>'
    assert en("<p>Один <b>два<br>три</b> чотири.</p>", "uk") == (
        "<p>en(Один <b>два<br>три</b> чотири.)</p>"
    )


def test_two_brs_in_a_row_are_a_paragraph_break_for_translation_and_summaries() -> None:
    engine = fake_engine("uk-en")
    markup = "<p>Перше речення<br> \n<br>друге речення.</p>"
    [result] = translate_html(engine, [markup], "uk", "en")
    assert fake(engine, "uk", "en").take_calls() == [["Перше речення", "друге речення."]]
    assert result.text == "<p>en(Перше речення)<br> \n<br>en(друге речення.)</p>"
    assert extract(markup).text == "Перше речення\nдруге речення."
    assert extract("<p>Один два<br>три.</p>").text == "Один два три."
