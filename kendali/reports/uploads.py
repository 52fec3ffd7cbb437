"""Turn uploaded files into clean photos, or one readable error for the ``photos`` field."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from kendali.lib.errors import Invalid
from kendali.lib.images import CleanImage, ImageRejected, clean_image


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
                )
            )
        except ImageRejected as exc:
            raise Invalid(str(exc), {field: str(exc)}) from None
    return photos
