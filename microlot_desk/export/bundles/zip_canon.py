"""A bundle's zip container in the one form the writer makes, byte for byte.

The manifest's signature covers what the members hold, not the zip's own bookkeeping (times,
attributes, flags, the directory at the end). A bundle is therefore read only in its canonical
form: every header field the value the writer sets, each local header agreeing with the central
directory, members back to back from the first byte, the directory right after them and the
end record closing the file with no comment. So not one byte of an accepted bundle is free: a
flipped bit is a content change (its SHA-256 fails) or a form change (refused here).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from typing import IO

STORED_MEMBERS = ("manifest.json", "manifest.sig")

CREATE_SYSTEM = 3  # Unix, on every platform: the writer sets it, so the bytes do not vary
FILE_MODE = 0o600 << 16
EPOCH = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_ZIP64_EXTRA = struct.Struct("<HHQQ")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR = struct.Struct("<4sLQL")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")


def canonical_info(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
    """The ZipInfo the writer gives a member: deflated, or `stored` as it is (the manifest and
    its signature)."""
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = CREATE_SYSTEM
    info.external_attr = FILE_MODE
    return info


def stored_chunks(raw: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes as stored in the file (compressed), read from its local header on."""
    raw.seek(info.header_offset + 26)
    nlen, xlen = struct.unpack("<2H", raw.read(4))
    raw.seek(info.header_offset + _LOCAL.size + nlen + xlen)
    left = info.compress_size
    while left > 0:
        chunk = raw.read(min(left, 1 << 20))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def form_problem(archive: zipfile.ZipFile, raw: IO[bytes], size: int) -> str | None:
    """What departs from the canonical form, for the message; None when nothing does."""
    infos = archive.infolist()
    expected_offset = 0
    for info in infos:
        problem = _central_problem(info) or _local_problem(raw, info, expected_offset)
        if problem:
            return f"{info.filename[:120]}: {problem}"
        expected_offset = _member_end(raw, info)
    if archive.start_dir != expected_offset:
        return "something lies between the members and the directory"
    return _directory_problem(raw, archive, infos) or _end_problem(raw, archive, infos, size)


def _directory_problem(
    raw: IO[bytes], archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> str | None:
    """The directory's own lengths, which zipfile reads past unchecked at its end."""
    raw.seek(archive.start_dir)
    for info in infos:
        entry = raw.read(_CENTRAL.size)
        if len(entry) != _CENTRAL.size:
            return "a cut directory"
        fields = _CENTRAL.unpack(entry)
        name_length, extra_length, comment_length = fields[12], fields[13], fields[14]
        name = raw.read(name_length)
        if (fields[0], name, extra_length, comment_length) != (
            b"PK\x01\x02",
            info.filename.encode("ascii", "replace"),
            0,
            0,
        ):
            return f"the directory entry of {info.filename[:120]}"
    return None


def _central_problem(info: zipfile.ZipInfo) -> str | None:
    checks = (
        (info.date_time == EPOCH, "a file time"),
        (info.compress_type == _method(info.filename), "compression"),
        (info.flag_bits == 0, "flags"),
        (info.create_system == CREATE_SYSTEM, "the system it was made on"),
        (info.create_version in (20, 45), "the version it was made by"),
        (info.extract_version == info.create_version, "the version needed"),
        (info.reserved == 0, "the system needed"),
        (info.external_attr == FILE_MODE, "file attributes"),
        (info.internal_attr == 0, "text attributes"),
        (info.comment == b"", "a comment"),
        (info.extra == b"", "extra fields"),
        (info.volume == 0, "a disk number"),
    )
    return next((what for ok, what in checks if not ok), None)


def _local_problem(raw: IO[bytes], info: zipfile.ZipInfo, expected_offset: int) -> str | None:
    if info.header_offset != expected_offset:
        return "not where the member before it ends"
    raw.seek(info.header_offset)
    head = raw.read(_LOCAL.size)
    if len(head) != _LOCAL.size:
        return "a cut header"
    (sig, version, system, flags, method, time, date, crc, csize, usize, nlen, xlen) = (
        _LOCAL.unpack(head)
    )
    name = raw.read(nlen)
    extra = raw.read(xlen)
    zip64 = info.extract_version == 45
    if zip64:
        sizes_ok = (csize, usize) == (0xFFFFFFFF, 0xFFFFFFFF) and extra == _ZIP64_EXTRA.pack(
            1, 16, info.file_size, info.compress_size
        )
    else:
        sizes_ok = (csize, usize) == (info.compress_size, info.file_size) and extra == b""
    checks = (
        (sig == b"PK\x03\x04", "a local header"),
        (
            (version, system, flags, method)
            == (info.extract_version, 0, 0, _method(info.filename)),
            "its header",
        ),
        ((time, date) == (0, _DOS_DATE), "its header's time"),
        (crc == info.CRC, "its header's checksum"),
        (sizes_ok, "its header's sizes"),
        (name == info.filename.encode("ascii", "replace"), "its header's name"),
    )
    return next((what for ok, what in checks if not ok), None)


def _method(name: str) -> int:
    return zipfile.ZIP_STORED if name in STORED_MEMBERS else zipfile.ZIP_DEFLATED


def _member_end(raw: IO[bytes], info: zipfile.ZipInfo) -> int:
    raw.seek(info.header_offset + 26)
    nlen, xlen = struct.unpack("<2H", raw.read(4))
    return int(info.header_offset + _LOCAL.size + nlen + xlen + info.compress_size)


def _end_problem(
    raw: IO[bytes], archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], size: int
) -> str | None:
    directory = sum(_CENTRAL.size + len(i.filename.encode("ascii", "replace")) for i in infos)
    count = len(infos)
    raw.seek(size - _END.size)
    sig, disk, start_disk, here, total, dir_size, dir_offset, comment = _END.unpack(
        raw.read(_END.size)
    )
    if sig != b"PK\x05\x06" or comment != 0 or (disk, start_disk) != (0, 0):
        return "the end record"
    if count < 0xFFFF and archive.start_dir < 0xFFFFFFFF:
        if (here, total, dir_size, dir_offset) != (count, count, directory, archive.start_dir):
            return "the end record's counts"
        if archive.start_dir + directory + _END.size != size:
            return "bytes after the directory"
        return None
    end64 = size - _END.size - _LOCATOR.size - _END64.size
    raw.seek(end64)
    record = _END64.unpack(raw.read(_END64.size))
    locator = _LOCATOR.unpack(raw.read(_LOCATOR.size))
    wanted = (b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, directory, archive.start_dir)
    if record != wanted or locator != (b"PK\x06\x07", 0, end64, 1):
        return "the zip64 end record"
    if archive.start_dir + directory != end64:
        return "bytes after the directory"
    return None
