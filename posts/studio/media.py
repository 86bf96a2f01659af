"""The door to private media files: a signed link (posts.media_links) is answered only
for the person it was made for, while it is valid, for a file the item still has, and
while that person may still see the post. Everyone and everything else gets the same
404, which says nothing about whether the item or the file exists."""

from django.http import Http404
from django.views.decorators.http import require_GET

from portal.media.serving import file_response
from portal.media.storage import storage_of
from posts import media_links
from posts.models import MediaItem


@require_GET
def signed_file(request, token):
    signed = media_links.unsign(token)
    if signed is None:
        raise Http404
    media_id, name, user_id = signed
    if user_id != request.user.pk:
        raise Http404
    item = MediaItem.objects.select_related("post", "post__officer").filter(pk=media_id).first()
    if item is None or name not in item.file_names() \
            or not media_links.may_see(request.user, item.post):
        raise Http404
    # The files may have moved to the public store since the page was made: served
    # from where they are. Private (and not stored: portal.middleware.PrivatePages).
    return file_response(storage_of(item.files_public), name, request)
