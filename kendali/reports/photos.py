"""Photos on reports: stored on disk (synced) before their rows, removed again on rollback.

Shared by the report actions and by the apps that attach evidence to a report (SOP steps).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.base import ContentFile

from kendali.agencies.models import User
from kendali.lib.images import CleanImage
from kendali.reports.models import Attachment, Report, Update


def attach_photos(
    report: Report,
    update: Update | None,
    photos: Sequence[CleanImage],
    *,
    actor: User | None,
    public: bool,
    written: list[str],
) -> None:
    """Store photos (on disk first, synced) and their rows; ``written`` lists the files so the
    caller can remove them if the transaction does not commit."""
    for photo in photos:
        attachment = Attachment(
            report=report,
            update=update,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
            is_public=public,
            uploaded_by=actor,
        )
        attachment.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
        written.append(str(attachment.file.name))
        attachment.save()


def remove_files(names: Sequence[str]) -> None:
    storage = Attachment.file.field.storage
    for name in names:
        storage.delete(name)
