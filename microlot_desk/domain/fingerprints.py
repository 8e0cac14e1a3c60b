"""A station's fingerprint: the short text two people compare (by phone, on paper) to know a
public key is the one they think it is.

SHA-256 of the raw 32-byte Ed25519 public key, its first 100 bits in base32 (RFC 4648: letters
and the digits 2–7 only, so no 0 or 1 to mistake for O or I), five groups of four:
`7K3Q-QXWD-F2PA-HN4T-AB2C`. Typed back, case, spaces and dashes do not matter.
"""

from __future__ import annotations

import base64
import hashlib
import re

GROUPS = 5
GROUP_CHARS = 4
_CHARS = GROUPS * GROUP_CHARS  # 20 base32 characters: 100 bits
_TYPED = re.compile(rf"[A-Z2-7]{{{_CHARS}}}")


class BadFingerprint(ValueError):
    """Text that is not a fingerprint (wrong length or characters)."""


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).digest()
    text = base64.b32encode(digest).decode("ascii")[:_CHARS]
    return "-".join(text[i : i + GROUP_CHARS] for i in range(0, _CHARS, GROUP_CHARS))


def parse_fingerprint(typed: str) -> str:
    """The fingerprint a person typed, in its printed form; BadFingerprint if it is none."""
    squeezed = re.sub(r"[\s\-]", "", typed).upper()
    if not _TYPED.fullmatch(squeezed):
        raise BadFingerprint(typed)
    return "-".join(squeezed[i : i + GROUP_CHARS] for i in range(0, _CHARS, GROUP_CHARS))
