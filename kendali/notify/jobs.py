from kendali.lib.worker import job
from kendali.notify.delivery import deliver_due


@job("notify.deliver", every=2)
def deliver() -> dict[str, int]:
    return deliver_due()
