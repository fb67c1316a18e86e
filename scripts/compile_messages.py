"""Compile the .po files to .mo with polib, so no gettext tools are needed to run Bekal.

English msgids are the source text: the English catalogue gets each msgid as its own translation, so it is
complete by construction. Run through `make messages`.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "bekal" / "locale"


def main() -> None:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        if po_path.parts[-3] == "en":
            for entry in po:
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:
                    entry.msgstr = entry.msgid
            po.save()
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE.parent.parent)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    main()
