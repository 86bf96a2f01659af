from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from officers.models import Officer
from posts.models import Post


class LatestPostsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Revier: latest posts")
    link = "/"
    subtitle = _("Police officers show their daily work.")

    def items(self):
        return Post.objects.published().for_listing()[: settings.PAGE_SIZE]

    def item_title(self, item):
        return f"{item.officer.display_name}: {item.caption[:80]}"

    def item_description(self, item):
        return item.caption

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.officer.display_name


class ChannelFeed(LatestPostsFeed):
    def get_object(self, request, handle):
        return get_object_or_404(Officer.objects.active(), handle=handle)

    def title(self, obj):
        return f"{obj.display_name} (@{obj.handle})"

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return obj.bio

    def items(self, obj):
        return Post.objects.for_channel(obj).for_listing()[: settings.PAGE_SIZE]
