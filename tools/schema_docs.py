"""Writes the field tables of data/README.md from the schema (src/travelrisk/schema.py).

python tools/schema_docs.py          # rewrite the tables between the schema markers
python tools/schema_docs.py --check  # exit 1 if they are stale (tests/test_schema.py does this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from travelrisk.law.schema import with_tables

README = Path(__file__).resolve().parent.parent / "data" / "README.md"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = with_tables(text)
    if "--check" in argv:
        if fresh != text:
            print(f"{README}: the field tables are stale; run python tools/schema_docs.py")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
