"""Photo uploads: check, re-encode and strip metadata before anything is stored.

Re-encoding decodes the pixels and writes a fresh JPEG, so GPS coordinates, camera serials,
thumbnails, comments and any payload hidden in the original file are left behind.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2048
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; anything bigger is refused, not decoded


class ImageRejected(ValueError):
    """A file that is not a photo we accept; the message is fit to show the person."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"
    extension: str = "jpg"


def clean_image(upload: IO[bytes], *, size: int, max_bytes: int, name: str = "") -> CleanImage:
    """Check one uploaded photo and return a metadata-free JPEG copy, or raise ImageRejected."""
    label = name or _("foto")
    if size <= 0:
        raise ImageRejected(_("%(name)s kosong.") % {"name": label})
    if size > max_bytes:
        raise ImageRejected(
            _("%(name)s terlalu besar (%(size)s MB); batasnya %(max)s MB per foto.")
            % {"name": label, "size": round(size / 1048576, 1), "max": max_bytes // 1048576}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ImageRejected(
                        _("%(name)s bukan foto JPEG, PNG atau WebP.") % {"name": label}
                    )
                if width * height > MAX_PIXELS:
                    raise ImageRejected(
                        _("%(name)s terlalu besar ukuran pikselnya.") % {"name": label}
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                opened.load()
                image = _flatten(ImageOps.exif_transpose(opened))
                image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                output = io.BytesIO()
                image.save(output, format="JPEG", quality=85, optimize=True)
                return CleanImage(output.getvalue(), image.width, image.height)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            _("%(name)s terlalu besar ukuran pikselnya.") % {"name": label}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            _("%(name)s tidak bisa dibaca sebagai foto JPEG, PNG atau WebP.") % {"name": label}
        ) from None


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent pixels on white, everything else to RGB."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image
