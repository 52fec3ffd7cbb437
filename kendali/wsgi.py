"""WSGI entry point, for tools that need one; Kendali is served over ASGI (`kendali serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kendali.settings")
application = get_wsgi_application()
