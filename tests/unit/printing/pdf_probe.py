"""Reading PDFs back the way a person's tools do: pdftotext, pdffonts, pdftoppm + zbarimg
(poppler-utils and zbar-tools; a test skips, saying why, where they are not installed), and pypdf.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (poppler-utils / zbar-tools; .ci/run installs them)")
    return found


def _run(args: list[str], pdf: bytes, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [*args, str(path), *extra], capture_output=True, text=True, timeout=60, check=True
        )
    return done.stdout


def pdftotext(pdf: bytes) -> str:
    return _run([tool("pdftotext"), "-enc", "UTF-8"], pdf, "-")


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool


def pdffonts(pdf: bytes) -> list[FontRow]:
    lines = _run([tool("pdffonts")], pdf).splitlines()[2:]
    rows = []
    for line in lines:
        # name type... encoding emb sub uni object ID: read the yes/no columns from the right
        fields = line.split()
        rows.append(FontRow(fields[0], " ".join(fields[1:-6]), fields[-5] == "yes"))
    return rows


def render(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page as an RGB image."""
    exe = tool("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [exe, "-r", str(dpi), "-png", str(path), str(Path(folder) / "page")],
            check=True,
            timeout=120,
        )
        return [
            Image.open(io.BytesIO(png.read_bytes())).convert("RGB")
            for png in sorted(Path(folder).glob("page-*.png"))
        ]


def decode_qr(image: Image.Image) -> list[str]:
    """Every QR code zbarimg finds in the picture, as text."""
    exe = tool("zbarimg")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        done = subprocess.run(
            [exe, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return [line for line in done.stdout.splitlines() if line]


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    """Whitespace removed: line breaks and spacing are layout, not content."""
    return "".join(text.split())
