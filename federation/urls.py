from django.urls import path

from federation.views import discovery, inbox, objects

app_name = "federation"

urlpatterns = [
    path(".well-known/webfinger", discovery.webfinger_view, name="webfinger"),
    path(".well-known/host-meta", discovery.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", discovery.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.1", discovery.nodeinfo, name="nodeinfo"),
    path("federation/inbox", inbox.inbox, name="shared_inbox"),
    path("federation/<str:handle>/inbox", inbox.inbox, name="inbox"),
    path("federation/<str:handle>/outbox", objects.outbox, name="outbox"),
    path("federation/<str:handle>/followers", objects.followers, name="followers"),
    path("federation/comments/<int:comment_id>", objects.answer, name="comment"),
    path("federation/approvals/<int:comment_id>", objects.approval, name="approval"),
]
