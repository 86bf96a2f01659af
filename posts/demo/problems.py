"""Demo: one open problem report in the press office's queue: a reader says they are the
recognisable person on a photo of a published post. Idempotent."""

from posts.models import MediaItem, Post, ProblemReport


def create(command, *, officers, citizens, press):
    if ProblemReport.objects.exists():
        return
    photo = (MediaItem.objects.filter(post__in=Post.objects.published(),
                                      kind=MediaItem.Kind.PHOTO)
             .order_by("-post__published_at", "position").first())
    if photo is None:
        command.stdout.write("demo problem reports: no published photo, no report made")
        return
    ProblemReport.objects.create(
        post=photo.post, media=photo, reason=ProblemReport.Reason.RECOGNISABLE, that_is_me=True,
        text="Ich bin die Person links im Bild und möchte nicht erkennbar im Internet stehen.",
        email="leserin@example.org",
    )
