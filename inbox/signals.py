from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from inbox.models import forget


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_deleted_user(sender, instance, **kwargs):
    """However a user row is deleted (the account page calls forget() itself, the
    admin does not), their questions never outlive it."""
    forget(instance)
