"""Key rotation for the NIK at rest (README, "Personal data"): every token re-encrypted under the first key of
``NIK_ENCRYPTION_KEYS`` and every hash recomputed with ``NIK_HASH_KEY``, in one transaction, by raw SQL so that no
other field and no KPI fact is touched. No NIK changes, so nothing is written to the audit trail."""

from django.db import connection, transaction

from bekal.people.nik_store import nik_decrypt, nik_digest, nik_encrypt

BATCH = 2_000


@transaction.atomic
def niks_rotate() -> int:
    """Re-encrypt and re-hash every stored NIK; return how many."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, nik FROM people_person WHERE nik IS NOT NULL ORDER BY id")
        rows = [(pk, nik_decrypt(token)) for pk, token in cursor.fetchall()]
        # The new hashes may meet old ones of other rows while the batches run: clear them first.
        cursor.execute("UPDATE people_person SET nik_hash = NULL WHERE nik_hash IS NOT NULL")
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                "UPDATE people_person SET nik = %s, nik_hash = %s WHERE id = %s",
                [(nik_encrypt(nik), nik_digest(nik), pk) for pk, nik in rows[start : start + BATCH]],
            )
    return len(rows)
