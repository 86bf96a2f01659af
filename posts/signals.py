"""Which stored public pages a change of a post, its media, comments or likes makes
stale (see portal/pagecache.py), and where a post's media files belong after a change
(posts.media.place_files: public only while the post is). Writes that use a queryset
update() send no signal and call portal.pagecache themselves (Comment._change_state, the
admin's close/open comments); the transitions made so send `transitioned`."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from officers.models import Officer
from portal import pagecache
from portal.models import User
from portal.signals import task_put_back
from posts import media
from posts.models import Comment, Like, MediaItem, Post, PostEvent
from posts.workflow import transitioned


@receiver([post_save, post_delete], sender=Post)
def post_changed(sender, instance, **kwargs):
    # Lists (home, channels, feeds) show every post: the site-wide scope.
    pagecache.post_and_lists_changed(instance.pk)


@receiver(post_save, sender=Post)
def post_saved(sender, instance, raw=False, **kwargs):
    # Published, withdrawn, rejected...: its files move once that is committed.
    if not raw:
        media.place_after_commit(instance.pk)


@receiver(transitioned)
def post_transitioned(sender, post, event, **kwargs):
    # Also the transitions made with update() (scheduled, expired) and media taken
    # offline or put back.
    media.place_after_commit(post.pk)


@receiver(post_save, sender=Officer)
def channel_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A channel closed with its posts archived (or opened again): their files move."""
    if created or raw or update_fields is not None and not {
            "is_active", "posts_public_when_inactive"} & set(update_fields):
        return
    posts = list(Post.objects.filter(officer=instance, state=Post.State.PUBLISHED)
                 .values_list("pk", flat=True))
    for pk in posts:
        media.place_after_commit(pk)


@receiver(post_save, sender=PostEvent)
def post_state_changed(sender, instance, **kwargs):
    # Every state change is recorded, also those made with update() (scheduled posts).
    pagecache.post_and_lists_changed(instance.post_id)


@receiver([post_save, post_delete], sender=MediaItem)
def media_changed(sender, instance, **kwargs):
    pagecache.post_and_lists_changed(instance.post_id)


@receiver([post_save, post_delete], sender=Comment)
def comment_changed(sender, instance, **kwargs):
    pagecache.comments_changed(instance.post_id)


@receiver([post_save, post_delete], sender=Like)
def like_changed(sender, instance, **kwargs):
    # Shown at once on the post page (like_count); lists show no counts.
    pagecache.post_changed(instance.post_id)


@receiver(pre_save, sender=User)
def commenter_renamed(sender, instance, raw=False, update_fields=None, **kwargs):
    # Comment lists show their authors' names: a new one shows at once.
    if raw or instance.pk is None:
        return
    if update_fields is not None and "display_name" not in update_fields:
        return  # e.g. last_login at every sign-in
    before = User.objects.filter(pk=instance.pk).values_list("display_name", flat=True).first()
    if before is None or before == instance.display_name:
        return
    commented = Comment.objects.filter(author=instance).values_list("post_id", flat=True)
    for post_id in commented.order_by().distinct():
        pagecache.comments_changed(post_id)


@receiver(task_put_back)
def release_media_claim(sender, task_path, args, kwargs, **extra):
    """The processing of an item whose worker was lost runs again: the claim that attempt
    left would make the new one skip the item (posts.tasks.process_media)."""
    if task_path == "posts.tasks.process_media" and args:
        MediaItem.objects.filter(pk=args[0], status=MediaItem.Status.PROCESSING) \
            .update(claimed_at=None)
