"""The posts app's demo content (manage.py demo): posts with photos and a clip, a post in
every review state, and citizens' follows, likes and comments."""

from posts.demo import comments, posts, review


def create(command, *, officers, citizens, press, **context):
    posts.create_posts(command, officers)
    review.create(command, officers=officers, citizens=citizens, press=press)
    comments.create(command, officers=officers, citizens=citizens, press=press)
