"""Writing a lot bundle: members streamed into a zip while their size and SHA-256 are taken,
then the manifest listing them and its detached Ed25519 signature.

The zip is written to a temporary file beside the target and renamed into place only once the
signature is in it (atomic_output), so a full disk or a cancel leaves no half bundle.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from microlot_desk.atomic_files import atomic_output
from microlot_desk.export.bundles.bundle_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    SIGNED_PREFIX,
)
from microlot_desk.export.bundles.zip_canon import canonical_info, stored_chunks

Sign = Callable[[bytes], bytes]


@dataclass
class _Counted:
    """A member's stream that counts and hashes what goes through it."""

    stream: IO[bytes]
    size: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.size += len(data)
        self.digest.update(data)


class BundleWriter:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive
        self.members: list[dict[str, Any]] = []

    @contextmanager
    def member(self, name: str) -> Iterator[_Counted]:
        # Streamed, so its size is not known before: zip64 headers, whatever the size.
        info = canonical_info(name)
        with self._zip.open(info, "w", force_zip64=True) as stream:
            counted = _Counted(stream)
            yield counted
        stored_size, stored_sha256 = self._stored(info)
        self.members.append(
            {
                "name": name,
                "size": counted.size,
                "sha256": counted.digest.hexdigest(),
                "stored_size": stored_size,
                "stored_sha256": stored_sha256,
            }
        )

    def _stored(self, info: zipfile.ZipInfo) -> tuple[int, str]:
        """The member's compressed bytes as they lie in the file, read back and hashed: deflate
        has bits that change no output, and the signature must cover every byte."""
        raw = self._zip.fp
        assert raw is not None
        end = raw.tell()
        digest = hashlib.sha256()
        for chunk in stored_chunks(raw, info):
            digest.update(chunk)
        raw.seek(end)
        return info.compress_size, digest.hexdigest()

    def json_lines(self, name: str, records: Iterable[dict[str, Any]]) -> int:
        """One JSON object per line (UTF-8, keys in order); how many were written."""
        count = 0
        with self.member(name) as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
                out.write(b"\n")
                count += 1
        return count

    def copy(self, name: str, source: IO[bytes]) -> None:
        with self.member(name) as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)


def manifest_bytes(header: dict[str, Any], members: list[dict[str, Any]]) -> bytes:
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **header, "members": members}
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode()


@contextmanager
def writing_bundle(
    target: Path, header: Callable[[], dict[str, Any]], sign: Sign
) -> Iterator[BundleWriter]:
    """A writer for the members; on leaving the block the manifest (header() and the members)
    and its signature are added and the bundle put in place. Nothing is left on an error."""
    with (
        atomic_output(target, readable=True) as raw,
        zipfile.ZipFile(raw, "w", allowZip64=True) as archive,
    ):
        writer = BundleWriter(archive)
        yield writer
        manifest = manifest_bytes(header(), writer.members)
        # Stored, not compressed: every byte of them is then covered by the signature.
        archive.writestr(canonical_info(MANIFEST, stored=True), manifest)
        signature = sign(SIGNED_PREFIX + manifest).hex()
        archive.writestr(canonical_info(SIGNATURE, stored=True), signature)
