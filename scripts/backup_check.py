"""Prove the backups restore: dump the database with pg_dump, restore it into a scratch database, compare the row
count of every table, then copy the documents (disk or S3) to a folder and back with the storage commands.

Usage: DATABASE_URL=postgres://... python scripts/backup_check.py [--keep DIR]
Exits non-zero with the reason on any difference. `make backup-check` runs it; a test runs it on the test database.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
COUNT_TABLES = """
    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)
    FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1
"""


def fail(message: str) -> None:
    print(f"backup-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def row_counts(url: str) -> dict[str, int]:
    """Return every table's exact row count."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(COUNT_TABLES)]
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}  # noqa: S608


def with_database(url: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        fail(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return str(path)


def check_database(url: str, folder: Path) -> None:
    dump = folder / "bekal.dump"
    subprocess.run([tool("pg_dump"), "--format=custom", f"--file={dump}", url], check=True)
    source = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    scratch = f"{source}_restore_check"
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        subprocess.run(
            [
                tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={with_database(url, scratch)}",
                str(dump),
            ],
            check=True,
        )
        before, after = row_counts(url), row_counts(with_database(url, scratch))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
    if before != after:
        differences = {
            t: (before.get(t), after.get(t)) for t in before.keys() | after.keys() if before.get(t) != after.get(t)
        }
        fail(f"rows differ after restore (table: (dumped, restored)): {differences}")
    print(f"backup-check: database: {len(before)} tables, {sum(before.values())} rows restored identically")


def check_storage(folder: Path) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "storage_backup", str(folder / "objects")], check=True)
    subprocess.run([*manage, "storage_restore", str(folder / "objects")], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the dump and the copied objects in this folder")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        fail("DATABASE_URL must name a PostgreSQL database (pg_dump backs up PostgreSQL only)")
    url = url.replace("postgres://", "postgresql://", 1)
    with tempfile.TemporaryDirectory(prefix="bekal-backup-check-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        check_database(url, folder)
        check_storage(folder)
    print("backup-check: ok")


if __name__ == "__main__":
    main()
