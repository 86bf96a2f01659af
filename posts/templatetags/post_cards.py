"""The cards of a post list (home, channel, feed) from the cache. A card is the same for
every reader, so signed-in pages (whose whole page cannot be stored) get them without
rendering 24 templates, and without loading the posts' officers and media, each time.
They stay while the site-wide scope of portal/pagecache.py keeps its version (a post,
its media or an officer changed)."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import pagecache
from posts.models import Post

register = template.Library()

EAGER = 4  # the first cards are above the fold on a phone: their images load at once


@register.simple_tag
def post_cards(posts):
    posts = list(posts)
    language = get_language()
    names = {f"card:{post.pk}:{int(i >= EAGER)}:{language}": (post, i >= EAGER)
             for i, post in enumerate(posts)}

    def render(missing):
        # The list may hold posts loaded as keys only (Post.objects.for_cards()).
        full = Post.objects.for_listing().in_bulk([names[name][0].pk for name in missing])
        card = get_template("posts/includes/post_card.html")
        return {name: card.render({"post": full[names[name][0].pk], "lazy": names[name][1]})
                for name in missing}

    found = pagecache.fragments(list(names), ["site"], render)
    return mark_safe("".join(found[name] for name in names))  # noqa: S308 (rendered templates)
