"""Write a generated corpus of N reports as JSON Lines, for the batch benchmarks.

Each report is a few paragraphs built from sentences written for this project
(no real report text), with places from the shipped gazetteer's area, counts,
relative dates and a publication date, so that extraction does its usual work.
Deterministic: the same N gives the same file.

    python benchmarks/make_corpus.py 10000 /tmp/corpus-10k.jsonl
    python benchmarks/make_corpus.py --bytes 1000000000 /tmp/corpus-1gb.jsonl   # about 1 GB
"""

from __future__ import annotations

import argparse
import json
import random

PLACES = ["Hajin", "Albu Kamal", "Deir ez-Zor", "Mayadin", "Thiban", "Diban", "Al Hasakah", "Tabqa",
          "Raqqa", "Shaddadi", "Busayrah", "Gharanij", "Susah", "Ashara", "Jadid Akidat", "Ma'adan"]
ACTORS = ["the SDF", "government forces", "ISIS cells", "Turkish-backed factions", "Iranian-backed militias"]
EVENTS = [
    "Warplanes struck positions near {p} {d}, killing {n} people.",
    "A drone hit a car on the road outside {p} {d}; {n} men inside were killed.",
    "Artillery shells landed on the outskirts of {p} {d}, wounding {n} civilians.",
    "Clashes broke out between {a} and {b} in {p} {d}; {n} fighters were killed.",
    "{A} arrested {n} young men in a raid on {p} {d}.",
    "An explosive device went off near a checkpoint in {p} {d}, injuring {n} members of {a}.",
    "A convoy of {n} trucks carrying weapons entered {p} {d}, heading towards {q}.",
    "Gunmen on a motorbike attacked a shop in {p} {d} and fled.",
]
FILLER = [
    "Residents said the situation remained tense after the incident.",
    "Local sources could not confirm the number of casualties.",
    "The area has seen repeated security incidents in recent weeks.",
    "Prices of fuel and bread rose again in the markets of the region.",
    "A delegation met tribal elders to discuss the water shortage.",
]
DATES = ["yesterday", "on Monday", "on Tuesday", "at dawn on Wednesday", "on Thursday night", "last Friday", "on Saturday"]


def report(n: int, rng: random.Random) -> dict:
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        a, b = rng.sample(ACTORS, 2)
        event = rng.choice(EVENTS).format(p=rng.choice(PLACES), q=rng.choice(PLACES), d=rng.choice(DATES),
                                          n=rng.randint(2, 12), a=a, b=b, A=a[0].upper() + a[1:])
        paragraphs.append(event + " " + " ".join(rng.sample(FILLER, rng.randint(1, 3))))
    day = 1 + n % 28
    return {"id": f"gen-{n}", "published": f"2021-{1 + n % 12:02d}-{day:02d}", "outlet": "Generated",
            "text": "\n\n".join(paragraphs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=1000, help="reports to write")
    parser.add_argument("out", help="the .jsonl file to write")
    parser.add_argument("--bytes", type=int, help="write reports until the file holds this many bytes instead")
    args = parser.parse_args()
    rng = random.Random(8)
    written = n = 0
    with open(args.out, "w", encoding="utf-8") as handle:
        while (written < args.bytes) if args.bytes else (n < args.count):
            line = json.dumps(report(n, rng), ensure_ascii=False) + "\n"
            handle.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{args.out}: {n} reports, {written:,} bytes")


if __name__ == "__main__":
    main()
