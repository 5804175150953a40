"""Reports as :class:`Document` objects: the first stage of the pipeline.

Every later stage (place spotting, incident extraction, the evidence sentence
and its character span) works on ``Document.text``, so this module decides
once what that text is: the report itself, with web boilerplate (cookie
banners, comment forms, share and "read more" links) and pasted-twice
paragraphs removed, and every other character kept as written.

Reports arrive as plain text, Markdown, saved web pages, JSON Lines or CSV,
in UTF-8 or in the Windows code pages the region's outlets still use.  Input
is untrusted: a bad file gives a one-line :class:`DocumentError` that names
the file and says how to fix it, never a traceback from a parser.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from geoincidents.errors import DocumentError

__all__ = [
    "Document", "read_documents", "document_from_text", "clean_text", "REPORT_SUFFIXES",
    "Source", "document_sources", "document_from_source",
]

#: File name endings a directory is expanded to (other files in it are ignored).
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".csv")

TEXT_FIELDS = ("text", "body", "content")
DATE_FIELDS = ("published", "date")
OUTLET_FIELDS = ("outlet", "source")
TITLE_FIELDS = ("title", "headline")

#: Only this many leading characters are searched for a dateline: further down
#: a date is far more likely to be the date of an event than of the report.
DATELINE_CHARS = 600


@dataclass(frozen=True)
class Document:
    """One report, cleaned and ready for extraction.

    Attributes
    ----------
    id : str
        The input file's name without its directory (``report.txt``);
        ``stdin`` for standard input; ``NAME#ROW`` or the row's own ``id``
        for a row of a .jsonl/.csv file.  Incidents carry it as ``doc``.
    text : str
        The cleaned text.  Character offsets of incidents refer to it.
    published : datetime.date or None
        Publication date, against which "yesterday" or "Tuesday" resolve.
    url, outlet : str or None
        Where the report was published, when known.
    path : str or None
        The file it was read from, as given; None for stdin or a raw string.
    title : str or None
        The page or row title, when the input had one.
    published_precision : int or None
        How exact ``published`` is, as ACLED's time precision: 1 a day, 3 when
        the metadata gave only a month or a year (``2020-06``, ``2020``:
        ``published`` is then the middle of that month or year).
    """

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    path: str | None = None
    title: str | None = None
    published_precision: int | None = None


# --------------------------------------------------------------------------
# Public API


def read_documents(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    published: date | str | None = None,
    max_bytes: int = 20_000_000,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Document]:
    """Read report files as cleaned documents, one per report.

    Analysts feed whatever they saved: a folder of pasted articles, a saved
    web page, a scraper's JSON Lines or a spreadsheet export.  This reads all
    of them the same way so that the extractor sees one kind of input.

    Parameters
    ----------
    paths : iterable of str or path-like
        Files to read; ``"-"`` reads standard input.  A directory stands for
        the report files directly inside it (not in sub-directories), sorted
        by name: those ending in one of :data:`REPORT_SUFFIXES`.
        .txt and unknown suffixes are plain text, .md Markdown, .html/.htm a
        saved page, .jsonl one JSON object a line and .csv one report a row
        (text in a ``text``, ``body`` or ``content`` field; optional ``id``,
        ``published``/``date``, ``url``, ``outlet``/``source``, ``title``).
    published : datetime.date or str, optional
        Publication date for every document (``YYYY-MM-DD``; ``YYYY-MM`` and
        ``YYYY`` too, see ``Document.published_precision``).  Overrides a
        sidecar ``NAME.meta.json``, which overrides a row field or page
        metadata, which overrides a date near the top of the text.
    max_bytes : int
        Refuse a larger document (a file, or one record of a .jsonl/.csv
        corpus, which is itself read record by record whatever its size), so
        that a wrong file fails fast instead of filling memory.
    on_skip : callable, optional
        Called with a one-line message for each bad document (unreadable,
        binary, undecodable, too large, a broken JSONL line or CSV row, a bad
        sidecar or date), which is then left out; without it the first bad
        document raises.  An empty file is not bad: it is a document with no
        text.

    Returns
    -------
    iterator of Document
        Lazily: the paths are checked at once (a missing file raises before
        anything is read), each file's content when it is reached.

    Raises
    ------
    DocumentError
        Missing, empty, binary, too large, undecodable or malformed input, or
        a bad ``published``; the message names the file and the fix.

    Example
    -------
    >>> docs = list(read_documents(["tests/data/documents/convoy_report.txt"]))
    >>> docs[0].id, str(docs[0].published)
    ('convoy_report.txt', '2023-03-14')
    """
    sources = document_sources(paths, max_bytes, on_skip)
    _published_argument(published)  # a bad date fails before anything is read
    return _documents_from_sources(sources, published, max_bytes, on_skip)


def document_from_text(
    text: str,
    id: str = "text",
    published: date | str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Document:
    """A cleaned document from a string already in memory.

    Notebooks and the Python API hand over report text directly; it gets the
    same cleaning (and HTML handling, when the string is a web page) as a
    file, so results do not depend on how the text arrived.

    Parameters
    ----------
    text : str
        The report, plain text or a whole HTML page.
    id : str
        Document id carried by its incidents.
    published : datetime.date or str, optional
        Publication date (``YYYY-MM-DD``); when omitted, a date near the top
        of the text is used if there is one.
    url, outlet : str, optional
        Provenance, passed through.

    Raises
    ------
    DocumentError
        The text is empty or only boilerplate, or ``published`` is not a date.

    Example
    -------
    >>> doc = document_from_text("Shelling hit Hajin.\\n\\nShare on Facebook",
    ...                          published="2021-07-12")
    >>> doc.text, doc.published
    ('Shelling hit Hajin.', datetime.date(2021, 7, 12))
    """
    if not isinstance(text, str):
        raise TypeError(f"document_from_text expects a str, got {type(text).__name__}")
    fields: dict[str, Any] = {"url": url, "outlet": outlet}
    if _looks_like_html(text):
        page = _page(text)
        text = page.pop("text")
        fields = _merged(page, fields)
    default_date, precision = _published_argument(published)
    return _document(text, id, None, fields, default_date, f"text {id!r}", precision)


def clean_text(text: str) -> str:
    """The report text without web boilerplate and repeated paragraphs.

    Pasted or saved articles drag along cookie banners, comment forms,
    "You might also like" blocks and share buttons, and are sometimes pasted
    twice; each would otherwise yield false or duplicate incidents.  Only
    whole lines are dropped (and a trailing "Issue no." fragment): every kept
    line is verbatim but for whitespace, because incident offsets point into
    this text.

    Rules: newlines normalised to ``\\n``; runs of spaces and tabs (including
    no-break spaces) become one space; invisible format characters (zero-width
    space, BOM, soft hyphen, bidi marks) go; lines are stripped; a line that
    is web boilerplate is dropped, and so are the headline-like lines after a
    "Related"/"You might also like" heading; a line repeating an earlier one
    is dropped when it is long (100+ characters), part of a repeated run, an
    immediate repeat or a repeated headline; paragraphs are separated by one
    blank line.

    Example
    -------
    >>> clean_text("Clashes in Hajin.\\n\\n\\nClashes in Hajin.\\nRead More")
    'Clashes in Hajin.'
    """
    text = _unmojibaked(text)
    lines = _normalised_lines(text)
    kept = _without_boilerplate(lines)
    kept = _without_repeats(kept)
    return _joined(kept)


# --------------------------------------------------------------------------
# Paths and bytes


def _source_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> list[str]:
    """Every input as a string path, directories expanded, missing ones refused."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    sources: list[str] = []
    for raw in paths:
        path = os.fsdecode(raw)
        if path == "-":
            sources.append(path)
        elif os.path.isdir(path):
            sources.extend(_directory_reports(path))
        elif os.path.islink(path) and not os.path.exists(path):
            raise DocumentError(f"{path}: a broken or looping symbolic link; point it at a report file")
        elif not os.path.exists(path):
            raise DocumentError(f"{path}: no such file; check the path (use - to read standard input)")
        elif path.endswith(".meta.json") and (len(paths) > 1 or _describes_a_report(path)):
            continue  # a sidecar that a shell glob ("reports/*") swept in: it describes a report, it is not one
        else:
            sources.append(path)
    return sources


def _describes_a_report(sidecar: str) -> bool:
    """Whether ``NAME.meta.json`` stands beside its report ``NAME.txt`` (or .md, .html ...)."""
    stem = sidecar[: -len(".meta.json")]
    return any(os.path.isfile(stem + suffix) for suffix in REPORT_SUFFIXES)


def _directory_reports(directory: str) -> list[str]:
    """The report files directly inside a directory, sorted by name."""
    names = sorted(
        name for name in os.listdir(directory)
        if name.lower().endswith(REPORT_SUFFIXES) and not name.startswith(".")
        and os.path.isfile(os.path.join(directory, name))
    )
    if not names:
        suffixes = ", ".join(REPORT_SUFFIXES)
        raise DocumentError(f"{directory}: directory has no report files ({suffixes}); give the files themselves")
    return [os.path.join(directory, name) for name in names]


def _input_bytes(path: str, max_bytes: int) -> bytes:
    """The raw content of a file or of stdin, refused when over ``max_bytes``."""
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(max_bytes + 1) if stream is not None else sys.stdin.read(max_bytes + 1).encode("utf-8")
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise DocumentError(f"{path}: cannot read the file ({reason}); check the path and its permissions") from None
    if len(data) > max_bytes:
        size = os.path.getsize(path) if path != "-" else 0
        shown = f"{size:,} bytes is more than" if size > max_bytes else "more than"
        raise DocumentError(
            f"{_label(path)}: {shown} the {max_bytes:,}-byte limit for one document; "
            "split the file or raise max_bytes"
        )
    return data


def _label(path: str) -> str:
    """How error messages name an input."""
    return "standard input" if path == "-" else path


def _document_id(path: str) -> str:
    return "stdin" if path == "-" else os.path.basename(path)


# --------------------------------------------------------------------------
# Decoding

_MAGIC = (
    (b"%PDF", "a PDF; convert it with pdftotext"),
    (b"PK\x03\x04", "a ZIP, .docx or .xlsx; save it as .txt or .csv"),
    (b"\xd0\xcf\x11\xe0", "an old Office document; save it as .txt or .csv"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first"),
)
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06f0-\u06f9]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CP1252_TEXT_SYMBOLS = set("‘’“”„–—…•€£°«»©®™§¶·×÷¡¿ ")


def _decoded(data: bytes, label: str) -> str:
    """Text from bytes: BOMs first, then UTF-8, then plausible Windows code pages."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise DocumentError(f"{label}: starts with a {codec.upper()} byte-order mark but is not {codec.upper()}; re-encode it as UTF-8") from None
    _refuse_binary(data, label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec, plausible in (("cp1256", _plausible_arabic), ("cp1252", _plausible_western)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return text
    raise DocumentError(
        f"{label}: not UTF-8, nor plausible Arabic (cp1256) or Western (cp1252) text; "
        "re-encode it as UTF-8 (e.g. iconv -f WINDOWS-1256 -t UTF-8)"
    )


def _refuse_binary(data: bytes, label: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(f"{label}: looks like {kind}, not a text report")
    head = data[:8192]
    if b"\x00" in data:
        raise DocumentError(f"{label}: contains NUL bytes, so it is binary (or UTF-16 without a BOM); give a UTF-8 text file")
    if head and len(_BINARY_CONTROLS.findall(head)) > len(head) / 20:
        raise DocumentError(f"{label}: mostly control characters, so it is binary, not a text report; give a UTF-8 text file")


def _plausible_arabic(text: str) -> bool:
    """Most non-ASCII characters are Arabic letters (cp1256 decodes any bytes)."""
    non_ascii = len(_NON_ASCII.findall(text))
    return non_ascii > 0 and len(_ARABIC_LETTER.findall(text)) >= 0.7 * non_ascii


def _plausible_western(text: str) -> bool:
    """Non-ASCII characters are letters or typographic punctuation."""
    odd = sum(
        1 for char in _NON_ASCII.findall(text)
        if not unicodedata.category(char).startswith("L") and char not in _CP1252_TEXT_SYMBOLS
    )
    return odd <= 0.05 * max(1, len(_NON_ASCII.findall(text)))


_MOJIBAKE = re.compile("[ÃÂâØÙ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def _unmojibaked(text: str) -> str:
    """UTF-8 that was once read as cp1252 ("â€œ", "Ã©"), repaired when that is certain."""
    if len(_MOJIBAKE.findall(text, 0, 20_000)) < 2:
        return text
    try:
        return _cp1252_bytes(text).decode("utf-8")
    except UnicodeError:
        return text


def _cp1252_bytes(text: str) -> bytes:
    """cp1252 bytes, keeping the five bytes cp1252 leaves undefined (decoders pass them as U+0081 ...)."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        return b"".join(char.encode("latin-1") if "\x80" <= char <= "\x9f" else char.encode("cp1252") for char in text)


# --------------------------------------------------------------------------
# Cleaning

_NEWLINES = re.compile("[\r\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")

# A heading that introduces links to other articles, alone on its line.
_RELATED_HEADING = re.compile(
    r"(?:you\s+(?:might|may)\s+(?:also\s+)?like|related(?:\s+(?:articles?|posts?|news|stories|content|topics|coverage))?"
    r"|read\s+(?:more|also|next)|see\s+also|also\s+read|more\s+(?:stories|news|articles|from\s+\S.{0,40})"
    r"|most\s+(?:read|popular|viewed)|recommended(?:\s+(?:for\s+you|stories|articles))?|trending(?:\s+now)?"
    r"|latest\s+(?:news|stories|articles)|editor['’]?s\s+picks?|اقرأ\s+(?:أيضا|أيضاً|ايضا|المزيد))\s*[:.…»>›|-]*",
    re.I,
)
# A link to another article: "Read more: <headline>", "See also <headline>".
_RELATED_LINK = re.compile(r"(?:read\s+(?:more|also|next)|see\s+also|also\s+read|اقرأ\s+(?:أيضا|أيضاً|ايضا))\b.{0,200}", re.I)
# Whole lines that are page furniture.
_FURNITURE_LINE = re.compile(
    r"(?:comments?|\d+\s+comments?|comments?\s+\(\d+\)|leave\s+a\s+(?:comment|reply)|post\s+(?:a\s+)?comment|add\s+(?:a\s+)?comment"
    r"|write\s+a\s+comment|submit(?:\s+comment)?|reply|cancel\s+reply|no\s+comments(?:\s+yet)?|be\s+the\s+first\s+to\s+comment.*"
    r"|please\s+enter\s+your\s+(?:comment|name|e-?mail)(?:\s+address)?(?:\s+here)?"
    r"|(?:your\s+)?(?:name|e-?mail|website|comment)(?:\s+address)?\s*\*?(?:\s*\(required\))?"
    r"|save\s+my\s+name,?\s+e-?mail.*|you\s+must\s+be\s+logged\s+in\s+to\s+(?:post\s+a\s+)?comment.*|log\s*in\s+to\s+comment"
    r"|notify\s+me\s+of\s+(?:follow-up\s+comments|new\s+posts).*|your\s+e-?mail\s+address\s+will\s+not\s+be\s+published.*"
    r"|advertisement|advertising|sponsored(?:\s+content)?|skip\s+to\s+(?:main\s+)?content|menu|search|home|close"
    r"|toggle\s+navigation|back\s+to\s+top|go\s+to\s+top|loading\.*|home\s*[>»/›|].*|accept(?:\s+all)?|reject(?:\s+all)?"
    r"|got\s+it|i\s+agree|ok(?:ay)?|tags?\s*:.*|filed\s+under\s*:.*|categor(?:y|ies)\s*:.*|issue\s+(?:no\b\.?|number)\s*[\[\d(:#].*"
    r"|print(?:\s+this\s+(?:page|article))?|share(?:\s+this)?(?:\s+(?:article|story|post|page))?(?:\s+(?:on|via))?\s*:?"
    r"|(?:(?:share\s+on|facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|messenger|instagram|youtube"
    r"|tiktok|e-?mail|copy\s+link|tweet)[\s|,·•:/-]*){1,12}"
    r"|[\W_]*)"  # a line of nothing but symbols: separators, bullets, emoji
    r"[\s!.:*]*",
    re.I,
)
# Phrases that mark a whole line (up to _FURNITURE_MAX) as a cookie banner or comment policy.
_FURNITURE_PHRASE = re.compile(
    r"this\s+(?:web)?site\s+uses\s+cookies|we\s+use\s+cookies|\buses?\s+cookies\s+to\b|cookie\s+(?:policy|settings|preferences|consent)"
    r"|accept\s+(?:all\s+)?cookies|we['’]?ll\s+assume\s+you['’]?re\s+ok|you\s+can\s+opt-out\s+if\s+you\s+wish"
    r"|by\s+continuing\s+to\s+(?:use|browse)\s+(?:this|our)\s+(?:site|website)"
    r"|community\s+guidelines|moderates?\s+(?:all\s+)?(?:the\s+)?comments|comments?\s+(?:that|which)\s+do(?:es)?\s+not\s+meet"
    r"|comments\s+are\s+(?:not\s+edited|moderated)|your\s+comments?\s+(?:must|will)|we\s+will\s+not\s+tolerate\s+the\s+following",
    re.I,
)
# Phrases that mark a short line (up to _PROMO_MAX) as a promotion or a footer;
# in a longer line they are more likely part of the report.
_PROMO_PHRASE = re.compile(
    r"\ball\s+rights\s+reserved\b|©|\bcopyright\s+(?:©\s*)?\d{4}"
    r"|\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the|my)\b|^(?:subscribe|sign\s+up)\b|\bnewsletter\b|\bfollow\s+us\b"
    r"|\bjoin\s+(?:us|our\s+\w+)\s+on\b|\bdownload\s+(?:our|the)\s+app\b|\bclick\s+here\b",
    re.I,
)
_ISSUE_SUFFIX = re.compile(r"\s*\bIssue\s+(?:no|number)\b\.?\s*\[?[\s\d\]]*$", re.I)
_SENTENCE_END = re.compile(r"[.!?؟][\"”’)\]]*$")

# Cheap substring tests that let most lines skip the phrase regexes (speed).
_FURNITURE_HINTS = ("cookie", "comment", "opt-out", "assume you", "continuing to", "guideline", "tolerate")
_PROMO_HINTS = ("reserved", "©", "copyright", "subscribe", "sign up", "newsletter", "follow us", "join", "download", "click here")

_FURNITURE_MAX = 500  # longer lines are article text, whatever they contain
_PROMO_MAX = 120
_RELATED_MAX_LINES = 12
_HEADLINE_MAX = 160


def _normalised_lines(text: str) -> list[str]:
    """Lines with one kind of newline, single spaces and no invisible characters."""
    text = _NEWLINES.sub("\n", text.replace("\r\n", "\n"))
    text = _INVISIBLE.sub("", text)
    return [" ".join(line.split()) for line in text.split("\n")]  # str.split knows every Unicode space


def _is_furniture(line: str) -> bool:
    if len(line) > _FURNITURE_MAX:
        return False
    if _FURNITURE_LINE.fullmatch(line):
        return True
    lower = line.lower()
    if any(hint in lower for hint in _FURNITURE_HINTS) and _FURNITURE_PHRASE.search(line):
        return True
    if len(line) <= _PROMO_MAX and any(hint in lower for hint in _PROMO_HINTS) and _PROMO_PHRASE.search(line):
        return True
    return len(line) <= 250 and _RELATED_LINK.fullmatch(line) is not None


def _without_boilerplate(lines: list[str]) -> list[str]:
    """Lines with furniture blanked out ("" keeps the paragraph structure)."""
    kept: list[str] = []
    related_left = 0  # headline-like lines still to drop after a "Related" heading
    for line in lines:
        if not line:
            kept.append(line)
            continue
        if _RELATED_HEADING.fullmatch(line):
            related_left = _RELATED_MAX_LINES
            kept.append("")
            continue
        if related_left and len(line) <= _HEADLINE_MAX and not _SENTENCE_END.search(line):
            related_left -= 1
            kept.append("")
            continue
        related_left = 0
        if _is_furniture(line):
            kept.append("")
            continue
        kept.append(_ISSUE_SUFFIX.sub("", line) if "ssue" in line else line)
    return kept


_TITLE_SEPARATORS = (" • ", " | ", " - ", " – ", " — ", " :: ", " · ")
_LONG_REPEAT = 100  # a repeated line this long is never a coincidence
_TOP_LINES = 5      # headlines live here


def _headline_heads(line: str) -> list[str]:
    """The headline of "Headline | Outlet" (for every separator with a short tail)."""
    heads = []
    for separator in _TITLE_SEPARATORS:
        head, found, tail = line.rpartition(separator)
        if found and head and len(tail) <= 60:
            heads.append(head.strip())
    return heads


def _without_repeats(lines: list[str]) -> list[str]:
    """Lines with repeats blanked out; the first occurrence stays."""
    content = [i for i, line in enumerate(lines) if line]
    seen: set[str] = set()
    heads: set[str] = set()
    repeat = {}
    for rank, i in enumerate(content):
        line = lines[i]
        own_heads = _headline_heads(line) if rank < _TOP_LINES else []
        repeat[i] = line in seen or line in heads or any(head in seen for head in own_heads)
        seen.add(line)
        heads.update(own_heads)
    kept = list(lines)
    for rank, i in enumerate(content):
        if not repeat[i]:
            continue
        before = content[rank - 1] if rank > 0 else None
        after = content[rank + 1] if rank + 1 < len(content) else None
        if (
            len(lines[i]) >= _LONG_REPEAT
            or (rank < _TOP_LINES and not _SENTENCE_END.search(lines[i]))
            or (before is not None and (repeat[before] or lines[before] == lines[i]))
            or (after is not None and repeat[after])
        ):
            kept[i] = ""
    return kept


def _joined(lines: list[str]) -> str:
    """Kept lines, one newline inside a paragraph and a blank line between paragraphs."""
    parts: list[str] = []
    gap = False
    for line in lines:
        if not line:
            gap = True
            continue
        if parts:
            parts.append("\n\n" if gap else "\n")
        parts.append(line)
        gap = False
    return "".join(parts)


# --------------------------------------------------------------------------
# Dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
}
_ARABIC_MONTHS = "|".join(sorted((m for m in _MONTHS if not m.isascii()), key=len, reverse=True))
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    rf"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|{_ARABIC_MONTHS})\.?"
)
_DATE = re.compile(
    r"(?<!\w)(?:(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?![\d/-])"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))(?!\w)",
    re.I,
)


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTHS[name[:3]]


def _date_of(match: re.Match) -> date | None:
    """The calendar date a :data:`_DATE` match spells, None when impossible."""
    if match["iy"]:
        year, month, day = int(match["iy"]), int(match["im"]), int(match["id"])
    elif match["y1"]:
        year, month, day = int(match["y1"]), _month_number(match["m1"]), int(match["d1"])
    else:
        year, month, day = int(match["y2"]), _month_number(match["m2"]), int(match["d2"])
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateline_date(text: str) -> date | None:
    """The report's own date near its top: a dateline line first, else the first date."""
    head = text[:DATELINE_CHARS]
    first = None
    for match in _DATE.finditer(head):
        found = _date_of(match)
        if found is None:
            continue
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_length = (line_end if line_end >= 0 else len(text)) - line_start
        if line_length <= 120:
            return found
        first = first or found
    return first


_ISO_PREFIX = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")


def _parsed_date(value: Any) -> date | None:
    """A date from a date, datetime or string; None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip()
    iso = _ISO_PREFIX.fullmatch(value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    match = _DATE.search(value)  # also "Mon, 12 Jul 2021 10:00:00 GMT"
    return _date_of(match) if match else None


def _published_argument(value: date | str | None) -> tuple[date | None, int | None]:
    return _checked_published(value, None)


def _shown(value: Any) -> str:
    """A value for an error message: repr, one line, not too long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------
# HTML

_SKIPPED_TAGS = frozenset(
    "script style noscript nav header footer aside form iframe svg template button select object "
    "embed canvas dialog menu".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_PARAGRAPH_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 section article main blockquote pre table ul ol dl figure figcaption "
    "address details summary hr".split()
)
_LINE_TAGS = frozenset("br li tr dt dd caption".split())
_SKIPPED_ROLES = frozenset("navigation banner contentinfo complementary search dialog alert".split())
_SKIPPED_CLASS = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|comments?|comment-respond|respond|share|sharing|social|related"
    r"|newsletter|subscribe|subscription|advert|advertisement|ads|ad-slot|breadcrumbs?|sidebar|popup|modal)(?:$|[\s_-])",
    re.I,
)
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date",
)
_WHITESPACE = re.compile(r"\s+")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article)\b", re.I | re.S)


def _looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:4096]) is not None


class _PageParser(HTMLParser):
    """Text and metadata of a saved page, tolerant of broken markup.

    Skipped elements (scripts, navigation, comment forms ...) are tracked by
    tag name and nesting depth, so a ``<div class="comments">`` holding more
    divs is skipped whole.  Text goes to the body and to every open
    ``<article>``/``<main>``, so the best one can be chosen afterwards.
    """

    def __init__(self, skip_by_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_by_class = skip_by_class
        self.body: list[str] = []
        self.captures: list[tuple[str, list[str]]] = []  # ("article" | "main", chunks)
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.time: str | None = None
        self.canonical: str | None = None
        self.ld_json: list[str] = []
        self._skipping: list[list] = []  # [tag, depth]
        self._open: list[list] = []      # [tag, depth, chunks]
        self._in_title = False
        self._in_ld = False
        self._pre = 0
        self._time_in_article = False

    # structure

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(attributes)
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical = self.canonical or attributes.get("href") or None
        elif tag == "title" and not self._skipping:
            self._in_title = True
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._in_ld = True
            self.ld_json.append("")
        if self._skipping:
            top = self._skipping[-1]
            if tag == top[0]:
                top[1] += 1
            return
        if tag in _VOID_TAGS:
            if tag in ("br", "hr"):
                self._text("\n\n" if tag == "hr" else "\n")
            return
        if self._skips(tag, attributes):
            self._skipping.append([tag, 1])
            return
        if tag == "time" and attributes.get("datetime") and (self.time is None or (self._open and not self._time_in_article)):
            self.time, self._time_in_article = attributes["datetime"], bool(self._open)
        for entry in self._open:
            if entry[0] == tag:
                entry[1] += 1
        if tag in ("article", "main"):
            chunks: list[str] = []
            self.captures.append((tag, chunks))
            self._open.append([tag, 1, chunks])
        if tag == "pre":
            self._pre += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_ld = False
        if self._skipping:
            top = self._skipping[-1]
            if tag == top[0]:
                top[1] -= 1
                if top[1] == 0:
                    self._skipping.pop()
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        self._break(tag)
        for entry in list(self._open):
            if entry[0] == tag:
                entry[1] -= 1
                if entry[1] == 0:
                    self._open.remove(entry)

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.ld_json[-1] += data
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._skipping:
            return
        self._text(data if self._pre else _WHITESPACE.sub(" ", data))

    # helpers

    def _skips(self, tag: str, attributes: dict[str, str]) -> bool:
        if tag in _SKIPPED_TAGS:
            # a header inside the article holds its headline and date
            return not (tag == "header" and self._open)
        if tag in ("html", "body", "article", "main"):
            return False
        if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
            return True
        if attributes.get("role", "").lower() in _SKIPPED_ROLES:
            return True
        if not self.skip_by_class:
            return False
        names = attributes.get("class", "") + " " + attributes.get("id", "")
        return _SKIPPED_CLASS.search(names) is not None

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self._text("\n\n")
        elif tag in _LINE_TAGS:
            self._text("\n")
        elif tag in ("td", "th"):
            self._text(" ")

    def _text(self, text: str) -> None:
        self.body.append(text)
        for entry in self._open:
            entry[2].append(text)

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        content = attributes.get("content")
        if key and content and key not in self.meta:
            self.meta[key] = content.strip()


def _page(html: str) -> dict[str, Any]:
    """Text, title, published date, url and outlet of a saved web page."""
    parser = _parsed_page(html, skip_by_class=True)
    text = _page_text(parser)
    if not clean_text(text):
        parser = _parsed_page(html, skip_by_class=False)
        text = _page_text(parser)
    fields = _page_fields(parser)
    title = fields.get("title")
    if title and title not in text[: len(title) + 200]:
        text = title + "\n\n" + text
    fields["text"] = text
    return fields


def _parsed_page(html: str, skip_by_class: bool) -> _PageParser:
    parser = _PageParser(skip_by_class=skip_by_class)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; whatever it read so far is kept
        pass
    return parser


def _page_text(parser: _PageParser) -> str:
    """The longest <article>, else the longest <main>, else the body."""
    body = "".join(parser.body)
    for kind in ("article", "main"):
        texts = ["".join(chunks) for tag, chunks in parser.captures if tag == kind]
        best = max(texts, key=lambda t: len(t.strip()), default="")
        if len(best.strip()) >= 0.2 * len(body.strip()) and best.strip():
            return best
    return body


def _page_fields(parser: _PageParser) -> dict[str, Any]:
    meta = parser.meta
    linked = _linked_data(parser.ld_json)
    outlet = meta.get("og:site_name") or meta.get("application-name") or linked.get("outlet")
    title = meta.get("og:title") or _WHITESPACE.sub(" ", "".join(parser.title)).strip() or linked.get("title")
    if title and outlet:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + outlet):
                title = title[: -len(separator + outlet)].strip()
    published = None
    for candidate in [meta.get(key) for key in _PUBLISHED_META] + [parser.time, linked.get("published")]:
        published = _parsed_date(candidate) if candidate else None
        if published:
            break
    url = meta.get("og:url") or parser.canonical or linked.get("url")
    return {"title": title or None, "published": published, "url": url or None, "outlet": outlet or None}


def _linked_data(scripts: list[str]) -> dict[str, str]:
    """datePublished, url, headline and publisher from JSON-LD blocks (never evaluated)."""
    found: dict[str, str] = {}
    keys = {"datePublished": "published", "url": "url", "headline": "title"}
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack, visited = [data], 0
        while stack and visited < 200:
            item = stack.pop(0)
            visited += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                for key, name in keys.items():
                    if isinstance(item.get(key), str):
                        found.setdefault(name, item[key])
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    found.setdefault("outlet", publisher["name"])
                stack.extend(value for value in item.values() if isinstance(value, (list, dict)))
    return found


# --------------------------------------------------------------------------
# Markdown

_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", re.S)
_FRONT_MATTER_LINE = re.compile(r"^(\w+)\s*:\s*[\"']?(.*?)[\"']?\s*$", re.M)
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_MD_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)


def _markdown(text: str) -> tuple[str, dict[str, Any]]:
    """Plain text of Markdown (markup removed, words untouched) and front-matter fields."""
    fields: dict[str, Any] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        pairs = {key.lower(): value for key, value in _FRONT_MATTER_LINE.findall(front[1])}
        fields = _row_fields(pairs)
        text = text[front.end():]
    text = _MD_COMMENT.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_UNDERLINE.sub("", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    text = _MD_QUOTE.sub("", text)
    return text, fields


# --------------------------------------------------------------------------
# Rows (.jsonl, .csv)


def _field(row: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty of ``names`` in a row whose keys are lower-cased."""
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _row_fields(row: dict[str, Any]) -> dict[str, Any]:
    """published/url/outlet/title of a row (keys lower-cased); published stays raw."""
    return {
        "published": _field(row, DATE_FIELDS),
        "url": _text_or_none(_field(row, ("url",))),
        "outlet": _text_or_none(_field(row, OUTLET_FIELDS)),
        "title": _text_or_none(_field(row, TITLE_FIELDS)),
    }


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_HEAD_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _capped_lines(stream, max_bytes: int) -> Iterator[bytes | None]:
    """Raw lines of a binary stream, each read in at most ``max_bytes``; None for a longer line.

    Why: a corpus file may be gigabytes, so it is never read whole; a line
    (one record) longer than the cap is passed over without being kept.
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line, a megabyte at a time
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _utf16_lines(stream, codec: str, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a UTF-16 file (rare, but Excel exports them), re-encoded as UTF-8."""
    text = io.TextIOWrapper(stream, encoding=codec, errors="replace", newline="")
    while True:
        line = text.readline(max_bytes + 1)
        if not line:
            return
        yield None if len(line) > max_bytes else line.encode("utf-8")


def _raw_lines(stream, max_bytes: int) -> Iterator[bytes | None]:
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    for bom, codec in zip(_UTF16_BOMS, ("utf-16-le", "utf-16-be")):
        if head == bom:
            stream.read(2)
            return _utf16_lines(stream, codec, max_bytes)
    return _capped_lines(stream, max_bytes)


def _line_text(raw: bytes, where: str) -> str:
    """One line of a corpus file as text: UTF-8 first (fast), else the code-page guesses."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _decoded(raw, where)


def _too_long(where: str, max_bytes: int) -> str:
    return f"{where} is more than the {max_bytes:,}-byte limit for one document; split it or raise the limit"


def _jsonl_sources(
    stream, path: str, sidecar: dict[str, Any], max_bytes: int, on_skip, first_line: int = 1
) -> Iterator[Source]:
    """One :class:`Source` for each JSON object line, read line by line (bounded memory).

    ``first_line``: the number of the stream's first line, when it starts
    inside the file (a block of a corpus split for a cluster).
    """
    label = _label(path)
    name = _document_id(path)
    for number, raw in enumerate(_raw_lines(stream, max_bytes), start=first_line):
        where = f"{label}: line {number}"
        if raw is None:
            _skip(on_skip, _too_long(where, max_bytes))
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            row = json.loads(_line_text(raw, where))
        except DocumentError as error:
            _skip(on_skip, str(error))
            continue
        except RecursionError:
            _skip(on_skip, f"{where} is JSON nested too deeply to read; each line must be one flat JSON object")
            continue
        except ValueError as error:
            detail = getattr(error, "msg", "invalid JSON")
            _skip(on_skip, f"{where} is not valid JSON ({detail}); each line must be one JSON object")
            continue
        if not isinstance(row, dict):
            _skip(on_skip, f"{where} is a JSON {type(row).__name__}, not an object; "
                           'each line must be one object like {"text": "..."}')
            continue
        source = _row_source(row, path, name, number, where, sidecar, on_skip)
        if source is not None:
            yield source


def _csv_sources(stream, path: str, sidecar: dict[str, Any], max_bytes: int, on_skip) -> Iterator[Source]:
    """One :class:`Source` for each data row, read row by row (bounded memory); row 1 follows the header."""
    label = _label(path)
    name = _document_id(path)
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)
    problems: list[str] = []
    lines = _csv_lines(_raw_lines(stream, max_bytes), label, max_bytes, problems)
    first = next(lines, "")
    first_line = first.lstrip("\ufeff")
    delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
    # strict: an unterminated quote is an error, not a silent swallow of the rest of the file
    reader = csv.reader(_chain([first_line], lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise DocumentError(f"{label}: the header row is not valid CSV ({error}); check its quotes") from None
    if problems:
        raise DocumentError(problems[0])
    if not header or not any(name.strip() for name in header):
        raise DocumentError(f"{label}: no header row; the first row must name the columns (text, published, ...)")
    names = [column.strip().lower() for column in header]
    if not any(column in TEXT_FIELDS for column in names):
        columns = ", ".join(column.strip() for column in header if column.strip())
        raise DocumentError(f"{label}: no text column; name one column text, body or content (it has: {columns})")
    number = 0
    while True:
        number += 1
        where = f"{label}: row {number}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            hint = "an opening quote is never closed" if "unexpected end of data" in str(error) else str(error)
            _skip(on_skip, f"{where} (line {reader.line_num}) is not valid CSV ({hint}); check its quotes")
            continue
        if problems:
            _skip(on_skip, problems.pop(0).replace(label, where, 1))
            problems.clear()
            continue
        if not any(value.strip() for value in values):
            continue
        source = _row_source(dict(zip(names, values)), path, name, number, where, sidecar, on_skip)
        if source is not None:
            yield source


def _csv_lines(raws: Iterator[bytes | None], label: str, max_bytes: int, problems: list[str]) -> Iterator[str]:
    """Decoded lines for the csv module; a bad line is noted in ``problems`` and read as an empty line."""
    for number, raw in enumerate(raws, start=1):
        where = f"{label}: line {number}"
        if raw is None:
            problems.append(_too_long(where, max_bytes))
            yield "\n"
            continue
        try:
            yield _line_text(raw, where)
        except DocumentError as error:
            problems.append(str(error))
            yield "\n"


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _row_source(
    row: dict[str, Any], path: str, name: str, number: int, where: str, sidecar: dict[str, Any], on_skip
) -> Source | None:
    row = {str(key).strip().lower(): value for key, value in row.items()}
    body = _field(row, TEXT_FIELDS)
    if body is None and not any(field in row for field in TEXT_FIELDS):
        keys = ", ".join(str(key) for key in row) or "nothing"
        _skip(on_skip, f"{where} has no text field; give one of text, body, content (it has: {keys})")
        return None
    if not isinstance(body, str) or not body.strip():
        _skip(on_skip, f"{where} has no text", warn=True)
        return None
    doc_id = _text_or_none(row.get("id")) or f"{name}#{number}"
    return Source("row", where, None if path == "-" else path, doc_id, row=row, sidecar=sidecar)


def _skip(on_skip, message: str, warn: bool = False) -> None:
    """Report a bad document: to ``on_skip`` when batching, else as an error (or a warning)."""
    if on_skip is not None:
        on_skip(message)
    elif warn:
        warnings.warn(f"{message}; skipped", stacklevel=4)
    else:
        raise DocumentError(message)


# --------------------------------------------------------------------------
# Sources: what a batch hands to a worker


@dataclass(frozen=True)
class Source:
    """One document's raw input, small and picklable: what a worker process turns into a Document.

    ``kind`` is ``"file"`` (a report file, read by the worker), ``"bytes"``
    (standard input, already read) or ``"row"`` (one record of a .jsonl or
    .csv corpus, streamed by the reader).
    """

    kind: str
    label: str
    path: str | None
    doc_id: str
    data: bytes | None = None
    row: dict[str, Any] | None = None
    sidecar: dict[str, Any] | None = None


def document_sources(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    max_bytes: int = 20_000_000,
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Source]:
    """The documents of some inputs as :class:`Source` items, corpus files streamed record by record.

    Cheap work only (listing, peeking, splitting a corpus into records), so a
    batch can read in one process and clean and extract in many. Missing
    paths raise at once; a bad document calls ``on_skip(message)`` (or raises
    :class:`DocumentError` when ``on_skip`` is None).

    Example
    -------
    >>> [s.doc_id for s in document_sources(["tests/data/documents/reports.jsonl"])]
    ['r-101', 'reports.jsonl#2', 'cookie-only', 'reports.jsonl#5']
    """
    return _sources(_source_paths(paths), max_bytes, on_skip)


def _sources(paths: list[str], max_bytes: int, on_skip) -> Iterator[Source]:
    for path in paths:
        try:
            yield from _path_sources(path, max_bytes, on_skip)
        except DocumentError as error:
            _skip(on_skip, str(error))


def _path_sources(path: str, max_bytes: int, on_skip) -> Iterator[Source]:
    label = _label(path)
    suffix_kind = _suffix_kind(path)
    if path != "-":
        _check_regular(path)
        if suffix_kind not in ("jsonl", "csv", "html", "markdown"):
            with _opened(path) as handle:
                head = handle.read(_HEAD_BYTES)
            if not _starts_like_jsonl(head):
                yield Source("file", label, path, _document_id(path))
                return
            suffix_kind = "jsonl"
        elif suffix_kind in ("html", "markdown"):
            yield Source("file", label, path, _document_id(path))
            return
    with (_opened(path) if path != "-" else _StdinStream()) as stream:
        head = stream.peek(_HEAD_BYTES)[:_HEAD_BYTES]
        kind = suffix_kind or ("jsonl" if _starts_like_jsonl(head) else None)
        if kind not in ("jsonl", "csv"):
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise DocumentError(f"{label}: more than the {max_bytes:,}-byte limit for one document; split it or raise max_bytes")
            yield Source("bytes", label, None, _document_id(path), data=data)
            return
        if not head.startswith(_UTF16_BOMS):
            _refuse_binary(head.split(b"\n", 1)[0] if kind == "jsonl" else head, label)
        sidecar = _sidecar(path)
        if kind == "jsonl":
            yield from _jsonl_sources(stream, path, sidecar, max_bytes, on_skip)
        else:
            yield from _csv_sources(stream, path, sidecar, max_bytes, on_skip)


def _starts_like_jsonl(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _suffix_kind(path: str) -> str | None:
    suffix = Path(path).suffix.lower() if path != "-" else ""
    return _SUFFIX_KINDS.get(suffix)


_SUFFIX_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown",
                 ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv"}


def _check_regular(path: str) -> None:
    """Refuse what would hang or mislead: FIFOs, devices, sockets (a directory was expanded before)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise DocumentError(f"{path}: cannot read the file ({error.strerror or type(error).__name__}); check the path and its permissions") from None
    if not stat.S_ISREG(mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
                else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
        raise DocumentError(f"{path}: {kind}, not a regular file; give a report file (or - and a pipe for standard input)")


def _opened(path: str):
    try:
        return open(path, "rb")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DocumentError(f"{path}: cannot read the file ({reason}); check the path and its permissions") from None


class _StdinStream:
    """Standard input as a peekable binary stream (not closed afterwards)."""

    def __enter__(self):
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream stands in (tests, notebooks)
            stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream) if isinstance(stream, io.RawIOBase) else io.BufferedReader(_Readable(stream))
        return stream

    def __exit__(self, *exc):
        return False


class _Readable(io.RawIOBase):
    """A RawIOBase over any object with ``read`` (so BufferedReader can peek it)."""

    def __init__(self, inner):
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def document_from_source(source: Source, published: date | str | None = None, max_bytes: int = 20_000_000) -> Document:
    """The cleaned :class:`Document` of one :class:`Source` (the costly part: decoding, HTML, cleaning).

    An empty or blank file is a document with no text (and so no incidents).

    Raises
    ------
    DocumentError
        The source is binary, undecodable, too large, has a bad sidecar, a bad
        date or nothing but boilerplate.
    """
    default_date, default_precision = _published_argument(published)
    if source.kind == "row":
        return _row_document(source, default_date, default_precision)
    data = source.data if source.kind == "bytes" else _input_bytes(source.path, max_bytes)
    path = source.path or "-"
    label = source.label
    if not data or data.isspace():
        sidecar = _sidecar(path)
        day, precision = (default_date, default_precision) if default_date else (sidecar.get("published"), sidecar.get("published_precision"))
        return Document(source.doc_id, "", day, sidecar.get("url"), sidecar.get("outlet"), source.path,
                        None, precision)
    text = _decoded(data, label)
    kind = _kind(path, text)
    fields: dict[str, Any] = {}
    if kind == "html":
        fields = _page(text)
        text = fields.pop("text")
    elif kind == "markdown":
        text, fields = _markdown(text)
        fields["published"], fields["published_precision"] = _checked_published(fields.get("published"), f"{label}: front matter")
    return _document(text, source.doc_id, source.path, _merged(fields, _sidecar(path)), default_date, label, default_precision)


class _NoText(DocumentError):
    """Nothing but boilerplate: a corpus row like that is passed over with a warning."""


def _documents_from_sources(sources: Iterator[Source], published: date | str | None, max_bytes: int, on_skip) -> Iterator[Document]:
    for source in sources:
        try:
            yield document_from_source(source, published, max_bytes)
        except DocumentError as error:
            _skip(on_skip, str(error), warn=source.kind == "row" and isinstance(error, _NoText))


def _kind(path: str, text: str) -> str:
    """How to read an input: by its suffix, or by its content for stdin and unknown suffixes."""
    known = _suffix_kind(path)
    if known:
        return known
    # .txt, no suffix or an unknown one: a web page saved under another name is still a web page
    if _looks_like_html(text):
        return "html"
    return "text"


def _sidecar(path: str) -> dict[str, Any]:
    """Fields of ``NAME.meta.json`` beside ``NAME.txt``; {} when there is none."""
    if path == "-":
        return {}
    meta_path = os.path.splitext(path)[0] + ".meta.json"
    if not os.path.isfile(meta_path):
        return {}
    example = '{"published": "2021-07-12", "url": "https://...", "outlet": "..."}'
    try:
        with open(meta_path, "rb") as handle:
            meta = json.loads(handle.read(1_000_000).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DocumentError(f"{meta_path}: not UTF-8; save it as UTF-8 JSON like {example}") from None
    except RecursionError:
        raise DocumentError(f"{meta_path}: JSON nested too deeply to read; expected an object like {example}") from None
    except ValueError as error:
        detail = f"{error.msg}, line {error.lineno}" if isinstance(error, json.JSONDecodeError) else str(error)
        raise DocumentError(f"{meta_path}: not valid JSON ({detail}); expected an object like {example}") from None
    except OSError as error:
        raise DocumentError(f"{meta_path}: cannot read it ({error.strerror}); check its permissions") from None
    if not isinstance(meta, dict):
        raise DocumentError(f"{meta_path}: is a JSON {type(meta).__name__}, not an object; expected {example}")
    meta = {str(key).lower(): value for key, value in meta.items()}
    fields = _row_fields(meta)
    fields["published"], fields["published_precision"] = _checked_published(fields["published"], meta_path)
    return {key: value for key, value in fields.items() if value is not None}


_PARTIAL_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?")


def _checked_published(value: Any, where: str | None) -> tuple[date | None, int | None]:
    """A published field's date and ACLED time precision (1 a day, 3 a month or a year), or an error naming where it came from.

    Real metadata often gives only a month (``2020-06``) or a year
    (``2020``): such a date stands for the middle of its month (or year), and
    whatever it dates gets precision 3.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    parsed = _parsed_date(value)
    if parsed is not None:
        return parsed, 1
    partial = _PARTIAL_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if partial and 1900 <= int(partial[1]) <= 2100 and (partial[2] is None or 1 <= int(partial[2]) <= 12):
        year = int(partial[1])
        return (date(year, int(partial[2]), 15), 3) if partial[2] else (date(year, 7, 1), 3)
    prefix = f"{where}: " if where else ""
    raise DocumentError(f"{prefix}published {_shown(value)} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-07-12")


def _checked_date(value: Any, where: str | None) -> date | None:
    """A date field's value, or an error naming where it came from (None: the caller's argument)."""
    return _checked_published(value, where)[0]


def _row_document(source: Source, default_date: date | None, default_precision: int | None) -> Document:
    row = source.row or {}
    where = source.label
    body = _field(row, TEXT_FIELDS)
    fields = _row_fields(row)
    fields["published"], fields["published_precision"] = _checked_published(fields["published"], where)
    if _looks_like_html(body):
        page = _page(body)
        body = page.pop("text")
        fields = _merged(page, fields)
    elif fields.get("title") and not body.lstrip().startswith(fields["title"]):
        body = fields["title"] + "\n\n" + body
    return _document(body, source.doc_id, source.path, _merged(fields, source.sidecar or {}), default_date, where, default_precision)


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``base`` with every non-empty value of ``override`` on top."""
    merged = dict(base)
    merged.update({key: value for key, value in override.items() if value is not None})
    if override.get("published") is not None:
        merged["published_precision"] = override.get("published_precision") or 1
    return merged


def _document(
    text: str, doc_id: str, path: str | None, fields: dict[str, Any], default_date: date | None, label: str,
    default_precision: int | None = None,
) -> Document:
    cleaned = clean_text(text)
    if not cleaned:
        raise _NoText(
            f"{label}: no report text left after removing boilerplate (cookie banners, comment forms, "
            "share links); check that it holds the article itself"
        )
    if default_date:
        published, precision = default_date, default_precision or 1
    elif fields.get("published"):
        published, precision = fields["published"], fields.get("published_precision") or 1
    else:
        published = _dateline_date(cleaned)
        precision = 1 if published else None
    return Document(
        id=doc_id,
        text=cleaned,
        published=published,
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        path=path,
        title=fields.get("title"),
        published_precision=precision,
    )
