"""Tasks run by the real workers of the fault tests."""

import tempfile
import time

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def tick():
    return "tick"


@task(takes_context=True)
def slow_on_first_attempt(context, seconds):
    """Writes a temporary file, waits `seconds` on the first attempt, then reads the
    database (which may have gone away meanwhile); returns the attempt that finished."""
    if context.attempt == 1:
        with tempfile.NamedTemporaryFile(prefix="partial-", delete=False) as partial:
            partial.write(b"half a video")
        time.sleep(seconds)
    get_user_model().objects.count()
    return context.attempt
