from kendali.insights.rollups import refresh
from kendali.lib.worker import job


@job("insights.rollups", every=60)
def refresh_rollups() -> dict[str, int]:
    return refresh()
