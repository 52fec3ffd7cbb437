"""Fill empty translations in the .po catalogs from a JSON file of {msgid: {"en": ..., "su": ...}}.

A small maintainer's aid for `make messages`: `python scripts/fill_po.py translations.json`.
Entries that already have a translation are left alone, unless makemessages marked them fuzzy
(a guess), in which case the guess is replaced and the flag dropped. The .mo files are compiled afterwards by `make messages` (compilemessages).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kendali" / "locale"


def unquote(lines: list[str]) -> str:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines)))
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def fill(po: Path, language: str, table: dict[str, dict[str, str]]) -> int:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        try:
            start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            middle = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        except StopIteration:
            continue
        if any(line.startswith("msgid_plural") for line in lines):
            continue
        msgid = unquote(lines[start:middle])
        msgstr = unquote(lines[middle:])
        wanted = table.get(msgid, {}).get(language)
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if not msgid or not wanted or (msgstr and not fuzzy):
            continue
        head = [
            line.replace(", fuzzy", "") if line.startswith("#,") else line
            for line in lines[:middle]
            if line.strip() != "#, fuzzy" and not line.startswith("#|")
        ]
        blocks[index] = "\n".join([*head, f"msgstr {quote(wanted)}"])
        filled += 1
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


def main() -> int:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for language in ("en", "su"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        print(f"{po.relative_to(ROOT)}: {fill(po, language, table)} filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
