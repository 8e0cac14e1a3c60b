"""Typed errors. A KnownError is something to tell the user (bad input, a locked or too-new file,
a full disk); anything else that escapes is a bug and gets the crash dialog with details.

Errors carry a code and data, never an English sentence: the UI and the CLI turn them into text
(see messages.py), so every layer below them stays translatable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class KnownError(Exception):
    """Base of errors that are the user's to act on, not bugs."""

    code = "known_error"

    def __init__(self, **params: object) -> None:
        super().__init__(self.code, params)
        self.params: dict[str, object] = dict(params)


@dataclass(frozen=True)
class FieldError:
    """One field's problem: which field, why (a code), and the values needed to say it."""

    field: str
    code: str
    params: Mapping[str, str] = dataclasses.field(default_factory=dict)


class ValidationFailed(KnownError):
    """Input was refused; `errors` lists every bad field at once. Nothing was written."""

    code = "validation_failed"

    def __init__(self, errors: Sequence[FieldError], *, row: int | None = None) -> None:
        super().__init__(row=row)
        self.errors: tuple[FieldError, ...] = tuple(errors)
        self.row = row


class NotFound(KnownError):
    code = "not_found"


class DuplicateCode(KnownError):
    code = "duplicate_code"


class DatabaseLocked(KnownError):
    """Another instance holds the write lock; `holder` says who (user, host, pid, since)."""

    code = "database_locked"


class SchemaTooNew(KnownError):
    """The file was written by a newer app; it is left untouched."""

    code = "schema_too_new"


class DatabaseDamaged(KnownError):
    """The integrity check failed; the file is left as it is and the latest backup is offered."""

    code = "database_damaged"


class NotOurDatabase(KnownError):
    """An SQLite file of some other program (it has tables but none of ours); left untouched."""

    code = "not_our_database"


class DatabaseUnavailable(KnownError):
    """The file cannot be opened at all (missing folder, permissions, disk full)."""

    code = "database_unavailable"


class DiskFull(KnownError):
    """The disk holding `folder` has no room left; the write was undone, nothing else changed."""

    code = "disk_full"


class FolderReadOnly(KnownError):
    """`folder` cannot be written (a read-only medium or no permission); nothing was changed."""

    code = "folder_read_only"


class ReadOnlyDatabase(KnownError):
    """A write was attempted on a database opened read-only (another instance holds the lock)."""

    code = "read_only"


class InputFileRefused(KnownError):
    """A file a person handed the app was not read (microlot_desk.user_files): `source`, and
    `reason` one of not_found, directory, device, fifo, socket, not_a_file, link (`target`),
    too_large (`max` bytes), unreadable (`detail`)."""

    code = "input_file_refused"


class AnchorLogUnusable(KnownError):
    """The custody anchor log beside the database (storage.custody_anchors) is not a regular
    file of ours, or cannot be opened: `path`, `detail`."""

    code = "anchor_log_unusable"


class StationKeyUnusable(KnownError):
    """The station's key file (storage.station_key) cannot be used: `path`, `detail`."""

    code = "station_key_unusable"


class BadFingerprintText(KnownError):
    """Typed text that is not a station fingerprint: `text`."""

    code = "bad_fingerprint"


class BundleRefused(KnownError):
    """A lot bundle was refused before anything was written: `source`, `reason` (see
    messages.BUNDLE_REFUSALS), `member` when one member is at fault, `detail`."""

    code = "bundle_refused"


class HistoryKept(KnownError):
    """A conflict over append-only history (custody events, reveals, exclusions) cannot be
    settled by taking the other side's: `label`."""

    code = "history_kept"


class BadInputFile(KnownError):
    """An input file (JSON, CSV) could not be read at all; `reason` and `detail` say why."""

    code = "bad_input_file"
