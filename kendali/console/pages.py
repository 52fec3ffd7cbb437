"""The console shell's own navigation items, after every app's."""

from django.utils.translation import gettext_lazy as _

from kendali.lib import nav


def is_django_staff(user: object) -> bool:
    return bool(getattr(user, "is_staff", False))


nav.register(nav.NavItem("admin", _("Admin"), "admin:index", 900, "console", is_django_staff))
nav.register(nav.NavItem("portal", _("Situs publik"), "portal:home", 910, "console"))
nav.register(
    nav.NavItem("security", _("Keamanan akun"), "console:security", 920, "console", nav.signed_in)
)
