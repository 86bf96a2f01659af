"""Redaction on the press office's review page: each photo with its blurred
areas and the suggestions that were dismissed or are still undecided."""

from django import template
from django.urls import reverse

from posts import media, redaction
from posts.models import MediaItem
from posts.models.redaction import found_counts, undecided_problem

register = template.Library()


def _box(region):
    """SVG rect attributes in a 0..100 viewBox, as strings (no localised decimals)."""
    return {
        "x": f"{region.x * 100:.2f}", "y": f"{region.y * 100:.2f}",
        "w": f"{region.w * 100:.2f}", "h": f"{region.h * 100:.2f}",
    }


@register.filter
def confidence(suggestion):
    """The detector's score as a whole percentage ("87 %")."""
    return f"{round(suggestion.score * 100)} %"


@register.simple_tag(takes_context=True)
def redaction_overview(context, post):
    """For each photo or video of the post: what is blurred and what was decided."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_redact = user is not None and redaction.may_redact(user, post)
    items = (
        MediaItem.objects.filter(post=post)
        .select_related("redaction")
        .prefetch_related("suggestions__decided_by")
    )
    entries = []
    for number, item in enumerate(items, start=1):
        suggestions = list(item.suggestions.all())
        entry = {
            "item": item,
            "number": number,
            "regions": [
                {**_box(r), "kind": r.kind} for r in redaction.current_regions(item)
            ],
            "dismissed": [
                {**_box(s.region), "suggestion": s} for s in suggestions
                if s.state == redaction.Decision.DISMISSED
            ],
            "undecided": [
                {**_box(s.region), "suggestion": s} for s in suggestions if s.is_undecided
            ],
            "accepted": [s for s in suggestions if s.state == redaction.Decision.ACCEPTED],
            "suggestions": suggestions,
            "found": found_counts(suggestions),
            "blur_faces": media.blurs_faces(item) if not item.is_photo else False,
            "url": reverse("posts:studio_redact", args=[post.pk, item.pk])
            if may_redact and item.is_ready else "",
        }
        if item.is_photo and item.original:
            entry["preview_url"] = reverse(
                "posts:studio_redact_preview", args=[post.pk, item.pk]
            ) + f"?v={redaction.preview_version(item)}"
        entries.append(entry)
    return {
        "entries": entries,
        "undecided_problem": undecided_problem(post),
    }
