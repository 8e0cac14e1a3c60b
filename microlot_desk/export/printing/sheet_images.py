"""Photos made ready for a sheet: untrusted bytes in, a small upright JPEG out.

Only JPEG, PNG and WebP are opened; a picture larger than MAX_PIXELS is refused from its header
before it is decoded, and Pillow's decompression-bomb warning is an error. The EXIF orientation
is applied (a phone photo taken upright prints upright), then the picture is shrunk.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 64_000_000  # below Pillow's own warning threshold (~89 MP)


class UnreadableImage(ValueError):
    """The bytes are not an allowed, sane image."""


@dataclass(frozen=True)
class Thumbnail:
    jpeg: bytes
    width_px: int
    height_px: int


@contextmanager
def opened_image(data: bytes) -> Iterator[Image.Image]:
    """Untrusted image bytes, opened by the one set of rules: only ALLOWED_FORMATS, a
    decompression bomb refused, at most MAX_PIXELS. Any failure to decode inside the block,
    too, comes out as UnreadableImage."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as image:
                width, height = image.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    raise UnreadableImage(f"{width}x{height} pixels")
                yield image
    except UnreadableImage:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise UnreadableImage(str(error)) from error


def make_thumbnail(data: bytes, max_side_px: int) -> Thumbnail:
    """An upright RGB JPEG no larger than max_side_px on its longer side."""
    with opened_image(data) as image:
        image.draft("RGB", (max_side_px, max_side_px))  # JPEG: decode at a lower scale
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((max_side_px, max_side_px))
        flat = _flatten(upright)
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=85, optimize=True)
    return Thumbnail(out.getvalue(), flat.width, flat.height)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes printed as they look on screen."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
