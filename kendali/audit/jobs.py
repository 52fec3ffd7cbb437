"""Background work of the audit app."""

from django.conf import settings

from kendali.audit.checkpoints import write_checkpoint
from kendali.lib.worker import job

job("audit.checkpoint", every=settings.AUDIT_CHECKPOINT_MINUTES * 60)(write_checkpoint)
