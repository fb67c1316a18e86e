"""Check the pinned dependencies (constraints.txt) for known vulnerabilities with pip-audit.

`make audit-deps` runs it. pip-audit asks the PyPI vulnerability service (which reads the OSV database); when that
cannot be reached (an offline build machine) the script says so plainly and exits 0, so a build without network does
not fail for it; the same when the database answers for none of the packages (a package-index mirror). Otherwise it
lists each known vulnerability and exits 1 when there is one, and names the packages it could not check.
"""

import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "https://pypi.org/pypi/django/json"


def database_reachable(timeout: float = 10.0) -> bool:
    """Return True when the vulnerability service answers."""
    try:
        with urllib.request.urlopen(PROBE, timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, TimeoutError):
        return False


def summarise(report: dict) -> int:
    """Print what was found and what could not be checked; return 1 when a vulnerability is known, else 0."""
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {dep['name']} {dep.get('version', '')}: {vuln.get('id')} (fixed in: {fixes})")
    if deps and len(skipped) == len(deps):
        print(
            f"Dependency audit NOT RUN: the vulnerability database answered for none of the {len(deps)} pinned "
            f"packages ({skipped[0].get('skip_reason')}); this machine's package index is probably a mirror. "
            "Run `make audit-deps` where pypi.org itself is reachable."
        )
        return 0
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        print(f"Not checked ({len(skipped)} of {len(deps)}, unknown to the database): {names}")
    if vulnerable:
        return 1
    print(f"Dependency audit: no known vulnerability in the {len(deps) - len(skipped)} packages checked.")
    return 0


def main() -> int:
    if not database_reachable():
        print(
            f"Dependency audit NOT RUN: the vulnerability database ({PROBE}) cannot be reached from this machine. "
            "Nothing was checked; run `make audit-deps` again where pypi.org is reachable."
        )
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(ROOT / "constraints.txt"),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
        ]
        result = subprocess.run(command, check=False, capture_output=True, text=True)
        if not out.exists() or not out.read_text().strip():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"Dependency audit NOT RUN: pip-audit could not complete ({last}). Nothing was checked.")
            return 0
        return summarise(json.loads(out.read_text()))


if __name__ == "__main__":
    sys.exit(main())
