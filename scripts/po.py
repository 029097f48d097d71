#!/usr/bin/env python3
"""Translation catalogue helper (polib).

    python scripts/po.py missing              # untranslated or fuzzy nb entries in every catalogue, as JSON
    python scripts/po.py fill FILE.json       # {"<po path>": {"msgid": "msgstr" | ["singular", "plural"]}}

After `fill`, run `make compilemessages`.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ["locale", "accounts/locale", "recruitment/locale", "candidates/locale"]


def nb_catalogues():
    for folder in CATALOGUES:
        path = ROOT / folder / "nb" / "LC_MESSAGES" / "django.po"
        if path.exists():
            yield path


def missing() -> dict:
    out = {}
    for path in nb_catalogues():
        po = polib.pofile(str(path))
        entries = {}
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                if "fuzzy" in entry.flags or not all(entry.msgstr_plural.values()):
                    entries[entry.msgid] = ["", ""]
            elif "fuzzy" in entry.flags or not entry.msgstr:
                entries[entry.msgid] = ""
        if entries:
            out[str(path.relative_to(ROOT))] = entries
    return out


def fill(mapping: dict) -> None:
    for rel, translations in mapping.items():
        po = polib.pofile(str(ROOT / rel))
        for entry in po:
            if entry.msgid in translations:
                value = translations[entry.msgid]
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: value[0], 1: value[1]}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                    entry.previous_msgid_plural = None
                    entry.previous_msgctxt = None
        po.save()


if __name__ == "__main__":
    if sys.argv[1:2] == ["missing"]:
        print(json.dumps(missing(), ensure_ascii=False, indent=1))
    elif sys.argv[1:2] == ["fill"]:
        fill(json.loads(Path(sys.argv[2]).read_text()))
    else:
        sys.exit(__doc__)
