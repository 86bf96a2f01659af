"""The posts app's demo content (manage.py demo): posts with photos and a clip, a post in
every review state, citizens' follows, likes and comments, an open problem report and a
post corrected in the open."""

from posts.demo import comments, corrections, posts, problems, review


def create(command, *, officers, citizens, press, **context):
    posts.create_posts(command, officers)
    review.create(command, officers=officers, citizens=citizens, press=press)
    comments.create(command, officers=officers, citizens=citizens, press=press)
    problems.create(command, officers=officers, citizens=citizens, press=press)
    corrections.create(command, officers=officers, citizens=citizens, press=press)
