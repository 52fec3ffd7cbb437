from django.db import models
from django.utils.translation import gettext_lazy as _

from kendali.lib.choices import ColoredChoices, nonmember


class VersionStatus(ColoredChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Ditinjau")
    APPROVED = "approved", _("Disetujui")
    PUBLISHED = "published", _("Berlaku")
    RETIRED = "retired", _("Dicabut")

    COLORS = nonmember(
        {
            "draft": "grey",
            "in_review": "yellow",
            "approved": "indigo",
            "published": "green",
            "retired": "grey",
        }
    )


class StepKind(models.TextChoices):
    MANUAL = "manual", _("Tindakan")
    DECISION = "decision", _("Keputusan (ya/tidak)")
    NOTIFY = "notify", _("Kirim pemberitahuan")
    WEBHOOK = "webhook", _("Panggil sistem lain (webhook)")
    SUB_SOP = "sub_sop", _("Jalankan SOP lain")

    @classmethod
    def automatic(cls) -> set[str]:
        """Steps the system carries out itself when their turn comes."""
        return {cls.NOTIFY, cls.WEBHOOK}


class Evidence(models.TextChoices):
    NONE = "none", _("Tidak perlu")
    NOTE = "note", _("Catatan")
    PHOTO = "photo", _("Foto")


class StepState(models.TextChoices):
    OPEN = "open", _("Belum")
    DONE = "done", _("Selesai")
    SKIPPED = "skipped", _("Dilewati")
