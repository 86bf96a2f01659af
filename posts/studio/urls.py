from django.urls import path

from posts.studio import comments, corrections, media, redaction, review, uploads
from posts.studio import posts as studio

urlpatterns = [
    path("", studio.index, name="studio"),
    path("new/", studio.new_post, name="studio_new"),
    path("share/", studio.share, name="studio_share"),
    path("posts/<int:post_id>/edit/", studio.edit_post, name="studio_edit"),
    path("posts/<int:post_id>/delete/", studio.delete_post, name="studio_delete"),
    # The review: the officer submits a draft or withdraws a submission.
    path("posts/<int:post_id>/submit/", review.submit, name="studio_submit"),
    path("posts/<int:post_id>/withdraw/", review.withdraw, name="studio_withdraw"),
    # Correcting a published post in the open (through the press office unless the
    # channel publishes without review).
    path("posts/<int:post_id>/correct/", corrections.correct, name="studio_correct"),
    # Redaction: blur areas of a photo (or faces in a video); private preview.
    path("posts/<int:post_id>/media/<int:media_id>/blur/", redaction.redact,
         name="studio_redact"),
    path("posts/<int:post_id>/media/<int:media_id>/preview.jpg", redaction.preview,
         name="studio_redact_preview"),
    # Unpublished media for the owner officer and the press office (posts.media_links).
    path("media/<str:token>", media.signed_file, name="studio_media"),
    # Comments waiting for the officer's reply.
    path("comments/", comments.waiting, name="studio_comments"),
    path("comments/<int:comment_id>/set-aside/", comments.set_aside,
         name="studio_comment_set_aside"),
    # Resumable uploads (tus 1.0) for the post form.
    path("uploads/", uploads.create, name="studio_uploads"),
    path("uploads/<uuid:upload_id>", uploads.piece, name="studio_upload"),
]
