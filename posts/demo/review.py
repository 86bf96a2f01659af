"""Demo content for the review: a post in every state, each brought there through the
workflow, so the queue is not empty and every history has real events and notes.

Idempotent: a demo post is recognised by its officer and caption and left as it is.
Runs after `posts.demo` (whose published posts it leaves alone) and draws its pictures
with that module's scenes."""

import random

from django.utils import timezone

from officers.demo import photo_file
from posts import media as media_files
from posts import workflow
from posts.demo import posts as posts_demo
from posts.models import ChecklistItem, MediaItem, Post
from posts.models.review import DEFAULT_CHECKLIST
from posts.redaction import accept_all_suggestions
from posts.tasks import process_media

# (officer index, caption, alt text, what the demo does with it, scene of posts.demo)
POSTS = [
    (0, "Fußstreife über den Wochenmarkt – viele nette Gespräche heute! #Streife",
     "Zwei Polizistinnen auf Fußstreife vor bunten Altstadthäusern.",
     "submitted", "street_scene"),
    (1, "Fahrradcodierung vor der Inspektion: Wir codieren euer Rad kostenlos. #Prävention",
     "Ein Tisch mit dem Schild Fahrradcodierung, davor drei Fahrräder und eine Polizistin.",
     "submitted", "bike_scene"),
    (0, "Neuer Streifenwagen ist da.",
     "Ein Streifenwagen vor dem Gebäude der Polizeiinspektion.",
     "draft", "station_scene"),
    (1, "Unfallaufnahme auf der B 270, bitte umfahrt die Stelle.",
     "Ein Streifenwagen am Straßenrand, davor Leitkegel.",
     "changes_requested", "traffic_scene"),
    (0, "Morgen früh: Infostand am Stiftsplatz. Kommt vorbei! #Bürgernähe",
     "Ein weißes Zelt mit bunten Luftballons, davor viele Besucherinnen und Besucher.",
     "approved", "open_day_scene"),
    (1, "Schichtbeginn in der Altstadt. #Streife",
     "Zwei Polizisten auf Fußstreife vor den Häusern der Altstadt.",
     "published", "street_scene"),
    (0, "Einsatz beim Stadtfest gestern Abend.",
     "Ein Festzelt mit Luftballons und vielen Menschen davor.",
     "unpublished", "open_day_scene"),
    (1, "Blick in die Ermittlungsakte zum Einbruch in der Mühlstraße.",
     "Das Gebäude der Polizeiinspektion mit blauem Polizei-Schild.",
     "rejected", "station_scene"),
]


def create(command, *, officers, citizens, press):
    for position, text in enumerate(DEFAULT_CHECKLIST):
        ChecklistItem.objects.get_or_create(text=text, defaults={"position": position})
    checklist = ChecklistItem.objects.filter(active=True)
    made = 0
    rng = random.Random("review")  # noqa: S311 (pictures, not secrets)
    for index, caption, alt_text, goal, scene in POSTS:
        officer = officers[index % len(officers)]
        # startswith: the press office amends some captions on the way.
        if Post.objects.filter(officer=officer, caption__startswith=caption).exists():
            continue
        post = _post_with_photo(officer, caption, alt_text, getattr(posts_demo, scene)(rng))
        _bring_to(goal, post, officer.user, press, checklist)
        made += 1
    command.stdout.write(f"review: {made} posts created (one in every review state)")


def _bring_to(goal, post, officer_user, press, checklist):
    if goal == "draft":
        return
    # Redaction: the officer accepts what the detector suggests before submitting.
    accept_all_suggestions(post, officer_user, process_now=True)
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


def _post_with_photo(officer, caption, alt_text, picture):
    """A draft with one photo, processed like an upload (private original, renditions)."""
    post = Post.objects.create(officer=officer, author=officer.user, caption=caption)
    item = MediaItem(post=post, kind=MediaItem.Kind.PHOTO, alt_text=alt_text)
    media_files.store_original(item, photo_file(picture))
    item.save()
    process_media.call(item.pk)  # the real task, run here instead of by the worker
    return post
