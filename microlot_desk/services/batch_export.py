"""Provenance sheets for many lots at once, on both cores.

Each worker process opens the database read-only once (so it never competes for the write lock
the app holds) and builds sheets one lot at a time; every file is written atomically, so a
cancelled or failed batch leaves only whole PDFs. Workers are spawned, not forked: the caller is
usually a Qt application with threads, which must never be forked.

Call `export_batch` from a worker thread (never the GUI thread); `progress` is called on that
thread after each lot, and setting `cancel` stops the batch after the lots already running.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from microlot_desk.clock import Clock, FixedClock
from microlot_desk.errors import KnownError
from microlot_desk.services.lot_service import LotService
from microlot_desk.services.print_service import PrintOptions, PrintService, WrittenFile
from microlot_desk.services.thread_guard import require_worker_thread
from microlot_desk.storage.database import OpenDatabase, open_database

DEFAULT_WORKERS = 2
POLL_SECONDS = 0.1  # how often a waiting batch looks at the cancel flag

Progress = Callable[[int, int, str], None]
"""(lots done, lots in the batch, code of the lot just done)."""


@dataclass(frozen=True)
class BatchFailure:
    """A lot whose sheet was not written: its id, and the error's code and data."""

    lot_id: str
    code: str
    params: dict[str, str]


@dataclass(frozen=True)
class BatchResult:
    written: tuple[WrittenFile, ...]
    failed: tuple[BatchFailure, ...]
    cancelled: bool


# ---- inside a worker process ------------------------------------------------------------

_worker: tuple[OpenDatabase, PrintService, PrintOptions] | None = None


def _start_worker(database_path: Path, options: PrintOptions, clock: FixedClock) -> None:
    global _worker
    database = open_database(database_path, clock=clock, read_only=True)
    _worker = (database, PrintService(LotService(database)), options)


def _export_one(lot_id: str, folder: Path) -> WrittenFile | BatchFailure:
    """One lot's sheet; a known problem (the lot was deleted meanwhile, the disk is full) comes
    back as data, since exceptions with keyword data do not cross process boundaries."""
    assert _worker is not None, "worker not started"
    _, service, options = _worker
    try:
        lot = service.lot(lot_id)
        return service.export_sheet(lot, folder, options)
    except KnownError as error:
        return BatchFailure(lot_id, error.code, {k: str(v) for k, v in error.params.items()})
    except OSError as error:
        return BatchFailure(lot_id, "os_error", {"detail": error.strerror or str(error)})


# ---- in the caller ----------------------------------------------------------------------


def export_batch(
    database_path: Path,
    lot_ids: Sequence[str],
    folder: Path,
    options: PrintOptions,
    *,
    clock: Clock,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BatchResult:
    """`folder/<code>.pdf` for each lot id, built by `workers` processes. Every sheet of the
    batch says it was generated at the same moment: `clock` read once, here."""
    require_worker_thread("exporting a batch of sheets")
    folder.mkdir(parents=True, exist_ok=True)
    ids = list(dict.fromkeys(lot_ids))
    written: list[WrittenFile] = []
    failed: list[BatchFailure] = []
    cancel = cancel or threading.Event()
    if not ids:
        return BatchResult((), (), False)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(ids))),
        mp_context=context,
        initializer=_start_worker,
        # a plain dict crosses to the workers (Qt or read-only mappings do not pickle)
        initargs=(
            database_path,
            dataclasses.replace(options, labels=dict(options.labels)),
            FixedClock(clock()),
        ),
    ) as pool:
        pending: set[Future[WrittenFile | BatchFailure]] = {
            pool.submit(_export_one, lot_id, folder) for lot_id in ids
        }

        def collect(future: Future[WrittenFile | BatchFailure]) -> None:
            outcome = future.result()
            if isinstance(outcome, BatchFailure):
                failed.append(outcome)
            else:
                written.append(outcome)
            if progress is not None:
                subject = outcome.subject if isinstance(outcome, WrittenFile) else ""
                progress(len(written) + len(failed), len(ids), subject)

        while pending and not cancel.is_set():
            done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                collect(future)
        pool.shutdown(wait=True, cancel_futures=True)
        # Lots already running when the batch was cancelled were still written whole.
        for future in pending:
            if future.done() and not future.cancelled():
                collect(future)
    skipped = len(ids) - len(written) - len(failed)
    return BatchResult(tuple(written), tuple(failed), cancelled=skipped > 0)
