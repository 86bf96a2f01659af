from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from officers.context_processors import NAV_CACHE_KEY, RUNNERS_CACHE_KEY
from officers.follows import forget_followed
from officers.models import Follow, Officer, OfficerLink, Station
from portal import pagecache


@receiver([post_save, post_delete], sender=Officer)
def forget_officer_nav(sender, **kwargs):
    # The lists and the navigation rendered from them (templates/includes/officer_nav.html).
    cache.delete_many([NAV_CACHE_KEY, RUNNERS_CACHE_KEY, *(
        make_template_fragment_key("officer_nav", [code]) for code, _name in settings.LANGUAGES
    )])


# Stored public pages (portal/pagecache.py) -----------------------------------------------

@receiver([post_save, post_delete], sender=Officer)
@receiver([post_save, post_delete], sender=Station)
@receiver([post_save, post_delete], sender=OfficerLink)
def officer_changed(sender, **kwargs):
    # Officers' names, ranks and portraits are on every page (navigation, cards).
    pagecache.site_changed()


@receiver([post_save, post_delete], sender=Follow)
def follow_changed(sender, instance, **kwargs):
    forget_followed(instance.user_id)  # the reader's feed
    # The follower count is shown on the channel page only.
    handle = Officer.objects.filter(pk=instance.officer_id).values_list("handle", flat=True)
    pagecache.channel_changed(handle.first())
