from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "kendali.cities"
    label = "cities"
    verbose_name = _("Kota dan wilayah")

    def ready(self) -> None:
        from kendali.cities import (
            lookup,  # noqa: F401  (connects index invalidation)
            pages,  # noqa: F401  (registers its navigation)
        )
