"""Two-fold cross-validation of the tagger within the development half of the real cards.

    .venv/bin/python -m bench.tagger_cv [--c1 1.0 --c2 0.05] [--ocr-cache DIR] [--show-failures]

The development half (bench/realcards.py) is split once more, alternately, into two folds. For each fold a
model is trained exactly as `python -m enrich.tagger.train` trains it (the same synthetic, rendered and
varied cards) plus the other fold's real cards, then every card of the fold goes through
enrich.pipeline.build_card and is scored with bench/scoring.py. The table shows how the reader does on real
cards its model never saw, without touching the held-out half: what one tunes features and parameters on.
Also scored: the training command's synthetic evaluation set (seed 202) with the first fold's model.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.accuracy import TABLE_FIELDS
from bench.realcards import half
from bench.scoring import CardScore, Tally, score_card
from enrich.pipeline import build_card
from enrich.tagger import reload_model
from enrich.tagger import train as training


def _row(title: str, scores: list[CardScore]) -> str:
    tally = Tally().extend(scores)
    cells = " ".join(f"{(tally.accuracy(k) or 0.0):7.3f}" for k in TABLE_FIELDS)
    return f"{title:<22} {tally.cards:>5} {cells} {tally.overall:7.3f} {tally.all_right_share:8.3f}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.tagger_cv", description=__doc__.split("\n")[0])
    parser.add_argument("--c1", type=float, default=training.PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=training.PARAMS["c2"])
    parser.add_argument("--ocr-cache", default=training.DEFAULT_CACHE)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show-failures", action="store_true", help="list every wrong name, title and company")
    args = parser.parse_args(argv)
    training.PARAMS.update(c1=args.c1, c2=args.c2)
    synthetic = training.read_synthetic(cache=args.ocr_cache, workers=args.workers)
    cards = half("development")
    if not cards:
        print("the real cards are absent: nothing to cross-validate")
        return 1
    real = training.read_real(args.ocr_cache, args.workers)
    folds = [[i for i in range(len(cards)) if i % 2 == f] for f in (0, 1)]
    scores: dict[str, list[CardScore]] = {}
    evaluation: list[CardScore] = []
    with tempfile.TemporaryDirectory(prefix="cardnote-cv-") as tmp:
        for f, fold in enumerate(folds):
            others = folds[1 - f]
            model = Path(tmp) / f"fold{f}.crfsuite"
            training.train(synthetic + [real[i] for i in others],
                           [1] * len(synthetic) + [training.REAL_WEIGHT] * len(others), model)
            reload_model(model)
            for i in fold:
                card = cards[i]
                score = score_card(card.label, build_card(real[i][0]).to_json(), brand_rule=True,
                                   lenient_address=card.set_name != "photos")
                scores.setdefault("development, 2-fold", []).append(score)
                scores.setdefault(f"  {card.set_name}", []).append(score)
                if args.show_failures:
                    for result in score.fields.values():
                        if not result.right and result.name in ("name", "title", "company"):
                            print(f"  {card.image.name} {result.name}: {result.expected!r} -> {result.got!r}")
            if f == 0:
                evaluation = [score_card(label, build_card(result).to_json())
                              for result, label in training.read_sets(40, 202, args.ocr_cache, args.workers)]
    reload_model()  # back to the shipped model
    print(f"params {training.PARAMS}")
    print(f"{'set':<22} {'cards':>5} " + " ".join(f"{k[:7]:>7}" for k in TABLE_FIELDS) + " overall allright")
    for title, group in scores.items():
        print(_row(title, group))
    print(_row("synthetic (seed 202)", evaluation))
    return 0


if __name__ == "__main__":
    sys.exit(main())
