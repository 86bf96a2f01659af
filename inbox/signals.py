from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from inbox import privacy
from inbox.models import PublicQA
from officers.models import Officer
from portal import pagecache


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_deleted_user(sender, instance, **kwargs):
    """However a user row is deleted (the account settings and the admin go through
    portal.privacy.delete_account, a shell may not), their questions never outlive it."""
    privacy.forget(instance)


# Stored public pages (portal/pagecache.py): approved Q&As are shown on the channel.


@receiver([post_save, post_delete], sender=PublicQA)
def public_qa_changed(sender, instance, **kwargs):
    handle = Officer.objects.filter(pk=instance.officer_id).values_list("handle", flat=True)
    pagecache.channel_changed(handle.first())
