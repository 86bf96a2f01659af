"""List filters shared by the admin's queues."""

from django.contrib import admin


class DefaultLookupFilter(admin.SimpleListFilter):
    """A list filter that applies the lookup `default` while the query string names none,
    so a queue opens on what waits. It offers no "All" link of Django's own: a filter
    that can show everything lists an "all" lookup itself."""

    default = None

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }
