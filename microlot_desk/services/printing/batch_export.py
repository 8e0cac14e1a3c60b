"""Provenance sheets for many lots at once, on both cores.

A short batch, or one worker, is built here, in the calling thread: starting a process costs
more (its imports, its fonts) than a few sheets take. A longer batch is split between worker
processes; each opens the database read-only once (so it never competes for the write lock
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
from microlot_desk.services.common.thread_guard import require_worker_thread
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.services.printing.print_service import PrintOptions, PrintService, WrittenFile
from microlot_desk.storage.database import OpenDatabase, open_database
from microlot_desk.storage.disk_faults import fault_of

DEFAULT_WORKERS = 2
PROCESSES_FROM = 32  # lots; below this, two processes finish no sooner than one thread (measured)
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
    assert _worker is not None, "worker not started"
    _, service, options = _worker
    return _export_with(service, options, lot_id, folder)


def _export_with(
    service: PrintService, options: PrintOptions, lot_id: str, folder: Path
) -> WrittenFile | BatchFailure:
    """One lot's sheet; a known problem (the lot was deleted meanwhile, the disk is full) comes
    back as data, since exceptions with keyword data do not cross process boundaries."""
    try:
        lot = service.lot(lot_id)
        return service.export_sheet(lot, folder, options)
    except KnownError as error:
        return BatchFailure(lot_id, error.code, {k: str(v) for k, v in error.params.items()})
    except OSError as error:
        fault = fault_of(error, folder)  # a full disk or read-only folder, in its own words
        if fault is not None:
            return BatchFailure(lot_id, fault.code, {k: str(v) for k, v in fault.params.items()})
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
    """`folder/<code>.pdf` for each lot id, built here or by `workers` processes. Every sheet of the
    batch says it was generated at the same moment: `clock` read once, here."""
    require_worker_thread("exporting a batch of sheets")
    folder.mkdir(parents=True, exist_ok=True)
    ids = list(dict.fromkeys(lot_ids))
    tally = _Tally(len(ids), progress)
    cancel = cancel or threading.Event()
    if not ids:
        return tally.result(cancelled=False)
    moment = FixedClock(clock())
    if workers <= 1 or len(ids) < PROCESSES_FROM:
        _export_here(database_path, ids, folder, options, moment, tally, cancel)
    else:
        _export_in_processes(database_path, ids, folder, options, moment, workers, tally, cancel)
    return tally.result(cancelled=tally.count < len(ids))


class _Tally:
    """What came back so far, in the order the lots finished, reported after each."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.written: list[WrittenFile] = []
        self.failed: list[BatchFailure] = []
        self._progress = progress

    @property
    def count(self) -> int:
        return len(self.written) + len(self.failed)

    def add(self, outcome: WrittenFile | BatchFailure) -> None:
        if isinstance(outcome, BatchFailure):
            self.failed.append(outcome)
        else:
            self.written.append(outcome)
        if self._progress is not None:
            subject = outcome.subject if isinstance(outcome, WrittenFile) else ""
            self._progress(self.count, self.total, subject)

    def result(self, *, cancelled: bool) -> BatchResult:
        return BatchResult(tuple(self.written), tuple(self.failed), cancelled=cancelled)


def _export_here(
    database_path: Path,
    ids: list[str],
    folder: Path,
    options: PrintOptions,
    clock: FixedClock,
    tally: _Tally,
    cancel: threading.Event,
) -> None:
    database = open_database(database_path, clock=clock, read_only=True)
    try:
        service = PrintService(LotService(database))
        for lot_id in ids:
            if cancel.is_set():
                return
            tally.add(_export_with(service, options, lot_id, folder))
    finally:
        database.close()


def _export_in_processes(
    database_path: Path,
    ids: list[str],
    folder: Path,
    options: PrintOptions,
    clock: FixedClock,
    workers: int,
    tally: _Tally,
    cancel: threading.Event,
) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(ids)),
        mp_context=context,
        initializer=_start_worker,
        # a plain dict crosses to the workers (Qt or read-only mappings do not pickle)
        initargs=(database_path, dataclasses.replace(options, labels=dict(options.labels)), clock),
    ) as pool:
        pending: set[Future[WrittenFile | BatchFailure]] = {
            pool.submit(_export_one, lot_id, folder) for lot_id in ids
        }
        while pending and not cancel.is_set():
            done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                tally.add(future.result())
        pool.shutdown(wait=True, cancel_futures=True)
        # Lots already running when the batch was cancelled were still written whole.
        for future in pending:
            if future.done() and not future.cancelled():
                tally.add(future.result())
