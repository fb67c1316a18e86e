"""Model fields for the NIK at rest: the encrypted value and its lookup hash (``nik_store``)."""

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from bekal.people.nik_store import nik_decrypt, nik_digest, nik_encrypt


class EncryptedNikField(models.TextField):  # type: ignore[type-arg]
    """A NIK, encrypted on the way to the database and decrypted on the way back. A token differs at every
    encryption, so no lookup but ``isnull`` can work on it: any other fails loudly, pointing at ``nik_hash``."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else nik_decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value in (None, "") else nik_encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(f"The NIK is encrypted: look it up by nik_hash=nik_digest(nik), not nik__{lookup_name}")
        return super().get_lookup(lookup_name)


class NikHashField(models.CharField):  # type: ignore[type-arg]
    """The keyed hash of the instance's ``nik``, set on every save (and bulk_create) from the NIK itself, so the
    two never disagree."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        nik = getattr(model_instance, "nik", None)
        value = nik_digest(nik) if nik else None
        setattr(model_instance, self.attname, value)
        return value
