from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from inbox.models import forget


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_deleted_user(sender, instance, **kwargs):
    """However a user row is deleted (the account page calls forget() itself, the
    admin does not), their questions never outlive it."""
    forget(instance)


# Stored public pages (portal/pagecache.py): approved Q&As are shown on the channel.

from django.db.models.signals import post_delete, post_save  # noqa: E402

from inbox.models import PublicQA  # noqa: E402
from portal import pagecache  # noqa: E402


@receiver([post_save, post_delete], sender=PublicQA)
def public_qa_changed(sender, instance, **kwargs):
    from officers.models import Officer

    handle = Officer.objects.filter(pk=instance.officer_id).values_list("handle", flat=True)
    pagecache.channel_changed(handle.first())
