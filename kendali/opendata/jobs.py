"""Background work of the open data app."""

from kendali.lib.worker import job
from kendali.opendata.actions import refresh_all

job("opendata.refresh", every=600)(refresh_all)
