"""Normalised keys for place names, so that spellings of one name meet.

The press writes one Arabic name many ways: "Deir ez-Zor", "Deir Ezzor",
"Dair al-Zour", "DEIR EZ-ZOR". Three keys absorb that variation, from strict
to loose:

``fold``
    lower case, diacritics and apostrophes gone, punctuation to spaces.
``name_key``
    ``fold`` without Arabic articles (al-, el-, ad-, as-, ash-, ez- ... and
    the assimilated forms "Ezzor", "Assafira") and generic words
    ("village", "city"), tokens joined: ``"deirzor"``.
``skeleton``
    ``name_key`` with transliteration swaps (ou/o/u, ee/i, dh/z, q/k/g,
    ch/sh, doubled letters) and vowels dropped after the first letter, so
    that "Bogeleyyah" and "Baghiliyah" both become ``"bklh"``.

Every key is computed the same way for gazetteer names and for queries, so
no rule needs to be "right", only consistent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "tokens", "token_key", "name_key", "sound_key", "skeleton", "ARTICLES", "GENERIC_WORDS"]

#: Arabic article forms as the press writes them, sun-letter assimilations included.
ARTICLES = frozenset(
    "al el il ul e ad ed ud ar er ur as es us ash esh ush at et ut az ez uz an en un adh ath dh "
    "ال".split()
)

#: Words that qualify a place rather than name it ("al-Omar oil field").
GENERIC_WORDS = frozenset(
    "village town city district subdistrict province governorate countryside "
    "area region camp field oil gas base airport airbase crossing station "
    "desert river dam prison the of".split()
)

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be'`\u00b4\u2032ʻ]")
_NON_WORD = re.compile(r"[^0-9a-z\u0600-\u06ff\u0700-\u074f]+")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ə": "e"})
# Assimilated article glued to the name: "Ezzor" (ez-Zor), "Addashisha", "Ashsham".
_GLUED_ARTICLE = re.compile(r"^[ae](?:l|(?=(sh|th|dh|[tdrzsnl])\1))")
_TOKEN = re.compile(r"[0-9a-z\u0600-\u06ff\u0700-\u074f]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case ASCII-ish form: diacritics, apostrophes and punctuation removed.

    Example
    -------
    >>> fold("Ālbū Kamāl")
    'albu kamal'
    """
    if text.isascii():
        # The same result without the Unicode steps, which do nothing to ASCII
        # and were a tenth of the time of a fuzzy query.
        return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a name."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """One folded token without its article; '' for an article alone.

    Why: the n-gram keys of ``Gazetteer.spot`` are joins of token keys, so a
    name's key must be exactly the join of its tokens' keys.
    """
    if token in ARTICLES:
        return ""
    if token.startswith("ال") and len(token) > 3:
        return token[2:]
    if len(token) > 4:
        m = _GLUED_ARTICLE.match(token)
        if m:
            rest = token[m.end():]
            if m.group(0).endswith("l") and len(rest) >= 3:
                return rest
            if m.group(1):
                return rest[len(m.group(1)):] if rest.startswith(m.group(1) * 2) else rest
    return token


def name_key(name: str, drop_generic: bool = True) -> str:
    """The key two spellings of one name share: folded, no articles, no spaces.

    Example
    -------
    >>> name_key("Deir ez-Zor") == name_key("Deir Ezzor") == name_key("DEIR EZ-ZOR")
    True
    """
    parts = [token_key(t) for t in tokens(name)]
    if drop_generic:
        kept = [p for p in parts if p not in GENERIC_WORDS]
        parts = kept or parts
    return "".join(parts)


# Transliteration classes: each left side is written for one Arabic sound.
_SWAPS = {
    "sch": "S", "sh": "S", "ch": "S", "kh": "h", "x": "h", "gh": "k", "q": "k", "ck": "k", "c": "k",
    "g": "k", "dh": "z", "th": "t", "zh": "j", "dj": "j", "ph": "f", "v": "f", "ts": "s",
}
_SWAP_RE = re.compile("|".join(sorted(_SWAPS, key=len, reverse=True)))
_VOWEL_RUNS = re.compile(r"[aeiouyw]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def sound_key(key: str) -> str:
    """A ``name_key`` as it sounds: swaps applied, each vowel run one ``a``.

    Why: vowels are what transliterations disagree on most (Umar/Omar,
    Boleel/Bulayl), consonant classes next (q/k/g, dh/z). Comparing this key
    keeps the number and place of syllables, which a bare consonant skeleton
    loses, so "Zar" and "Zor" agree but "Tanf" and "Tin" do not.

    Example
    -------
    >>> sound_key(name_key("al-Boleel")) == sound_key(name_key("al-Bulayl"))
    True
    """
    if not key:
        return ""
    s = _DOUBLES.sub(r"\1", _SWAP_RE.sub(lambda m: _SWAPS[m.group(0)], key))
    s = ("a" + s[1:]) if s[0] in "aeiou" else s
    s = s[0] + _VOWEL_RUNS.sub("a", s[1:])
    if len(s) > 2 and s.endswith("ah"):
        s = s[:-1]  # Hasakah/Hasaka, Muhaymidah/Muhaymida
    return _DOUBLES.sub(r"\1", s)


def skeleton(key: str) -> str:
    """The consonants of ``sound_key`` (its first letter kept): a blocking key.

    Example
    -------
    >>> skeleton(name_key("al-Bogeleyyah")) == skeleton(name_key("al-Baghiliyah"))
    True
    """
    s = sound_key(key)
    return s[:1] + s[1:].replace("a", "")
