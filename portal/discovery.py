"""Finding a module of the same name in every installed app, the way the admin finds
`admin.py`: each app's `privacy.py` (portal/privacy.py) and `demo.py` (manage.py demo).
The base names no app; the apps offer what they have."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(name):
    """Every installed app's module `name`, in the order of INSTALLED_APPS. An app
    without one is left out; one that fails to import raises (nothing is skipped in
    silence)."""
    modules = []
    for config in apps.get_app_configs():
        path = f"{config.name}.{name}"
        if find_spec(path) is not None:
            modules.append(import_module(path))
    return modules
