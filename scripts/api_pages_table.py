"""Print the README's table of page actions and API operations, or rewrite it in README.md with --write."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekal.settings")


def main() -> int:
    import django

    django.setup()
    from bekal.api import surface

    if "--write" in sys.argv:
        readme = ROOT / "README.md"
        readme.write_text(surface.readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(surface.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
