"""A parsed DSN at rest between upload and apply: `portail.dsn.stored`'s form, encrypted with the NIR's key.

It holds every employee's clear NIR and name, in storage for up to a day (`purge_import_files`), so it is
never written in clear. `portail.dsn` is plain Python below the key's layer: the encryption sits here, the one
place both the upload (member and staff) and the background apply go through.
"""

from __future__ import annotations

from portail.dsn import DsnError, DsnFile, dump_dsn, load_dsn
from portail.dsn.stored import UNREADABLE
from portail.workforce import nir


def dsn_seal(dsn: DsnFile) -> bytes:
    return nir.encrypt_bytes(dump_dsn(dsn))


def dsn_unseal(content: bytes) -> DsnFile:
    """The parsed DSN back, or DsnError (damaged, another key, or a clear form from before encryption)."""
    clear = nir.decrypt_bytes(content)
    if clear is None:
        raise DsnError(UNREADABLE)
    return load_dsn(clear)
