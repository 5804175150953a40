"""Tests for geoincidents.documents: reading, decoding and cleaning reports."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoincidents.documents import Document, clean_text, document_from_text, read_documents
from geoincidents.errors import DocumentError

DATA = Path(__file__).parent / "data" / "documents"
BAD = DATA / "bad"


@pytest.fixture
def path_documents() -> Path:
    return DATA


def read_one(path, **options) -> Document:
    documents = list(read_documents([path], **options))
    assert len(documents) == 1
    return documents[0]


def error_of(path, **options) -> str:
    with pytest.raises(DocumentError) as caught:
        list(read_documents([path], **options))
    message = str(caught.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------
# clean_text


def test_clean_text_drops_cookie_banner_and_comment_form():
    text = (
        "Two shells hit the market in Mayadin on Friday.\n\n"
        "This website uses cookies to improve your experience. We'll assume you're ok with this, "
        "but you can opt-out if you wish. Accept Read More\n\n"
        "Leave a Reply\nPlease enter your comment!\nPlease enter your name here\n"
        "You must be logged in to post a comment."
    )
    assert clean_text(text) == "Two shells hit the market in Mayadin on Friday."


def test_clean_text_drops_comment_moderation_policy():
    text = (
        "A patrol was ambushed near Sabha.\n"
        "Comments\n"
        "The Courier moderates all comments submitted on this site and welcomes debate.\n"
        "Your comments must follow our community guidelines.\n"
        "We will not tolerate the following: profanity, threats, personal attacks.\n"
        "Comments that do not meet these rules will be deleted.\n"
        "Post a comment"
    )
    assert clean_text(text) == "A patrol was ambushed near Sabha."


def test_clean_text_drops_related_block_share_lines_and_issue_number():
    text = (
        "Thursday – 9 March 2023 Issue no. [16200]\n\n"
        "Rockets fell near the base at al-Omar oil field.\n\n"
        "Share on Facebook | Share on X\nFollow us on Telegram\n\n"
        "See also  Floods in the south cut two roads\n\n"
        "You might also like\n\n"
        "Drone strike near Qamishli kills two\n"
        "Convoy of 40 trucks enters from Iraq\n\n"
        "Newsletter"
    )
    assert clean_text(text) == "Thursday – 9 March 2023\n\nRockets fell near the base at al-Omar oil field."


def test_clean_text_related_block_stops_at_a_sentence():
    text = "Related\nStrike near Hajin\nThe strike hit a house in Hajin, residents said."
    assert clean_text(text) == "The strike hit a house in Hajin, residents said."


def test_clean_text_keeps_sentences_that_mention_boilerplate_words():
    text = (
        "Fighters agreed to share the checkpoint at the bridge, a commander said.\n"
        "The group said in its weekly newsletter, published on Sunday, that twelve of its members "
        "were killed in clashes near the Kabajeb crossroads and that others were captured."
    )
    assert clean_text(text) == text


def test_clean_text_drops_an_article_pasted_twice():
    article = (
        "Gunmen on motorbikes fired at a car near the town of Busayrah.\n"
        "The driver was wounded and taken to hospital, a relative said.\n"
        "Security forces closed the road for two hours."
    )
    assert clean_text(article + "\n" + article + "\n") == article
    assert clean_text(article + "\n\n\n" + article) == article


def test_clean_text_drops_repeated_headlines():
    headline = "Explosion shakes the Conoco gas plant"
    text = f"{headline}\n\n{headline}\n\n{headline}\n\nThe blast was heard across the valley."
    assert clean_text(text) == f"{headline}\n\nThe blast was heard across the valley."


def test_clean_text_drops_headline_repeated_without_site_name():
    text = (
        "Explosion shakes the Conoco gas plant • The Valley Courier\n\n"
        "Explosion shakes the Conoco gas plant\n\n"
        "The blast was heard across the valley."
    )
    assert clean_text(text) == (
        "Explosion shakes the Conoco gas plant • The Valley Courier\n\nThe blast was heard across the valley."
    )


def test_clean_text_keeps_short_lines_repeated_in_different_places():
    text = (
        "Hajin:\nTwo civilians were killed.\n\n"
        "Gharanij:\nTwo civilians were killed.\n\n"
        "Diban:\nA house was burned."
    )
    assert clean_text(text) == text


def test_clean_text_normalises_whitespace_and_keeps_paragraphs():
    text = "\ufeffFirst\u00a0line,\t\ttabbed.\r\nSecond  line\u200b.\r\n\r\n\r\n\r\n  Third paragraph.  "
    assert clean_text(text) == "First line, tabbed.\nSecond line.\n\nThird paragraph."


def test_clean_text_keeps_kept_lines_verbatim():
    raw = (DATA / "pasted_twice.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned
    for line in cleaned.split("\n"):
        assert not line or line in raw


def test_clean_text_repairs_mojibake():
    original = "Clashes in Deir ez-Zor’s countryside – “heavy” losses, café closed."
    # as a browser shows it: cp1252, and the bytes cp1252 leaves undefined as C1 controls
    garbled = "".join(
        chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        for byte in original.encode("utf-8")
    )
    assert garbled != original
    assert clean_text(garbled) == original


def test_clean_text_leaves_arabic_alone():
    text = "قصفت مسيرة سيارة قرب الشحيل."
    assert clean_text(text) == text


# --------------------------------------------------------------------------
# Publication dates


@pytest.mark.parametrize(
    "head, expected",
    [
        ("Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD\n\nShelling hit Hajin.", date(2021, 7, 12)),
        ("Posted July 12, 2021\n\nShelling hit Hajin.", date(2021, 7, 12)),
        ("2021-07-12\n\nShelling hit Hajin.", date(2021, 7, 12)),
        ("Published on the 3rd of Sept. 2020\n\nShelling hit Hajin.", date(2020, 9, 3)),
        ("الأحد ١٢ تموز ٢٠٢١\n\nقصف على هجين.", date(2021, 7, 12)),
        ("Shelling hit Hajin on 31 February 2021.", None),
        ("Shelling hit Hajin.", None),
    ],
)
def test_published_from_a_date_near_the_top(head, expected):
    assert document_from_text(head).published == expected


def test_a_date_on_a_dateline_beats_one_in_the_lead_sentence():
    text = (
        "Clashes in the desert\n\n"
        "On 21 March 2019, fighters stormed the camp, and since then the area saw repeated clashes "
        "between the two sides that left dozens dead and many more wounded across the whole region.\n\n"
        "Wednesday 5 April 2023"
    )
    assert document_from_text(text).published == date(2023, 4, 5)


def test_a_date_far_down_the_text_is_not_the_publication_date():
    text = "Clashes in the desert.\n\n" + "The fighting went on. " * 40 + "\n\n12 July 2021"
    assert document_from_text(text).published is None


def test_published_argument_beats_the_text():
    doc = document_from_text("12 July 2021\n\nShelling hit Hajin.", published="2021-07-14")
    assert doc.published == date(2021, 7, 14)


def test_published_argument_must_be_a_date():
    with pytest.raises(DocumentError, match="use YYYY-MM-DD"):
        document_from_text("Shelling hit Hajin.", published="last Tuesday")


# --------------------------------------------------------------------------
# Plain text, sidecars, Markdown


def test_text_file_with_sidecar(path_documents):
    doc = read_one(path_documents / "convoy_report.txt")
    assert doc.id == "convoy_report.txt"
    assert doc.path == str(path_documents / "convoy_report.txt")
    # the sidecar's date wins over "3 March 2023" in the text
    assert doc.published == date(2023, 3, 14)
    assert doc.url == "https://monitor.example.org/convoy-koniko"
    assert doc.outlet == "Example Monitor"
    assert doc.text.startswith("Coalition convoy reaches the Koniko base\n\nQAMISHLI – 3 March 2023 – A column")
    assert doc.text.endswith("flew low over the town during the night.")
    assert "Share" not in doc.text and "newsletter" not in doc.text and "Facebook" not in doc.text


def test_published_argument_beats_the_sidecar(path_documents):
    doc = read_one(path_documents / "convoy_report.txt", published=date(2023, 3, 20))
    assert doc.published == date(2023, 3, 20)
    assert doc.outlet == "Example Monitor"


def test_text_file_dated_by_its_dateline(path_documents):
    assert read_one(path_documents / "dated_report.txt").published == date(2023, 2, 7)


def test_text_file_pasted_twice_with_comment_form(path_documents):
    doc = read_one(path_documents / "pasted_twice.txt")
    assert doc.text.count("Two groups of gunmen exchanged fire") == 1
    assert doc.text.count("Clashes near the Jafra checkpoint") == 1
    assert doc.text.endswith("A curfew was declared in the neighbourhood until the morning.")
    for junk in ("Leave a Reply", "Email", "Save my name", "Post Comment", "Comments"):
        assert junk not in doc.text


def test_markdown_markup_removed_and_front_matter_read(path_documents):
    doc = read_one(path_documents / "briefing.md")
    assert doc.text == (
        "Weekly briefing: eastern Syria\n\n"
        "Hasakah – A roadside bomb went off next to a patrol on the road to Shaddadi, wounding two soldiers.\n\n"
        "Local sources said the road stayed closed for several hours."
    )
    assert doc.published == date(2023, 4, 2)
    assert doc.outlet == "Example Monitor"
    assert doc.title == "Weekly briefing"


def test_sidecar_with_a_bad_date(tmp_path):
    (tmp_path / "report.txt").write_text("Clashes in Hajin.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text('{"published": "yesterday"}', encoding="utf-8")
    message = error_of(tmp_path / "report.txt")
    assert "report.meta.json" in message and "YYYY-MM-DD" in message


def test_sidecar_that_is_not_an_object(tmp_path):
    (tmp_path / "report.txt").write_text("Clashes in Hajin.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text('["2023-01-01"]', encoding="utf-8")
    assert "not an object" in error_of(tmp_path / "report.txt")


# --------------------------------------------------------------------------
# Encodings


def test_arabic_in_cp1256(path_documents):
    raw = (path_documents / "arabic_cp1256.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = read_one(path_documents / "arabic_cp1256.txt")
    assert doc.text.startswith("اشتباكات في ريف دير الزور الشرقي")
    assert "بلدة الشحيل" in doc.text
    assert doc.published == date(2023, 3, 12)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes("Shelling hit Ḥajīn – “again”.\nقصف على هجين".encode(encoding))
    assert read_one(path).text == "Shelling hit Ḥajīn – “again”.\nقصف على هجين"


def test_western_windows_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("The “café” near Raqqa’s clock tower was hit – façade destroyed.".encode("cp1252"))
    assert read_one(path).text == "The “café” near Raqqa’s clock tower was hit – façade destroyed."


# --------------------------------------------------------------------------
# HTML


def test_saved_web_page(path_documents):
    doc = read_one(path_documents / "saved_page.html")
    assert doc.text == (
        "Drone strike hits truck near Al-Busayrah\n\n"
        "By staff · 7 November 2022\n\n"
        "A drone of unknown origin struck a pick-up truck on the road between Al-Busayrah and Dhiban "
        "on Monday evening, killing two men & wounding a third, according to residents.\n\n"
        "The truck was carrying fuel, a member of the local council said. Nobody claimed the strike.\n\n"
        "Residents said it was the third strike of its kind in the area this month."
    )
    assert doc.published == date(2022, 11, 8)
    assert doc.url == "https://valley-dispatch.example/2022/11/drone-strike-busayrah"
    assert doc.outlet == "Valley Dispatch"
    assert doc.title == "Drone strike hits truck near Al-Busayrah"


def test_page_without_article_uses_body_without_navigation():
    page = """<html><head><title>Night raid in Tayyana</title>
    <link rel="canonical" href="https://courier.example/raid"></head>
    <body><nav><ul><li>Home</li><li>Iraq</li></ul></nav>
    <div id="content"><p>Security forces raided four homes in Tayyana at dawn and detained
    <b>five</b> men.</p><p>Relatives said they were taken to Hasakah.</p></div>
    <div class="sidebar"><p>Most read: Shelling near Hajin</p></div>
    <svg><title>logo</title><text>Courier</text></svg>
    <footer>Contact us</footer></body></html>"""
    doc = document_from_text(page, id="raid")
    assert doc.text == (
        "Night raid in Tayyana\n\n"
        "Security forces raided four homes in Tayyana at dawn and detained five men.\n\n"
        "Relatives said they were taken to Hasakah."
    )
    assert doc.url == "https://courier.example/raid"
    assert doc.title == "Night raid in Tayyana"


def test_page_prefers_the_longest_article():
    card = "<article><p>Short teaser about something else.</p></article>"
    story = "<article><p>" + "Clashes continued in the town of Hajin for a third day. " * 10 + "</p></article>"
    doc = document_from_text(f"<!doctype html><html><body>{card}{story}{card}</body></html>")
    assert doc.text.startswith("Clashes continued in the town of Hajin")
    assert "teaser" not in doc.text


def test_page_is_never_executed_and_broken_markup_is_read():
    page = (
        "<html><body><script>throw new Error('x')</script>"
        "<p onclick=\"alert(1)\">Mortar rounds hit <i>Deir Ezzor &lt;city&gt;</i> at noon"
        "<div><p>Two were hurt<img src=x onerror=alert(1)> &#8211; residents"
        "<style>p{}</style></body>"
    )
    assert document_from_text(page).text == "Mortar rounds hit Deir Ezzor <city> at noon\n\nTwo were hurt – residents"


def test_page_date_from_time_element_or_linked_data():
    with_time = '<html><body><article><time datetime="2020-05-04T10:00">May 4</time><p>Clashes in Hajin.</p></article></body></html>'
    assert document_from_text(with_time).published == date(2020, 5, 4)
    linked = (
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"datePublished": "2019-02-03", "publisher": {"name": "Desert Post"}}]}</script></head>'
        "<body><p>Clashes in Hajin.</p></body></html>"
    )
    doc = document_from_text(linked)
    assert doc.published == date(2019, 2, 3)
    assert doc.outlet == "Desert Post"


def test_page_of_nothing_but_boilerplate():
    page = "<html><body><nav>Home</nav><div class='cookie'>We use cookies.</div><footer>x</footer></body></html>"
    with pytest.raises(DocumentError, match="boilerplate"):
        document_from_text(page)


# --------------------------------------------------------------------------
# Rows: JSON Lines and CSV


def test_jsonl_reports(path_documents):
    with pytest.warns(UserWarning, match="line 4"):
        docs = list(read_documents([path_documents / "reports.jsonl"]))
    assert [doc.id for doc in docs] == ["r-101", "reports.jsonl#2", "reports.jsonl#5"]
    first, second, third = docs
    assert first.published == date(2023, 1, 22)
    assert first.url == "https://monitor.example.org/r101"
    assert first.outlet == "Field notes"
    assert second.text == "Security forces raided homes in Jadid Akidat and detained four men, residents said."
    assert second.published == date(2023, 1, 23)
    assert third.published == date(2023, 1, 2)  # from the text
    assert third.outlet == "Example Monitor"
    assert all(doc.path == str(path_documents / "reports.jsonl") for doc in docs)


def test_csv_reports(path_documents):
    docs = list(read_documents([path_documents / "reports.csv"]))
    assert [doc.id for doc in docs] == ["reports.csv#1", "c-2"]
    assert docs[0].text == "Gunmen attacked a checkpoint in Tabqa, leaving one guard dead."
    assert docs[0].published == date(2023, 2, 1)
    assert docs[0].outlet == "Local Monitor"
    assert docs[1].text == "A convoy of 20 trucks entered through the Semalka crossing.\n\nIt headed towards Rmeilan."
    assert docs[1].published is None


def test_csv_with_semicolons_and_a_title(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('title;content;date\n"Raid in Tayyana";"Five men were detained.";"12 July 2021"\n', encoding="utf-8")
    doc = read_one(path)
    assert doc.text == "Raid in Tayyana\n\nFive men were detained."
    assert doc.title == "Raid in Tayyana"
    assert doc.published == date(2021, 7, 12)


def test_jsonl_row_with_a_bad_date(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "Clashes in Hajin.", "published": "soon"}\n', encoding="utf-8")
    message = error_of(path)
    assert "rows.jsonl: line 1" in message and "YYYY-MM-DD" in message


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "Clashes in Hajin."}\n["Clashes in Hajin."]\n', encoding="utf-8")
    message = error_of(path)
    assert "line 2" in message and "not an object" in message


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"headline": "Clashes", "when": "2023-01-01"}\n', encoding="utf-8")
    message = error_of(path)
    assert "line 1 has no text field" in message and "headline, when" in message


# --------------------------------------------------------------------------
# Paths, directories, stdin


def test_directory_expands_to_its_report_files(path_documents):
    with pytest.warns(UserWarning):
        ids = [doc.id for doc in read_documents([path_documents])]
    assert ids == [
        "arabic_cp1256.txt", "briefing.md", "convoy_report.txt", "dated_report.txt", "pasted_twice.txt",
        "reports.csv#1", "c-2", "r-101", "reports.jsonl#2", "reports.jsonl#5", "saved_page.html",
    ]


def test_a_single_path_is_not_iterated_letter_by_letter(path_documents):
    assert [doc.id for doc in read_documents(str(path_documents / "dated_report.txt"))] == ["dated_report.txt"]


def test_missing_file_fails_before_anything_is_read(path_documents):
    with pytest.raises(DocumentError, match="nowhere.txt: no such file"):
        read_documents([path_documents / "dated_report.txt", path_documents / "nowhere.txt"])


def test_directory_without_reports(tmp_path):
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DocumentError, match="directory has no report files"):
        read_documents([tmp_path])


@pytest.mark.parametrize("content, expected_id", [("Clashes in Hajin.\n", "stdin")])
def test_stdin(monkeypatch, content, expected_id):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content.encode("utf-8"))))
    doc = read_one("-", published="2023-05-01")
    assert (doc.id, doc.text, doc.path, doc.published) == (expected_id, "Clashes in Hajin.", None, date(2023, 5, 1))


def test_stdin_jsonl_and_html_are_recognised(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "Clashes in Hajin."}\n')))
    assert read_one("-").id == "stdin#1"
    page = b"<!DOCTYPE html><html><body><nav>Menu</nav><p>Clashes in Hajin.</p></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert read_one("-").text == "Clashes in Hajin."


# --------------------------------------------------------------------------
# Bad input: one clear line naming the file


@pytest.mark.parametrize(
    "name, hint",
    [
        ("only_boilerplate.txt", "boilerplate"),
        ("binary.txt", "binary"),
        ("undecodable.txt", "re-encode it as UTF-8"),
        ("broken.jsonl", "line 2 is not valid JSON"),
        ("no_text_column.csv", "no text column; name one column text, body or content (it has: date, headline, link)"),
        ("with_bad_meta.txt", "with_bad_meta.meta.json: not valid JSON"),
    ],
)
def test_bad_files(name, hint):
    message = error_of(BAD / name)
    assert hint in message
    assert name.split(".")[0] in message


def test_file_larger_than_the_limit(path_documents):
    message = error_of(path_documents / "dated_report.txt", max_bytes=100)
    assert "dated_report.txt" in message and "100-byte limit" in message


def test_pdf_is_named_as_such(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert "PDF" in error_of(path)


def test_document_error_is_a_value_error():
    with pytest.raises(ValueError):
        document_from_text("   \n\n  ")


# --------------------------------------------------------------------------
# Document


def test_document_is_frozen():
    doc = document_from_text("Clashes in Hajin.", id="a", url="https://x.example", outlet="X")
    assert (doc.id, doc.url, doc.outlet, doc.path) == ("a", "https://x.example", "X", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------
# Properties

_PIECES = st.sampled_from(
    list("ab \n\t\r<>/=\"'&;#!-.:|•") + [
        "<p>", "</p>", "<div class='share'>", "</div>", "<script>", "</script>", "<article>", "</article>",
        "<!DOCTYPE html>", "&amp;", "&#x", "<!--", "<![CDATA[", "<svg>", "<title>", "\u2028", "\xa0",
        "Share this", "Read more", "Comments", "12 July 2021", "Issue no. [", "Clashes in Hajin.",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_any_input_gives_kept_lines_or_a_document_error(text):
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip() and "\n\n\n" not in cleaned
    normalised = " ".join(text.replace("\u2028", "\n").split(" "))
    for line in cleaned.split("\n"):
        assert " ".join(line.split()) in " ".join(normalised.split())
    for variant in (text, "<html><body>" + text):
        try:
            document = document_from_text(variant)
        except DocumentError:
            continue
        assert document.text


# --------------------------------------------------------------------------
# Batches: bad documents skipped, empty ones kept, corpora streamed


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_an_empty_file_is_a_document_with_no_text(name):
    [doc] = read_documents([BAD / name])
    assert (doc.id, doc.text) == (name, "")


def test_on_skip_names_each_bad_document_and_keeps_the_others(path_documents):
    skipped = []
    docs = list(read_documents([BAD, path_documents / "dated_report.txt"], on_skip=skipped.append))
    reasons = "\n".join(skipped)
    for name in ("binary.txt", "undecodable.txt", "only_boilerplate.txt", "with_bad_meta.meta.json", "no_text_column.csv"):
        assert name in reasons
    assert "broken.jsonl: line 2 is not valid JSON" in reasons
    ids = [doc.id for doc in docs]
    assert "dated_report.txt" in ids and "empty.txt" in ids and "blank.txt" in ids
    assert "broken.jsonl#1" in ids  # the line before the broken one is kept
    assert len(skipped) == 6


@pytest.mark.parametrize("published, expected, precision", [
    ("2020-06", date(2020, 6, 15), 3),
    ("2020", date(2020, 7, 1), 3),
    ("2020-06-03", date(2020, 6, 3), 1),
])
def test_partial_dates_in_sidecars_and_records(tmp_path, published, expected, precision):
    (tmp_path / "a.txt").write_text("Clashes broke out in Hajin.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Clashes in Hajin.", "published": published}) + "\n", encoding="utf-8")
    docs = list(read_documents([tmp_path / "a.txt", tmp_path / "b.jsonl"]))
    assert [(d.published, d.published_precision) for d in docs] == [(expected, precision)] * 2


def test_a_month_is_not_a_bad_date_but_a_nonsense_one_is(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "Clashes in Hajin.", "published": "2020-13"}\n', encoding="utf-8")
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in error_of(path)


def test_jsonl_is_read_line_by_line_with_a_cap_per_record(tmp_path):
    path = tmp_path / "corpus.jsonl"
    good = json.dumps({"text": "Shelling hit Hajin on Monday."})
    path.write_text("\n".join([good, json.dumps({"text": "x" * 5000}), good]) + "\n", encoding="utf-8")
    skipped = []
    docs = list(read_documents([path], max_bytes=1000, on_skip=skipped.append))
    assert [d.id for d in docs] == ["corpus.jsonl#1", "corpus.jsonl#3"]
    assert skipped == [f"{path}: line 2 is more than the 1,000-byte limit for one document; split it or raise the limit"]


def test_a_corpus_file_larger_than_the_cap_is_read(tmp_path):
    path = tmp_path / "corpus.csv"
    rows = "".join(f'"Shelling hit Hajin, report {n}.",2021-07-{n % 28 + 1:02d}\n' for n in range(200))
    path.write_text("text,published\n" + rows, encoding="utf-8")
    assert path.stat().st_size > 5000
    docs = list(read_documents([path], max_bytes=5000))
    assert len(docs) == 200 and docs[-1].id == "corpus.csv#200"


def test_csv_with_an_unterminated_quote_is_named(tmp_path):  # D16
    path = tmp_path / "q.csv"
    path.write_text('text,published\n"Warplanes struck Hajin, killing 3,2021-07-14\n', encoding="utf-8")
    message = error_of(path)
    assert message == f"{path}: row 1 (line 2) is not valid CSV (an opening quote is never closed); check its quotes"


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.txt"])
def test_json_nested_too_deeply_is_a_clean_error(tmp_path, name):  # D7
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text(deep + "\n", encoding="utf-8")
    else:
        path.write_text("Clashes in Hajin.", encoding="utf-8")
        (tmp_path / "deep.meta.json").write_text(deep, encoding="utf-8")
    assert "nested too deeply" in error_of(path)


def test_a_fifo_is_refused_not_read(tmp_path):  # D15: it used to block forever
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    assert error_of(fifo) == f"{fifo}: a FIFO (named pipe), not a regular file; give a report file (or - and a pipe for standard input)"


def test_a_looping_symlink_is_named_as_such(tmp_path):  # D15
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    with pytest.raises(DocumentError, match="a broken or looping symbolic link"):
        read_documents([tmp_path / "a"])


def test_a_device_is_refused_with_its_kind(tmp_path):  # D15: /dev/urandom said "0 bytes is more than the limit"
    assert error_of("/dev/urandom") == "/dev/urandom: a character device, not a regular file; give a report file (or - and a pipe for standard input)"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_big_corpus_is_read_in_bounded_memory(tmp_path, suffix):
    import tracemalloc

    from geoincidents.documents import document_sources

    path = tmp_path / f"big{suffix}"
    row = (json.dumps({"text": "Shelling hit Hajin. " * 10}) if suffix == ".jsonl" else '"' + "Shelling hit Hajin. " * 10 + '"') + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        if suffix == ".csv":
            handle.write("text\n")
        handle.write(row * 60_000)  # about 13 MB
    tracemalloc.start()
    try:
        count = sum(1 for _ in document_sources([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 60_000
    assert peak < 2_000_000, f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte corpus"
