"""Fail when a translatable string is missing from the catalogues or has no Indonesian translation.

Runs makemessages on a copy of the catalogues, compares, and restores the originals, so the working tree is left
as it was. Needs xgettext (Debian's gettext package); `make lint` installs it when missing.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "bekal" / "locale"


def entries(path: Path) -> dict[tuple[str, str], polib.POEntry]:
    return {(e.msgctxt or "", e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "locale"
        shutil.copytree(LOCALE, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "makemessages",
                    "-l",
                    "id",
                    "-l",
                    "en",
                    "--no-obsolete",
                    "--no-location",
                ],
                cwd=ROOT / "bekal",
                check=True,
                capture_output=True,
            )
            fresh = entries(LOCALE / "id" / "LC_MESSAGES" / "django.po")
        finally:
            shutil.rmtree(LOCALE)
            shutil.copytree(backup, LOCALE)
    committed = entries(LOCALE / "id" / "LC_MESSAGES" / "django.po")
    for key in sorted(set(fresh) - set(committed)):
        problems.append(f"not in the catalogue (run `make messages`): {key[1]!r}")
    for key, entry in committed.items():
        if key in fresh and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values()))):
            problems.append(f"no Indonesian translation: {key[1]!r}")
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        want = {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.pofile(str(po_path)).translated_entries()}
        have = {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.mofile(str(mo_path))} if mo_path.exists() else {}
        if any(have.get(key) != value for key, value in want.items()):
            problems.append(f"{mo_path.relative_to(ROOT)} does not match its .po (run `make messages`)")
    for line in problems:
        print(line)
    print(f"messages: {len(committed)} strings, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
