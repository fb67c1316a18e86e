"""Copy every object of the default storage to a folder and back, through the storage API alone, so the same
commands back up a local media folder and an S3 bucket.

A backup folder holds ``objects/<name>`` for each object and ``manifest.json`` (name -> sha256 and size); a restore
writes each object back under its own name and checks its digest by reading it back from the storage.
"""

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import Storage

MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every object in the storage, walking its folders."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


def _digest(stream: File) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in stream.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _safe(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise ValueError(f"refusing the object name {name!r}")
    return name


def storage_backup(storage: Storage, folder: Path) -> dict[str, dict[str, str | int]]:
    """Copy every object to ``folder/objects`` and write the manifest; return it."""
    manifest: dict[str, dict[str, str | int]] = {}
    for name in storage_names(storage):
        target = folder / "objects" / _safe(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with storage.open(name, "rb") as source, target.open("wb") as out:
            for chunk in File(source).chunks(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        manifest[name] = {"sha256": digest.hexdigest(), "size": size}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def storage_restore(storage: Storage, folder: Path) -> int:
    """Write every object of the backup back under its own name, check each by reading it back; return the count."""
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest.items():
        source_path = folder / "objects" / _safe(name)
        if storage.exists(name):
            storage.delete(name)
        with source_path.open("rb") as source:
            saved = storage.save(name, File(source))
        if saved != name:
            raise RuntimeError(f"{name} was restored as {saved}")
        with storage.open(name, "rb") as restored:
            digest, size = _digest(File(restored))
        if digest != expected["sha256"] or size != expected["size"]:
            raise RuntimeError(f"{name} differs from the backup after restore")
    return len(manifest)
