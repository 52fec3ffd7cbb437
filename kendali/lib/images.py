"""Photo uploads: check, re-encode and strip metadata before anything is stored.

Re-encoding decodes the pixels and writes a fresh JPEG, so GPS coordinates, camera serials,
thumbnails, comments and any payload hidden in the original file are left behind.

Decoding is where a small file costs a lot: a 48 KB PNG can claim 49 megapixels, about 300 MB
once decoded. So the pixel count is checked from the header before any pixel is decoded
(Pillow reads the size lazily), a JPEG is decoded at the smallest DCT scale that still covers
the stored size (``draft``), and at most a few images decode at once in a process
(:class:`DecodeSlots`); the others wait their turn, and give up after a while.
"""

from __future__ import annotations

import io
import math
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2048
MAX_PIXELS = 24_000_000  # a 24-megapixel photo (6000 × 4000); anything bigger is refused
DECODE_WAIT_SECONDS = 30.0


class ImageRejected(ValueError):
    """A file that is not a photo we accept; the message is fit to show the person."""


class ImagesBusy(RuntimeError):
    """Every decoding slot stayed taken for as long as we wait; the message is fit to show."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"
    extension: str = "jpg"


class DecodeSlots:
    """At most ``size`` images decoding at once; ``peak`` records the most seen together."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._semaphore = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self.in_use = 0
        self.peak = 0

    @contextmanager
    def held(self, wait: float = DECODE_WAIT_SECONDS) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=wait):
            raise ImagesBusy(
                _("Server sedang memproses banyak foto. Coba kirim lagi sebentar lagi.")
            )
        with self._lock:
            self.in_use += 1
            self.peak = max(self.peak, self.in_use)
        try:
            yield
        finally:
            with self._lock:
                self.in_use -= 1
            self._semaphore.release()


def configure_pillow(max_pixels: int) -> None:
    """Pillow's own guard, as a second line behind the check in :func:`clean_image`: it warns
    above ``max_pixels`` (which :func:`clean_image` treats as a refusal) and fails above twice
    that, for every image opened in the process."""
    Image.MAX_IMAGE_PIXELS = max_pixels


_slots: dict[int, DecodeSlots] = {}
_slots_lock = threading.Lock()


def decode_slots(size: int) -> DecodeSlots:
    """The process's decoding slots for a concurrency of ``size`` (one set per size)."""
    with _slots_lock:
        if size not in _slots:
            _slots[size] = DecodeSlots(size)
        return _slots[size]


def clean_image(
    upload: IO[bytes],
    *,
    size: int,
    max_bytes: int,
    name: str = "",
    max_pixels: int = MAX_PIXELS,
    slots: DecodeSlots | None = None,
    wait: float = DECODE_WAIT_SECONDS,
) -> CleanImage:
    """Check one uploaded photo and return a metadata-free JPEG copy, or raise ImageRejected
    (or ImagesBusy when no decoding slot frees up within ``wait`` seconds)."""
    label = name or _("foto")
    if size <= 0:
        raise ImageRejected(_("%(name)s kosong.") % {"name": label})
    if size > max_bytes:
        raise ImageRejected(
            _("%(name)s terlalu besar (%(size)s MB); batasnya %(max)s MB per foto.")
            % {"name": label, "size": round(size / 1048576, 1), "max": max_bytes // 1048576}
        )
    too_many_pixels = _("%(name)s terlalu besar ukuran pikselnya; batasnya %(max)s megapiksel.") % {
        "name": label,
        "max": f"{max_pixels / 1e6:g}",
    }
    started = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:  # reads the header only
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ImageRejected(
                        _("%(name)s bukan foto JPEG, PNG atau WebP.") % {"name": label}
                    )
                if width * height > max_pixels:
                    raise ImageRejected(too_many_pixels)
                probe.verify()  # reads the chunks' checksums, decodes no pixels
            upload.seek(0)
            remaining = max(0.0, wait - (time.monotonic() - started))
            with (slots or decode_slots(1)).held(remaining), Image.open(upload) as opened:
                return _reencode(opened)
    except (ImageRejected, ImagesBusy):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(too_many_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            _("%(name)s tidak bisa dibaca sebagai foto JPEG, PNG atau WebP.") % {"name": label}
        ) from None


def _reencode(opened: Image.Image) -> CleanImage:
    """Decode as little as the stored size needs, turn upright, flatten, write a JPEG."""
    width, height = opened.size
    ratio = min(1.0, MAX_SIDE / width, MAX_SIDE / height)
    if opened.format == "JPEG" and ratio < 1.0:
        # DCT scaling: decode at 1/2, 1/4 or 1/8 while still covering the size we store, so
        # a 6000 × 4000 JPEG decodes at 3000 × 2000, a quarter of the memory.
        opened.draft(None, (math.ceil(width * ratio), math.ceil(height * ratio)))
    # Scaled down before it is turned and flattened, so those copies are small; thumbnail()
    # reduces by whole factors first (reducing_gap), then resamples what is left.
    opened.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    image = _flatten(ImageOps.exif_transpose(opened))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return CleanImage(output.getvalue(), image.width, image.height)


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
