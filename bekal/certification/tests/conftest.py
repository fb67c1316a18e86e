"""The training fixtures, shared: certification tests assess the batches those fixtures build."""

from bekal.training.tests.conftest import (  # noqa: F401 - fixtures, used by name
    agreement,
    batch,
    enrolled,
    kodim,
    lsp,
    nominate,
    open_batch,
    programme,
)
