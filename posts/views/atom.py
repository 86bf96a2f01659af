"""Atom feeds of all officers and of one channel.

Links are absolute from settings.SITE_URL (not the Sites framework's domain), so that
they match the addresses of the pages. Each entry carries its photos and video as
enclosures and shows the first picture in its summary."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _

from officers.models import Officer
from posts.models import Post
from posts.templatetags.posts_tags import absolute


class LatestPostsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Revier: latest posts")
    subtitle = _("Police officers show their daily work.")

    def link(self):
        return absolute(reverse("home"))

    def feed_url(self):
        return absolute(reverse("posts:atom"))

    def items(self):
        return Post.objects.published().for_listing()[: settings.PAGE_SIZE]

    def item_title(self, item):
        if item.caption:
            return f"{item.officer.display_name}: {truncatechars(item.caption, 80)}"
        return item.officer.display_name

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_description(self, item):
        return render_to_string("posts/feed_entry.html", {"post": item})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.officer.display_name

    def item_author_link(self, item):
        return absolute(item.officer.get_absolute_url())

    def item_enclosures(self, item):
        enclosures = []
        for media in item.media.all():
            if media.is_offline:
                continue
            if media.is_photo and media.large:
                large = media.large
                enclosures.append(Enclosure(absolute(large["url"]), str(large.get("bytes", 0)),
                                            "image/jpeg"))
            elif media.video_url:
                enclosures.append(Enclosure(absolute(media.video_url),
                                            str(media.video_bytes or 0), "video/mp4"))
        return enclosures


class ChannelFeed(LatestPostsFeed):
    def get_object(self, request, handle):
        return get_object_or_404(Officer.objects.active(), handle=handle)

    def title(self, obj):
        return f"{obj.display_name} (@{obj.handle})"

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute(reverse("posts:channel_atom", args=[obj.handle]))

    def subtitle(self, obj):
        return obj.bio

    def items(self, obj):
        return Post.objects.for_channel(obj).for_listing()[: settings.PAGE_SIZE]
