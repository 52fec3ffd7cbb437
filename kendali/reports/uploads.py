"""Turn uploaded files into clean photos, or one readable error for the ``photos`` field."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from kendali.lib.errors import Busy, Invalid
from kendali.lib.images import CleanImage, ImageRejected, ImagesBusy, clean_image, decode_slots


def clean_photos(files: Sequence[UploadedFile[bytes]], field: str = "photos") -> list[CleanImage]:
    if len(files) > settings.MAX_PHOTOS:
        message = _("Paling banyak %(max)d foto.") % {"max": settings.MAX_PHOTOS}
        raise Invalid(message, {field: message})
    photos = []
    for number, upload in enumerate(files, start=1):
        try:
            photos.append(
                clean_image(
                    upload,
                    size=upload.size or 0,
                    max_bytes=settings.MAX_PHOTO_BYTES,
                    name=_("Foto %(number)d") % {"number": number},
                    max_pixels=settings.MAX_IMAGE_PIXELS,
                    slots=decode_slots(settings.IMAGE_DECODE_CONCURRENCY),
                    wait=settings.IMAGE_DECODE_WAIT_SECONDS,
                )
            )
        except ImageRejected as exc:
            raise Invalid(str(exc), {field: str(exc)}) from None
        except ImagesBusy as exc:
            raise Busy(str(exc), {field: str(exc)}) from None
    return photos
