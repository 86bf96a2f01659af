"""List filters shared by the admin's queues."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

WAITING = "waiting"


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


class ReviewQueueFilter(DefaultLookupFilter):
    """A review queue by state: "Waiting for review" (the default), one lookup per state,
    and "All". Subclasses name their `states` (a TextChoices) and say what waits."""

    default = WAITING
    states = None

    def lookups(self, request, model_admin):
        return [(WAITING, _("Waiting for review")), *self.state_lookups(), ("all", _("All"))]

    def state_lookups(self):
        return self.states.choices

    def waiting(self, queryset):
        raise NotImplementedError

    def queryset(self, request, queryset):
        value = self.value()
        if value == WAITING:
            return self.waiting(queryset)
        if value in self.states.values:
            return queryset.filter(state=value)
        return queryset
