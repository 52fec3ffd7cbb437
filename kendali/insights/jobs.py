from kendali.insights.rollups import refresh
from kendali.lib.worker import job


@job("insights.rollups", every=60)
def refresh_rollups() -> dict[str, int]:
    return refresh()


@job("insights.monthly", every=3600)
def make_monthly_reports() -> dict[str, int]:
    from kendali.insights.actions import monthly_reports

    return monthly_reports()
