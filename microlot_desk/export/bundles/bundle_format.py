"""What a lot bundle (`.mlot`) is: a zip whose every member is listed, with its size and SHA-256,
in a signed `manifest.json` (docs/bundle-format.md has the whole format).

Members have fixed names only: `manifest.json`, `manifest.sig`, `records/<table>.jsonl` and
`evidence/<sha256>`. A name is never used as a path on the receiving disk, and anything else
(`..`, an absolute path, a backslash, a drive letter, a folder entry) is refused by name. The
limits bound what a hostile bundle can make the receiver read or hold in memory.
"""

from __future__ import annotations

import re

FORMAT = "microlot-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNED_PREFIX = b"microlot-bundle-manifest/1\n"  # signed with the manifest: no other use of the key

RECORDS_DIR = "records/"
EVIDENCE_DIR = "evidence/"
RECORD_MEMBER = re.compile(r"records/([a-z_]{1,40})\.jsonl")
EVIDENCE_MEMBER = re.compile(r"evidence/([0-9a-f]{64})")

MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_MEMBER_BYTES = 2 * 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 3 * 1024 * 1024 * 1024  # under zip's 4 GiB offsets: one canonical form
MAX_RECORD_LINE_BYTES = 4 * 1024 * 1024  # one record: a plot outline of many points fits
MAX_RECORD_DEPTH = 16
MAX_COMPRESSION_RATIO = 200  # JSON compresses 10-30x; a bomb thousands of times


def member_kind(name: str) -> str | None:
    """'manifest', 'signature', 'records' or 'evidence'; None for a name a bundle cannot have."""
    if name == MANIFEST:
        return "manifest"
    if name == SIGNATURE:
        return "signature"
    if RECORD_MEMBER.fullmatch(name):
        return "records"
    if EVIDENCE_MEMBER.fullmatch(name):
        return "evidence"
    return None


def bad_name_reason(name: str) -> str:
    """What is wrong with a member name (the message's detail), the most telling first."""
    if "\\" in name:
        return "a backslash"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "an absolute path"
    if ".." in name.split("/"):
        return "'..', a step out of the bundle"
    if any(ord(c) < 32 for c in name):
        return "a control character"
    if name.endswith("/"):
        return "a folder"
    return "not a name a bundle has"
