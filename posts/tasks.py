"""Background work of the posts app, run by the task worker (`manage.py db_worker`)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from officers.models import Officer
from portal.emails import queue_email, send_email
from portal.push.kinds import Kind
from portal.push.service import notify
from posts import media, uploads, workflow
from posts.models import Comment, MediaItem, ProblemReport
from posts.models import comments as comment_rules


@task()
def process_media(media_id):
    """Make the public renditions of one uploaded photo or video.

    Claimed with a conditional update first, so that an item enqueued twice (or picked
    up by two workers) is processed once; an item deleted meanwhile is skipped."""
    item = MediaItem.objects.claim(media_id)
    if item is None:
        return "skipped"
    media.suggest_regions(item)  # the detector's suggestions, on a photo's first processing
    result = "ready" if media.process(item) else "failed"
    workflow.submit_waiting(item.post_id)  # "save and submit for review" waited for this
    return result


@task()
def requeue_stuck_media():
    """Uploads still "processing" after MEDIA_STUCK_SECONDS with no processing task
    waiting or running for them (the task was lost, or failed for good after its worker
    died TASK_MAX_ATTEMPTS times) are enqueued again; returns how many. Their claim must
    be stale (an hour) for the new task to take them: a worker may still be at it."""
    stuck = MediaItem.objects.filter(
        status=MediaItem.Status.PROCESSING,
        created_at__lt=timezone.now() - timezone.timedelta(seconds=settings.MEDIA_STUCK_SECONDS),
    ).values_list("pk", flat=True)[:100]
    queued = {
        tuple(args_kwargs["args"][:1])
        for args_kwargs in DBTaskResult.objects.filter(
            task_path="posts.tasks.process_media", status__in=["READY", "RUNNING"],
        ).values_list("args_kwargs", flat=True)
    }
    again = [pk for pk in stuck if (pk,) not in queued]
    for pk in again:
        process_media.enqueue(pk)
    return len(again)


@task()
def remind_of_waiting_comments():
    """Once a day, from COMMENT_REMINDER_HOUR (local time) on: every officer with comments
    to answer gets one e-mail with their number and a link to the studio, never the
    text (it may be read on any phone). Returns how many were sent."""
    now = timezone.localtime()
    if now.hour < settings.COMMENT_REMINDER_HOUR:
        return 0
    today = now.date()
    sent = 0
    officers = Officer.objects.filter(is_active=True, user__is_active=True) \
        .exclude(comments_reminded_on=today).select_related("user")
    for officer in officers:
        waiting = Comment.objects.waiting_count(officer)
        if not waiting:
            continue
        # Claimed with a conditional update, so that two workers never remind twice.
        claimed = Officer.objects.filter(pk=officer.pk).exclude(comments_reminded_on=today) \
            .update(comments_reminded_on=today)
        if claimed:
            queue_email(officer.user.email, "comments_waiting", {
                "count": waiting, "more": waiting >= comment_rules.WAITING_PAGE,
                "url": settings.SITE_URL + reverse("posts:studio_comments"),
            })
            notify(Kind.COMMENTS_WAITING, reverse("posts:studio_comments"), [officer.user_id])
            sent += 1
    return sent


def enqueue_processing(media_ids):
    """Process the items once the transaction that stored them has committed."""
    ids = list(media_ids)
    transaction.on_commit(lambda: [process_media.enqueue(pk) for pk in ids])


@task()
def publish_due_posts():
    """Publishes approved posts whose time has come. Listed in settings.PERIODIC_TASKS;
    safe to run twice at once (each post is claimed by a conditional update)."""
    return workflow.publish_due()


@task()
def expire_due_posts():
    """Unpublishes posts whose end date has come. Listed in settings.PERIODIC_TASKS;
    safe to run twice at once (each post is claimed by a conditional update)."""
    return workflow.expire_due()


@task()
def delete_expired_uploads():
    """Deletes resumable uploads that were abandoned (no piece for
    RESUMABLE_UPLOAD_EXPIRY_HOURS) or finished but never used in a post, with their files."""
    return uploads.delete_expired()


@task()
def send_problem_report_outcome(report_id):
    """Tells the reader who reported a problem (and left an address) what the press office
    did: the outcome and its note, in the language the report was written in. Only the id
    travels through the task queue; address and note are read here, and the report is
    claimed first (outcome_sent_at), so the reader gets one e-mail however often this runs."""
    claimed = ProblemReport.objects.filter(
        pk=report_id, state=ProblemReport.State.RESOLVED, outcome_sent_at__isnull=True,
    ).exclude(email="").update(outcome_sent_at=timezone.now())
    if not claimed:
        return "skipped"
    report = ProblemReport.objects.select_related("post__officer").get(pk=report_id)
    post = report.post
    with translation.override(report.language):
        reason, outcome = str(report.get_reason_display()), str(report.get_outcome_display())
    send_email.call(report.email, "problem_report_resolved", {
        "reason": reason,
        "outcome": outcome,
        "changed": report.outcome == ProblemReport.Outcome.CHANGED,
        "note": report.resolution_note,
        "reported_on": report.created_at.isoformat(),
        "post_url": settings.SITE_URL + post.get_absolute_url(),
        "officer_name": post.officer.display_name,
    }, report.language)
    return "sent"


@task()
def anonymise_problem_reports():
    """Removes the reader's address, text and account link from problem reports resolved
    more than PROBLEM_REPORT_RETENTION_DAYS ago. Listed in settings.PERIODIC_TASKS; one
    conditional update, safe to run twice at once. Returns how many."""
    return ProblemReport.objects.anonymise_resolved()


@task()
def place_misplaced_media():
    """Media files in the wrong store (a move after a transition failed or was cut
    short, a post that went public or off without a transition) are moved where they
    belong; returns how many items. Listed in settings.PERIODIC_TASKS; safe to run twice
    at once (posts.media.place_files)."""
    return media.place_misplaced()
