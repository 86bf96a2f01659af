"""Creates demo content, idempotently, and prints the local logins."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.discovery import app_modules
from portal.models import User
from portal.roles import OFFICERS, PRESS_OFFICE

DEMO_PASSWORD = "revier-demo-2026"  # noqa: S105 (local demo logins, printed on purpose)

# Each app's demo module (found in INSTALLED_APPS order) offers
# create(command, **context), idempotent; what it returns is added to the context of the
# apps after it (officers/demo.py adds the channels).


def ensure_user(email, display_name, *, group=None, staff=False, superuser=False):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": display_name, "is_staff": staff, "is_superuser": superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Create demo officers, stations, users, posts, comments and questions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Run even with DEBUG off (demo logins share one known password).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Demo content has well-known passwords: run it with DEBUG=true only, "
                "or pass --allow-production on a throw-away server."
            )
        Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Revier"})
        isabel = ensure_user("isabel@polizei.example", "Isabel", group=OFFICERS)
        felix = ensure_user("felix@polizei.example", "Felix", group=OFFICERS)
        press = ensure_user(
            "presse@polizei.example", "Pressestelle", group=PRESS_OFFICE, staff=True
        )
        admin = ensure_user("admin@polizei.example", "Admin", staff=True, superuser=True)
        citizens = [
            ensure_user("anna@example.org", "Anna"),
            ensure_user("bernd@example.org", "Bernd K."),
            ensure_user("carla@example.org", "carla_kl"),
        ]
        context = {"officer_users": [isabel, felix], "citizens": citizens, "press": press}
        for module in app_modules("demo"):
            context.update(module.create(self, **context) or {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content is ready. Local logins (password for all: {DEMO_PASSWORD}):"
            )
        )
        for user, role in [
            (isabel, "officer"),
            (felix, "officer"),
            (press, "press office"),
            (admin, "superuser"),
            *[(c, "citizen") for c in citizens],
        ]:
            self.stdout.write(f"  {user.email:<28} {role}")
