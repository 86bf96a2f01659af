from django.urls import path

from inbox.studio import views as studio

app_name = "inbox_studio"

urlpatterns = [
    path("", studio.inbox, name="inbox"),
    path("<uuid:public_id>/", studio.conversation, name="conversation"),
    path("<uuid:public_id>/refer/", studio.refer, name="refer"),
    path("<uuid:public_id>/close/", studio.close, name="close"),
    path("<uuid:public_id>/propose/", studio.propose, name="propose"),
]
