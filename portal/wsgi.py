import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Stored anonymous pages are answered before Django handles the request at all.
from portal.pagecache import StoredPagesApp  # noqa: E402 (needs the settings loaded)

application = StoredPagesApp(application)
