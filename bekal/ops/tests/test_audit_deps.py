"""`make audit-deps` (scripts/audit_deps.py): a plain word and a pass when the vulnerability database is out of
reach; a failure when a vulnerability is known."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "audit_deps.py"
spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
assert spec and spec.loader
audit_deps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_deps)


def test_an_unreachable_database_is_said_and_passes(monkeypatch, capsys):
    monkeypatch.setattr(audit_deps, "database_reachable", lambda: False)
    assert audit_deps.main() == 0
    assert "NOT RUN" in capsys.readouterr().out


def test_a_database_that_knows_no_package_is_said_and_passes(capsys):
    report = {"dependencies": [{"name": "django", "version": "5.2", "skip_reason": "not found"}]}
    assert audit_deps.summarise(report) == 0
    assert "NOT RUN" in capsys.readouterr().out


def test_a_known_vulnerability_fails(capsys):
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    assert audit_deps.summarise(report) == 1
    assert "VULNERABLE django 5.2: PYSEC-1 (fixed in: 5.2.1)" in capsys.readouterr().out
