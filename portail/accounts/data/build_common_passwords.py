"""Rebuild `mots-de-passe-courants-fr.txt.gz` (see README.md next to this file).

    npm pack @zxcvbn-ts/language-fr@4.1.2 && tar xzf zxcvbn-ts-language-fr-4.1.2.tgz
    python portail/accounts/data/build_common_passwords.py package/

Entries are stored as the validator compares them: folded (no accents, lower case) and reduced to
letters and digits. Gzipped like Django's own list, with a fixed timestamp so a rebuild is identical.
"""

import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from portail.reference.text import fold  # noqa: E402

OUTPUT = HERE / "mots-de-passe-courants-fr.txt.gz"
CURATED = HERE / "mots-de-passe-faibles-fr.txt"
COMMUNES = ROOT / "portail" / "reference" / "data" / "codes_postaux.csv"
MIN_LENGTH = 3
# Keyboard rows (AZERTY first, the French layout; QWERTY for those who use it) and their columns.
KEYBOARD_RUNS = [
    "azertyuiop", "qsdfghjklm", "wxcvbn", "azertyuiopqsdfghjklmwxcvbn", "aqwzsxedcrfvtgbyhnujikolpm",
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjklzxcvbnm", "qazwsxedcrfvtgbyhnujmikolp",
    "abcdefghijklmnopqrstuvwxyz", "0123456789012345678901234567890",
]


def compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def keyboard_walks() -> set[str]:
    """Every run of 4+ keys along a row or a column, both ways."""
    walks = set()
    for run in KEYBOARD_RUNS:
        for line in (run, run[::-1]):
            walks |= {line[i:j] for i in range(len(line)) for j in range(i + 4, len(line) + 1)}
    return walks


def curated() -> list[str]:
    lines = CURATED.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def zxcvbn_fr(package: Path) -> list[str]:
    src = package / "src"
    words = []
    for name in ("commonWords.json", "firstnames.json", "lastnames.json"):
        words += json.loads((src / name).read_text(encoding="utf-8"))
    for sequence in json.loads((src / "wordSequences.json").read_text(encoding="utf-8")).values():
        words += sequence
    return words


def communes() -> list[str]:
    rows = COMMUNES.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split(",")[2] for row in rows if row.count(",") >= 2]


def main(package: Path) -> None:
    entries = {compact(word) for word in [*curated(), *zxcvbn_fr(package), *communes()]}
    entries |= keyboard_walks()
    kept = sorted(e for e in entries if len(e) >= MIN_LENGTH)
    with open(OUTPUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(("\n".join(kept) + "\n").encode())
    print(f"{len(kept)} entrées -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
