from kendali.lib.worker import job
from kendali.sops.monitor import tick


@job("sops.tick", every=15)
def sops_tick() -> dict[str, int]:
    return tick()
