#!/usr/bin/env python3
"""Check that the folded patterns (``locate._folded``) find what the case-insensitive ones do.

    .venv/bin/python benchmarks/check_folded_patterns.py

1. Over all of Unicode: every character ``_fold`` changes keeps its \\w, \\s and
   \\d class, folds to one character, and folds to an ASCII letter exactly when
   re.I takes it for that letter.
2. Every folded pattern of the extract package and locate.py against its original: the
   spans (and group spans) of ``finditer`` on the test reports, the devset, the
   seeds, every 80-character window of them, and those texts with letters
   swapped for İ, ı, ſ, K (Kelvin), capitals and Greek sigmas.
"""
from __future__ import annotations

import glob
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoincidents import locate  # noqa: E402
from geoincidents.casefold import Cued as _Needing, fold_text as _fold  # noqa: E402
from geoincidents.extract import actors, counts, dates, mentions, modality, triggers  # noqa: E402


def unicode_ok() -> int:
    bad = 0
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        f = _fold(c)
        if len(f) != 1:
            bad += 1
            print("length", hex(cp))
            continue
        if f == c:
            continue
        for cat in (r"\w", r"\s", r"\d"):
            if bool(re.fullmatch(cat, c)) != bool(re.fullmatch(cat, f)):
                bad += 1
                print(cat, hex(cp))
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if bool(re.fullmatch(letter, c, re.I)) != (f == letter):
                bad += 1
                print("letter", letter, hex(cp))
    return bad


def pairs():
    for mod in (actors, counts, dates, mentions, modality, triggers, locate):
        for name, value in vars(mod).items():
            if name.endswith("_FOLDED"):
                base = getattr(mod, name[: -len("_FOLDED")], None)
                if isinstance(value, (re.Pattern, _Needing)) and isinstance(base, re.Pattern):
                    yield name, base, value
    yield from ((f"TRIGGER {k}", p, f) for (k, p), (_, f) in zip(triggers.TRIGGERS, triggers._TRIGGERS_FOLDED))
    for field_name, ps in counts.COUNT_PATTERNS.items():
        yield from ((f"COUNT {field_name}", p, f) for p, f in zip(ps, counts._COUNT_PATTERNS_FOLDED[field_name]))
    yield from ((f"CUE {k}", p, counts._COUNT_CUES_FOLDED[k]) for k, p in counts._COUNT_CUES.items())
    yield from ((f"DATE {k}", p, f) for k, p, f in dates._DATE_PATTERNS_FOLDED if f is not p)
    yield from (("NOT_AN_INCIDENT", p, f) for p, f in zip((modality._AGGREGATE, modality._FUTURE, modality._HABITUAL, modality._BACKGROUND),
                                                        modality._NOT_AN_INCIDENT_FOLDED))
    yield from (("DENIAL", modality._DENIAL, modality._DENIAL_FOLDED), ("SPECULATIVE", modality._SPECULATIVE, modality._SPECULATIVE_FOLDED),
                ("CIVILIANS", modality._CIVILIANS, modality._CIVILIANS_FOLDED), ("SOURCES", actors._SOURCES_ONE, actors._SOURCES_FOLDED),
                ("ZERO", counts._ZERO_CASUALTIES, counts._ZERO_CASUALTIES_FOLDED), ("PARTS", counts._PARTS, counts._PARTS_FOLDED),
                ("PART_OF", counts._PART_OF, counts._PART_OF_FOLDED))
    yield from ((f"locate BEFORE {n}", p, f) for n, (p, f) in enumerate(locate._BEFORE_FOLDED))


def spans(pattern, text):
    if isinstance(pattern, _Needing):  # its quick test must never turn down a text the pattern finds something in
        found = pattern.pattern.search(text)
        quick = pattern.search(text)
        if (found is None) != (quick is None) or found and found.span() != quick.span():
            return "quick test wrong"
        pattern = pattern.pattern
    return [(m.span(), [m.span(g) for g in range(1, pattern.groups + 1)]) for m in pattern.finditer(text)]


def texts() -> list[str]:
    root = Path(__file__).resolve().parents[1]
    paths = glob.glob("/work/shared/seeds/*.txt") + glob.glob(str(root / "benchmarks/devset/reports/*")) + glob.glob(str(root / "tests/data/reports/*.txt"))
    base = [Path(p).read_text(errors="replace") for p in sorted(paths)]
    rng = random.Random(3)
    odd = "İıſKΣσς’“”–—\u00a0\u2009ÄÖ"
    out = list(base)
    for t in base:
        chars = list(t)
        for _ in range(len(chars) // 20):
            k = rng.randrange(len(chars))
            chars[k] = rng.choice(odd) if rng.random() < 0.5 else chars[k].upper()
        out.append("".join(chars))
        out.append(t.upper())
        out.append(t.replace("i", "ı").replace("s", "ſ").replace("k", "K").replace("I", "İ"))
    windows = [t[i:i + 80] for t in out for i in range(0, len(t), 37)]
    return out + windows


def main() -> int:
    bad = unicode_ok()
    print(f"unicode: {bad} problems")
    corpus = texts()
    for name, base, folded in pairs():
        diff = sum(spans(base, t) != spans(folded, _fold(t)) for t in corpus)
        bad += diff
        print(f"{name}: {diff} of {len(corpus)} texts differ" if diff else f"{name}: same on {len(corpus)} texts")
    print("all same" if not bad else f"{bad} DIFFERENCES")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
