"""The NIKs and register numbers already read in one file, kept on disk instead of in memory.

A row whose NIK (or register number) is also on an earlier row is refused, naming that row: the import must remember
every key it has read, which for a national file is 270,000 of each. Held in a dict that is about 300 bytes a row, the
one part of the import whose memory grew with the file. A throw-away SQLite database in a temporary file (the
standard library's ``sqlite3``, not the project's database) keeps them instead: a chunk of keys is one lookup and one
insert, and the process holds only SQLite's small page cache whatever the size of the file.
"""

import sqlite3
import tempfile
from collections.abc import Iterable
from types import TracebackType

# SQLite's default limit on bound parameters is 32,766 (999 before 3.32): look up in slices well under both.
SLICE = 900


class SeenKeys:
    """Remembers, per kind of key ("nik", "register"), the first row a key was read on."""

    def __init__(self) -> None:
        self._file = tempfile.NamedTemporaryFile(suffix=".sqlite3")  # noqa: SIM115 - closed by close()
        self._db = sqlite3.connect(self._file.name, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("PRAGMA cache_size = -2048")  # 2 MB of pages at most
        self._db.execute("CREATE TABLE seen (kind TEXT, key TEXT, row INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID")

    def first_rows(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        """Return the row each of these keys was first read on, for the keys already seen."""
        wanted = sorted(set(keys))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), SLICE):
            part = wanted[start : start + SLICE]
            marks = ",".join("?" * len(part))
            cursor = self._db.execute(f"SELECT key, row FROM seen WHERE kind = ? AND key IN ({marks})", [kind, *part])  # noqa: S608 - placeholders only
            found.update(cursor.fetchall())
        return found

    def add(self, kind: str, pairs: Iterable[tuple[str, int]]) -> None:
        """Remember keys with their rows; a key already known keeps its first row."""
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT OR IGNORE INTO seen (kind, key, row) VALUES (?, ?, ?)", ((kind, k, r) for k, r in pairs)
        )
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
        self._file.close()

    def __enter__(self) -> "SeenKeys":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
