"""Stored pages (portal.pagecache) that show Leichte Sprache or sign language follow
every change the press office makes in the admin; a video's files are deleted with it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accessibility.models import EasyLanguagePage, SignLanguageVideo
from portal import pagecache
from portal.media.storage import delete_after_commit


@receiver([post_save, post_delete], sender=EasyLanguagePage)
@receiver([post_save, post_delete], sender=SignLanguageVideo)
def accessibility_pages_changed(sender, **kwargs):
    pagecache.bump("accessibility")


@receiver(post_delete, sender=SignLanguageVideo)
def delete_video_files(sender, instance, **kwargs):
    delete_after_commit(public=instance.public_names(),
                        private=[instance.original.name] if instance.original else [])
