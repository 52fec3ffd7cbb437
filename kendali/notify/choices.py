from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENT = "sent", _("Terkirim")
    DEAD = "dead", _("Gagal permanen")


class NotificationKind(models.TextChoices):
    SLA_AT_RISK = "sla_at_risk", _("SLA hampir terlambat")
    SLA_BREACHED = "sla_breached", _("SLA terlambat")
    ESCALATION = "escalation", _("Eskalasi")
    STEP_DUE = "step_due", _("Langkah SOP lewat batas waktu")
    ASSIGNED = "assigned", _("Laporan didisposisikan")
    SOP_REVIEW = "sop_review", _("SOP menunggu persetujuan")
