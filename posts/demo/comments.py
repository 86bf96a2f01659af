"""Demo: citizens follow, like and comment; an officer replies; one comment is held for
personal data, one is reported; a few blocked words. Runs after posts.demo (it needs
published posts) and is idempotent."""

from officers.follows import follow
from posts.models import BlockedWord, Comment, CommentReport, Like, Post

BLOCKED_WORDS = ["idiot*", "vollpfosten", "arschloch"]


def create(command, *, officers, citizens, press):
    for word in BLOCKED_WORDS:
        BlockedWord.objects.get_or_create(word=word)
    isabel, felix = officers[0], officers[1]
    anna, bernd, carla = citizens[0], citizens[1], citizens[2]
    for citizen, officer in [(anna, isabel), (anna, felix), (bernd, isabel), (carla, felix)]:
        follow(citizen, officer)

    latest = {
        officer.pk: list(Post.objects.for_channel(officer).order_by("-published_at")[:3])
        for officer in officers
    }
    for officer_posts in latest.values():
        for i, post in enumerate(officer_posts):
            for citizen in citizens[: 3 - i]:
                Like.add(citizen, post)

    if Comment.objects.filter(author__in=citizens).exists():
        return
    first = (latest[isabel.pk] or latest[felix.pk] or [None])[0]
    if first is None:
        command.stdout.write("demo comments: no published posts, no comments made")
        return
    question = Comment.write(
        post=first, author=anna,
        body="Wie lange dauert eigentlich die Ausbildung bei der Polizei?",
    )
    Comment.write(
        post=first, author=first.officer.user, parent=question,
        body="Das Studium für den gehobenen Dienst dauert in Rheinland-Pfalz drei Jahre. "
             "Schau gern beim Karrieretag vorbei!",
    )
    Comment.write(post=first, author=carla, body="Danke für euren Einsatz am Wochenende!")
    # Held for review: it names a licence plate.
    Comment.write(
        post=first, author=bernd,
        body="Der Wagen KL-AB 123 parkt jeden Morgen auf dem Gehweg, kümmert euch mal!",
    )
    # Reported by two citizens: waits in the moderation queue (hidden at the third).
    rude = Comment.write(
        post=first, author=carla,
        body="Eure Kontrollen nerven nur, macht lieber was Sinnvolles.",
    )
    rude.report(anna, CommentReport.Reason.INSULT)
    rude.report(bernd, CommentReport.Reason.OTHER, "Unfreundlich")
