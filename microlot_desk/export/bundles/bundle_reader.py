"""Reading a lot bundle that came from someone else's machine: every check is made before the
caller writes anything, and nothing in the file is trusted until it has passed them.

In order: a regular file, a zip, a bounded number of members with names a bundle can have (no
name is ever used as a path), no encryption or unusual compression; a manifest and a signature
read with caps on what they expand to; a manifest of strict JSON that its schema accepts and of
a format this version reads; an Ed25519 signature over it by the key the manifest names; then
the members exactly those listed, each of the stated size, expanding no more than records and
pictures do, and each hashing to the stated SHA-256 — read in a streamed pass that never holds a
member in memory. Any failure is a BundleRefused naming the reason and the member.

`records()` then yields the records of one table, each line strict JSON its schema accepts.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from microlot_desk.domain.fingerprints import fingerprint
from microlot_desk.domain.strict_json import JsonInputError, loads_strict
from microlot_desk.errors import BundleRefused
from microlot_desk.export.bundles.bundle_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_COMPRESSION_RATIO,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RECORD_DEPTH,
    MAX_RECORD_LINE_BYTES,
    MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
    RECORD_MEMBER,
    SIGNATURE,
    SIGNED_PREFIX,
    bad_name_reason,
    member_kind,
)
from microlot_desk.export.bundles.bundle_schemas import (
    SchemaError,
    manifest_validator,
    record_validators,
)
from microlot_desk.export.bundles.zip_canon import form_problem, stored_chunks
from microlot_desk.user_files import open_user_file

_CHUNK = 1 << 20
_BOMB_FLOOR = 1 << 20  # a small member may compress very well (a run of nulls); no harm done


@dataclass(frozen=True)
class Sender:
    station: str
    fingerprint: str
    public_key: bytes


class OpenBundle:
    """A bundle that passed every check; its members can be read."""

    def __init__(self, source: str, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
        self.source = source
        self._zip = archive
        self.manifest = manifest
        sender = manifest["sender"]
        self.sender = Sender(
            sender["station"], sender["fingerprint"], bytes.fromhex(sender["public_key"])
        )
        self.declared = {m["name"]: (m["size"], m["sha256"]) for m in manifest["members"]}

    @property
    def tables(self) -> list[str]:
        """The tables whose records it carries, in the order they were written."""
        found = (RECORD_MEMBER.fullmatch(m["name"]) for m in self.manifest["members"])
        return [m.group(1) for m in found if m]

    @property
    def evidence(self) -> list[str]:
        """The SHA-256 of every evidence file it carries."""
        return [
            name.removeprefix("evidence/")
            for name in self.declared
            if member_kind(name) == "evidence"
        ]

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        """The table's records, one by one, each checked against the records schema."""
        name = f"records/{table}.jsonl"
        if name not in self.declared:
            return
        validate = record_validators(FORMAT_VERSION).get(table)
        if validate is None:
            raise self._refused("bad_records", name, f"no table {table!r} in format 1")
        for number, line in enumerate(self._lines(name), start=1):
            try:
                record = loads_strict(line, max_depth=MAX_RECORD_DEPTH)
                validate(record)
            except JsonInputError as error:
                raise self._refused("bad_records", name, f"line {number}: {error}") from None
            except SchemaError as error:
                raise self._refused("bad_records", name, f"line {number}: {error}") from None
            yield record

    def read_member(self, name: str) -> bytes:
        """A listed member's bytes, whole (an evidence file: its size already capped)."""
        return b"".join(_bounded(self._zip, name, self.declared[name][0], self.source))

    def _lines(self, name: str) -> Iterator[bytes]:
        pending = b""
        for chunk in _bounded(self._zip, name, self.declared[name][0], self.source):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            yield from lines
            if len(pending) > MAX_RECORD_LINE_BYTES:
                raise self._refused("bad_records", name, "a record longer than any can be")
        if pending:
            yield pending

    def _refused(self, reason: str, member: str, detail: str) -> BundleRefused:
        return BundleRefused(source=self.source, reason=reason, member=member, detail=detail)


@contextmanager
def open_bundle(path: Path) -> Iterator[OpenBundle]:
    """The bundle at `path` once every check above has passed; BundleRefused otherwise."""
    source = str(path)
    with open_user_file(path, max_bytes=MAX_TOTAL_BYTES) as handle:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError) as e:
            raise BundleRefused(source=source, reason="not_a_bundle", detail=str(e)) from None
        except OSError as error:
            raise BundleRefused(source=source, reason="unreadable", detail=str(error)) from None
        with archive:
            manifest = _checked_manifest(archive, source, handle)
            bundle = OpenBundle(source, archive, manifest)
            _check_members(archive, bundle, source, handle)
            yield bundle


def _checked_manifest(archive: zipfile.ZipFile, source: str, raw: IO[bytes]) -> dict[str, Any]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused(source=source, reason="too_many_members", detail=str(MAX_MEMBERS))
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if member_kind(name) is None or info.is_dir():
            raise BundleRefused(
                source=source,
                reason="bad_name",
                member=name[:120],
                detail=bad_name_reason(name),
            )
        if name in seen:
            raise BundleRefused(source=source, reason="duplicate_member", member=name)
        seen.add(name)
        if info.flag_bits & 0x1:
            raise BundleRefused(source=source, reason="encrypted", member=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleRefused(source=source, reason="compression", member=name)
    problem = form_problem(archive, raw, os.fstat(raw.fileno()).st_size)
    if problem:
        raise BundleRefused(source=source, reason="not_canonical", detail=problem)
    if MANIFEST not in seen:
        raise BundleRefused(source=source, reason="no_manifest")
    if SIGNATURE not in seen:
        raise BundleRefused(source=source, reason="no_signature")
    text = b"".join(_bounded(archive, MANIFEST, MAX_MANIFEST_BYTES, source, exact=False))
    signature_text = b"".join(
        _bounded(archive, SIGNATURE, MAX_SIGNATURE_BYTES, source, exact=False)
    )
    try:
        manifest = loads_strict(text, max_bytes=MAX_MANIFEST_BYTES, max_depth=8)
    except JsonInputError as error:
        raise BundleRefused(source=source, reason="bad_manifest", detail=str(error)) from None
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if isinstance(version, int) and version > FORMAT_VERSION and manifest.get("format") == FORMAT:
        raise BundleRefused(source=source, reason="newer_format", detail=str(version))
    try:
        manifest_validator(FORMAT_VERSION)(manifest)
    except SchemaError as error:
        raise BundleRefused(source=source, reason="bad_manifest", detail=str(error)) from None
    _check_signature(manifest, text, signature_text, source)
    return dict(manifest)


def _check_signature(manifest: dict[str, Any], text: bytes, signed: bytes, source: str) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = bytes.fromhex(manifest["sender"]["public_key"])
    if fingerprint(public) != manifest["sender"]["fingerprint"]:
        raise BundleRefused(
            source=source, reason="bad_signature", detail="the fingerprint is not the key's"
        )
    try:
        signature = bytes.fromhex(signed.decode("ascii").strip())
        Ed25519PublicKey.from_public_bytes(public).verify(signature, SIGNED_PREFIX + text)
    except (ValueError, UnicodeDecodeError):
        raise BundleRefused(
            source=source, reason="bad_signature", detail="the signature is not one"
        ) from None
    except InvalidSignature:
        raise BundleRefused(
            source=source, reason="bad_signature", detail="Ed25519 verification failed"
        ) from None


def _check_members(
    archive: zipfile.ZipFile, bundle: OpenBundle, source: str, raw: IO[bytes]
) -> None:
    listed = list(bundle.declared)
    if len(listed) != len(bundle.manifest["members"]):
        names = [m["name"] for m in bundle.manifest["members"]]
        twice = next(n for n in names if names.count(n) > 1)
        raise BundleRefused(source=source, reason="duplicate_member", member=twice)
    present = {i.filename: i for i in archive.infolist()}
    for name in listed:
        if member_kind(name) not in ("records", "evidence"):
            raise BundleRefused(source=source, reason="bad_manifest", member=name, detail=name)
        if name not in present:
            raise BundleRefused(source=source, reason="missing_member", member=name)
        if member_kind(name) == "evidence" and bundle.declared[name][1] != name[9:]:
            # An evidence file is named by its own SHA-256: the name is what records point to.
            raise BundleRefused(source=source, reason="hash_mismatch", member=name)
    for name in present:
        if name not in bundle.declared and name not in (MANIFEST, SIGNATURE):
            raise BundleRefused(source=source, reason="undeclared_member", member=name)
    order = [i.filename for i in archive.infolist()]
    if order != [*listed, MANIFEST, SIGNATURE]:
        raise BundleRefused(source=source, reason="not_canonical", detail="the members' order")
    stored = {m["name"]: (m["stored_size"], m["stored_sha256"]) for m in bundle.manifest["members"]}
    total = 0
    for name, (size, _sha) in bundle.declared.items():
        info = present[name]
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise BundleRefused(
                source=source, reason="too_large", member=name, detail=f"{size} bytes"
            )
        if info.file_size != size or info.compress_size != stored[name][0]:
            raise BundleRefused(source=source, reason="size_mismatch", member=name)
        if size > _BOMB_FLOOR and size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise BundleRefused(source=source, reason="bomb", member=name)
    for name, (size, sha) in bundle.declared.items():
        as_stored = hashlib.sha256()
        for chunk in stored_chunks(raw, present[name]):
            as_stored.update(chunk)
        if as_stored.hexdigest() != stored[name][1]:
            raise BundleRefused(source=source, reason="hash_mismatch", member=name)
        digest = hashlib.sha256()
        for chunk in _bounded(archive, name, size, source):
            digest.update(chunk)
        if digest.hexdigest() != sha:
            raise BundleRefused(source=source, reason="hash_mismatch", member=name)


def _bounded(
    archive: zipfile.ZipFile, name: str, size: int, source: str, *, exact: bool = True
) -> Iterator[bytes]:
    """The member's bytes, refusing once more than `size` came out (headers can lie: what
    expands is counted) or, `exact`, when fewer came; damaged compressed data is refused."""
    got = 0
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(min(_CHUNK, size - got + 1)):
                got += len(chunk)
                if got > size:
                    reason = "size_mismatch" if exact else "too_large"
                    raise BundleRefused(
                        source=source, reason=reason, member=name, detail=f"{size} bytes"
                    )
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise BundleRefused(
            source=source, reason="hash_mismatch", member=name, detail=str(error)
        ) from None
    if exact and got != size:
        raise BundleRefused(source=source, reason="size_mismatch", member=name)
