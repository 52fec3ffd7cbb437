"""Background work of the warnings app."""

from kendali.lib.worker import job
from kendali.warnings.actions import expire_warnings

job("warnings.expire", every=60)(expire_warnings)
