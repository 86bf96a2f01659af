from django.urls import path

from portal.push import views

urlpatterns = [
    path("push/subscribe/", views.subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.unsubscribe, name="push_unsubscribe"),
    path("push/choices/", views.choices, name="push_choices"),
    path("push/devices/<uuid:public_id>/remove/", views.remove_device, name="push_remove_device"),
]
