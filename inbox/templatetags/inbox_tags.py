from django import template

from inbox.models import Conversation, PublicQA

register = template.Library()


@register.simple_tag
def public_qas_for(officer, limit=10):
    """Approved public Q&As of a channel, newest first, in one query (for the include
    on the channel page, whose view belongs to the officers app)."""
    return list(PublicQA.objects.for_channel(officer)[:limit])


@register.filter
def hours(delta):
    """A timedelta as hours with one decimal ("5.5 h"), "–" for None."""
    if delta is None:
        return "–"
    return f"{delta.total_seconds() / 3600:.1f} h"


@register.simple_tag
def waiting_count(officer):
    """How many conversations wait for the officer (for the link from the studio)."""
    return Conversation.objects.for_officer(officer).waiting().count()
