"""The portal's own account pages, next to allauth's under /accounts/."""

from django.urls import path

from portal import accounts

urlpatterns = [
    path("profile/", accounts.profile, name="account_settings"),
    path("profile/export/", accounts.export, name="account_export"),
    path("profile/delete/", accounts.delete, name="account_delete"),
    path("emails/replies-off/<str:token>/", accounts.reply_emails_off, name="reply_emails_off"),
]
