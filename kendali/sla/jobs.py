from kendali.lib.worker import job
from kendali.sla.monitor import tick


@job("sla.tick", every=15)
def sla_tick() -> dict[str, int]:
    return tick()
