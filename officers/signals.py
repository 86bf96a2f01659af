from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from officers.context_processors import NAV_CACHE_KEY
from officers.models import Officer


@receiver([post_save, post_delete], sender=Officer)
def forget_officer_nav(sender, **kwargs):
    cache.delete(NAV_CACHE_KEY)
