"""Build src/travelrisk/resolve/place_names_i18n.json: country and territory names in other
languages, from the CLDR data that babel ships, for the place resolver's fallback.

    pip install babel && python tools/build_place_names_i18n.py

The table maps each normalised name to the codes it names in any of LOCALES; a name that names
two codes (in one language or across languages) is kept with both, and the resolver refuses it
with the candidates. Shipping the table keeps babel out of the runtime dependencies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from travelrisk.resolve.names import normalize  # noqa: E402

LOCALES = (
    "fr", "es", "ar", "ru", "de", "pt", "zh", "zh_Hant", "he", "fa", "tr",
    "it", "ja", "uk", "nl", "pl", "sw", "ko", "id",
)  # fmt: skip
OUT = ROOT / "src" / "travelrisk" / "resolve" / "place_names_i18n.json"


def main() -> None:
    import babel
    import pycountry
    from babel import Locale

    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    table: dict[str, set[str]] = {}
    for tag in LOCALES:
        for code, name in Locale.parse(tag).territories.items():
            key = normalize(name)
            if code in codes and key:
                # Turkish dotless i: "MISIR" casefolds to "misir", "Mısır" to "mısır".
                for variant in {key, key.replace("ı", "i")}:
                    table.setdefault(variant, set()).add(code)
    doc = {
        "source": f"CLDR via babel {babel.__version__}",
        "locales": list(LOCALES),
        "names": {k: sorted(v) for k, v in sorted(table.items())},
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    ambiguous = sum(1 for v in table.values() if len(v) > 1)
    print(f"{OUT.name}: {len(table)} names, {ambiguous} ambiguous, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
