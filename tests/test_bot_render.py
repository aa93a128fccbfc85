"""Answers as Telegram HTML: escaped, split under the limit, parsed by the fake's copy of Telegram's HTML parser."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import render
from index import Answer, Citation
from tests.fake_telegram import parse_html, utf16_len

NASTY = "<b>hi</b> & <script>alert('x')</script> &amp; &#x27; > <"


def answer(**changes) -> Answer:
    citation = Citation(
        1,
        "letters/2021 <draft>.txt",
        f"Letter {NASTY}",
        dt.date(2021, 9, 23),
        "para 1.6",
        f"Quoted {NASTY}",
        2,
        9,
    )
    values = dict(
        question=f"Q {NASTY}",
        answer=f"Answer {NASTY} [1]",
        abstained=False,
        confidence=0.8,
        as_of=dt.date(2021, 9, 23),
        warnings=(f"Warning {NASTY}",),
        citations=(citation,),
    )
    return Answer(**{**values, **changes})


def test_everything_from_documents_and_users_is_shown_as_text_never_as_markup():
    for html in (render.answer_html(answer(), 3), render.sources_html(answer())):
        text, entities = parse_html(html, strict=True)
        assert text.count(NASTY) >= 2
        assert all(
            NASTY not in text[e["offset"] : e["offset"] + e["length"]]
            or e["type"] in ("italic", "bold", "blockquote")
            for e in entities
        )


def test_the_short_answer_comes_first_then_sources_as_of_and_warnings():
    text, _ = parse_html(render.answer_html(answer(), 3))
    parts = ("Answer", "Sources", "[1] Letter", "As of 23 September 2021.", "⚠️ Warning")
    order = [text.index(part) for part in parts]
    assert order == sorted(order)


def test_an_abstention_says_how_many_documents_the_index_holds():
    text, _ = parse_html(render.answer_html(answer(abstained=True, citations=(), warnings=()), 1))
    assert "The index holds 1 document; /docs lists them." in text and "As of" not in text


def test_buttons_carry_a_short_id_only_and_parse_back():
    markup = render.answer_buttons("AbC-12_xyz0")
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert all(len(d.encode()) <= 64 for d in data)
    assert [render.parse_button(d) for d in data] == [
        ("src", "AbC-12_xyz0"),
        ("up", "AbC-12_xyz0"),
        ("down", "AbC-12_xyz0"),
    ]
    assert render.parse_button("up:" + "x" * 60) is None and render.parse_button("rm -rf:/") is None


def test_short_output_is_one_message():
    assert render.split_html("<b>Hello</b> world") == ["<b>Hello</b> world"]
    assert render.split_html("  \n ") == []


def test_long_output_is_cut_at_paragraph_boundaries():
    paragraphs = [f"<b>Paragraph {n}</b> " + "word " * 150 for n in range(30)]
    parts = render.split_html("\n\n".join(paragraphs))
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(parse_html(part)[0]) <= 4096
        assert part.startswith("<b>Paragraph ") and part.endswith("word")


def test_a_cut_inside_a_tag_closes_and_reopens_it_and_never_splits_an_entity():
    html = "<blockquote>" + "&amp;" * 5000 + "</blockquote>"
    parts = render.split_html(html)
    assert len(parts) == 2
    for part in parts:
        text, entities = parse_html(part, strict=True)
        assert set(text) == {"&"} and entities[0]["type"] == "blockquote"
    assert sum(len(parse_html(p)[0]) for p in parts) == 5000


_piece = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=300
    ).map(render.escape),
    st.sampled_from(["\n", "\n\n", " ", "😀", "&amp;"]),
)
_block = st.tuples(
    st.sampled_from(["", "b", "i", "blockquote", "code"]), st.lists(_piece, max_size=30)
).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>" if t[0] else "".join(t[1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_block, min_size=1, max_size=60), st.integers(min_value=300, max_value=4096))
def test_every_part_parses_fits_and_together_they_keep_the_text(blocks, limit):
    html = "\n".join(blocks)
    parts = render.split_html(html, limit)
    whole, _ = parse_html(html, strict=True)
    texts = []
    for part in parts:
        text, _ = parse_html(part, strict=True)  # balanced tags, whole entities
        assert utf16_len(text) <= limit
        assert text.strip()
        texts.append(text)
    assert "".join("".join(texts).split()) == "".join(whole.split())
