"""Demo: one published post corrected in the open by the press office (the alt text of
its first photo, with a public reason), so its page says "korrigiert am …". Only the alt
text: posts.demo recognises its posts by their captions. Idempotent."""

from posts import corrections
from posts.models import Correction, MediaItem, Post


def create(command, *, officers, citizens, press):
    if Correction.objects.exists() or press is None:
        return
    item = (MediaItem.objects.filter(post__in=Post.objects.published(),
                                     kind=MediaItem.Kind.PHOTO)
            .order_by("post__published_at", "position").first())
    if item is None:
        command.stdout.write("demo corrections: no published photo, no correction made")
        return
    corrections.correct(
        item.post, press, alt_texts={item.pk: f"{item.alt_text} Im Hintergrund das Rathaus."},
        reason="Bildbeschreibung ergänzt",
    )
