"""The NIK at rest (UU 27/2022: a NIK beside a criminal record is specific personal data).

A NIK is stored encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 tag, from ``cryptography``), under the keys
of ``settings.NIK_ENCRYPTION_KEYS``: the first encrypts, every one decrypts (``MultiFernet``), so a new key can be put
first while ``manage.py nik_rotate`` re-encrypts the rows. A token differs at every encryption, so a NIK is found by
its keyed hash instead (HMAC-SHA256 with ``settings.NIK_HASH_KEY``, in ``Person.nik_hash``, unique): the duplicate
check, the imports and the search all ask ``nik_digest(nik)``, never the NIK itself.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.NIK_ENCRYPTION_KEYS))


def nik_encrypt(nik: str) -> str:
    """Return the NIK as a token under the first key."""
    return _current().encrypt(nik.encode()).decode("ascii")


def nik_decrypt(token: str) -> str:
    """Return the NIK a token holds, under whichever key made it (an unknown key raises ``InvalidToken``)."""
    return _current().decrypt(token.encode("ascii")).decode()


def nik_reencrypt(token: str) -> str:
    """Return the token re-encrypted under the first key (key rotation)."""
    return _current().rotate(token.encode("ascii")).decode("ascii")


def nik_digest(nik: str) -> str:
    """Return the keyed hash a NIK is looked up by (64 hex digits)."""
    return hmac.new(settings.NIK_HASH_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()


def nik_key_env() -> dict[str, str]:
    """Return the environment that gives another process (a server, a worker) this process's NIK keys."""
    return {"BEKAL_NIK_KEYS": ",".join(settings.NIK_ENCRYPTION_KEYS), "BEKAL_NIK_HASH_KEY": settings.NIK_HASH_KEY}
