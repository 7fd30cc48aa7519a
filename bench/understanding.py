"""How well the reader understands cards when the OCR is perfect: generator cards' own printed lines through
enrich.pipeline.build_card, scored with bench/scoring.py.

    .venv/bin/python -m bench.understanding [--seed 555] [--count 400] [--show-failures FIELD ...]

`cardnote scan`'s accuracy mixes reading (OCR) and understanding (the parser and the tagger); this separates
the second: the lines are the ones the renderer drew, with their boxes, at an engine's usual confidence, so
every miss is the parser's or the tagger's. Thousands of cards take seconds, so a change to the parser is
judged on many more cards than the OCR'd sets allow. Use seeds the training command does not (it renders
seeds 102 and 103: `enrich/tagger/train.py`). Prints each field, cards fully right, and the share of cards
wrong per layout variation of the generator.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from typing import Any

from bench.accuracy import TABLE_FIELDS
from bench.scoring import CardScore, FieldResult, Tally, score_card
from enrich.pipeline import build_card
from enrich.tagger.train import rendered_card


def read_rendered(seed: int, index: int) -> tuple[CardScore, dict[str, Any], list[str]]:
    """Score generator card (seed, index) read from its own printed lines; with its label and the lines."""
    result, label = rendered_card(seed, index)
    return score_card(label, build_card(result).to_json()), label, [line.text for line in result.lines]


def main(argv: list[str] | None = None) -> int:
    """Print the perfect-OCR accuracy of `--count` generator cards of `--seed`."""
    parser = argparse.ArgumentParser(prog="python -m bench.understanding", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=555)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--show-failures", nargs="*", default=[], metavar="FIELD",
                        help="list the wrong values of these fields, with the card's lines")
    args = parser.parse_args(argv)
    tally = Tally()
    failures: dict[str, list[tuple[int, str, FieldResult, list[str]]]] = defaultdict(list)
    per_variation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for index in range(args.count):
        score, label, texts = read_rendered(args.seed, index)
        tally.add(score)
        for key, result in score.fields.items():
            if not result.right:
                failures[key].append((index, label.get("region", "?"), result, texts))
        conditions = label.get("conditions") or {}
        for name in ["all", f"layout={conditions.get('layout')}", *(conditions.get("variations") or {})]:
            per_variation[name][0] += 1
            per_variation[name][1] += not score.all_right
    print(f"perfect OCR, generator seed {args.seed}: {args.count} cards")
    print(" ".join(f"{k:>8}" for k in TABLE_FIELDS), " overall allright")
    cells = " ".join(f"{(tally.accuracy(k) or 0.0):8.3f}" for k in TABLE_FIELDS)
    print(f"{cells} {tally.overall:8.4f} {tally.all_right_share:8.3f}")
    print("cards with a field wrong, by generator variation:")
    for name, (cards, wrong) in sorted(per_variation.items(), key=lambda kv: -kv[1][1] / kv[1][0]):
        print(f"  {wrong / cards:6.1%}  {name} ({cards})")
    for key in args.show_failures:
        for index, region, result, texts in failures[key]:
            print(f"--- {key} #{index} {region}: want {result.expected!r} got {result.got!r}")
            print("    " + " // ".join(texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
