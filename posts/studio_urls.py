from django.urls import path

from posts import studio

urlpatterns = [
    path("", studio.index, name="studio"),
    path("new/", studio.new_post, name="studio_new"),
    path("posts/<int:post_id>/edit/", studio.edit_post, name="studio_edit"),
    path("posts/<int:post_id>/delete/", studio.delete_post, name="studio_delete"),
]

# The review (issue 4): the officer submits a draft or withdraws a submission.
from posts import studio_review  # noqa: E402

urlpatterns += [
    path("posts/<int:post_id>/submit/", studio_review.submit, name="studio_submit"),
    path("posts/<int:post_id>/withdraw/", studio_review.withdraw, name="studio_withdraw"),
]

# Redaction (issue 8): blur areas of a photo (or faces in a video); private preview.
from posts import studio_redaction  # noqa: E402

urlpatterns += [
    path("posts/<int:post_id>/media/<int:media_id>/blur/", studio_redaction.redact,
         name="studio_redact"),
    path("posts/<int:post_id>/media/<int:media_id>/preview.jpg", studio_redaction.preview,
         name="studio_redact_preview"),
]

# Comments waiting for the officer's reply.
from posts import studio_comments  # noqa: E402

urlpatterns += [
    path("comments/", studio_comments.waiting, name="studio_comments"),
    path("comments/<int:comment_id>/set-aside/", studio_comments.set_aside,
         name="studio_comment_set_aside"),
]
