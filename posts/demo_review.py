"""Demo content for the review: a post in every state, each brought there through the
workflow, so the queue is not empty and every history has real events and notes.

Idempotent: a demo post is recognised by its officer and caption and left as it is.
Works on its own, and beside the posts that `posts.demo` creates."""

import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from posts import media as media_files
from posts import workflow
from posts.models import ChecklistItem, MediaItem, Post
from posts.models.review import DEFAULT_CHECKLIST

# (officer index, caption, alt text, what the demo does with it)
POSTS = [
    (0, "Fußstreife über den Wochenmarkt – viele nette Gespräche heute! #Streife",
     "Marktstände mit bunten Markisen, im Vordergrund zwei Polizistinnen von hinten.",
     "submitted"),
    (1, "Fahrradcodierung vor der Inspektion: Wir codieren euer Rad kostenlos. #Prävention",
     "Ein Fahrrad auf einem Montageständer, daneben ein Gravurgerät.",
     "submitted"),
    (0, "Neuer Streifenwagen ist da.",
     "Ein Streifenwagen von vorne, das Kennzeichen ist nicht zu sehen.",
     "draft"),
    (1, "Unfallaufnahme auf der B 270, bitte umfahrt die Stelle.",
     "Eine Absperrung mit Warnbake auf einer Landstraße.",
     "changes_requested"),
    (0, "Morgen früh: Sprechstunde am Stiftsplatz. Kommt vorbei! #Bürgernähe",
     "Ein Infostand mit Polizeiflagge auf einem Platz.",
     "approved"),
    (1, "Schichtbeginn in der Altstadt. #Streife",
     "Blick durch die Windschutzscheibe auf eine Altstadtgasse.",
     "published"),
    (0, "Einsatz beim Stadtfest gestern Abend.",
     "Menschenmenge vor einer Bühne bei Nacht.",
     "unpublished"),
    (1, "Blick in die Ermittlungsakte zum Einbruch in der Mühlstraße.",
     "Ein Schreibtisch mit Aktenordnern.",
     "rejected"),
]


def create(command, *, officers, citizens, press):
    for position, text in enumerate(DEFAULT_CHECKLIST):
        ChecklistItem.objects.get_or_create(text=text, defaults={"position": position})
    checklist = ChecklistItem.objects.filter(active=True)
    made = 0
    for number, (index, caption, alt_text, goal) in enumerate(POSTS):
        officer = officers[index % len(officers)]
        # startswith: the press office amends some captions on the way.
        if Post.objects.filter(officer=officer, caption__startswith=caption).exists():
            continue
        post = _post_with_photo(officer, caption, alt_text, seed=number)
        _bring_to(goal, post, officer.user, press, checklist)
        made += 1
    command.stdout.write(f"Review: {made} demo posts in every review state.")


def _bring_to(goal, post, officer_user, press, checklist):
    if goal == "draft":
        return
    workflow.submit(post, officer_user)
    if goal == "submitted":
        return
    if goal == "changes_requested":
        workflow.request_changes(
            post, press,
            "Bitte keine Ortsangabe zur Unfallstelle, solange die Aufnahme läuft, und das "
            "Kennzeichen des Transporters rechts im Bild verpixeln.",
        )
    elif goal == "rejected":
        workflow.reject(
            post, press, "Aus laufenden Ermittlungen zeigen wir nichts, auch keine Akten."
        )
    elif goal == "approved":
        tomorrow = timezone.localtime() + timezone.timedelta(days=1)
        at = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
        workflow.approve(post, press, checklist=checklist, publish_at=at)
    else:  # published, unpublished
        workflow.reviewer_edit(post, press, caption=post.caption + " Gute Fahrt allen!",
                               note="Gruß ergänzt.")
        workflow.approve(post, press, checklist=checklist, note="Schönes Bild, danke!")
        if goal == "unpublished":
            workflow.unpublish(
                post, press, "Im Hintergrund sind Gesichter von Festbesuchern erkennbar."
            )


def _post_with_photo(officer, caption, alt_text, *, seed):
    """A draft with one photo, processed like an upload (private original, renditions)."""
    post = Post.objects.create(officer=officer, author=officer.user, caption=caption)
    item = MediaItem(post=post, kind=MediaItem.Kind.PHOTO, alt_text=alt_text)
    media_files.store_original(item, ContentFile(_picture(seed), name="demo.jpg"))
    item.save()
    media_files.process(item)
    return post


def _picture(seed):
    """A simple landscape-like JPEG, different for every seed."""
    rng = random.Random(seed)  # noqa: S311 (demo pictures, not secrets)
    width, height = 960, 720
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = (rng.randrange(60, 140), rng.randrange(120, 190), 230), (40, 90, 60)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)],
                  fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(6):
        x, y = rng.randrange(0, width - 200), rng.randrange(height // 3, height - 150)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle([x, y, x + rng.randrange(80, 260), y + rng.randrange(60, 180)],
                       fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
