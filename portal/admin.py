"""The portal app's admin. Each concern registers its ModelAdmins in its own module;
they are imported here so that admin.autodiscover() finds them."""

from portal.metrics import admin as metrics_admin  # noqa: F401  (Pilot figures)
