"""Creates demo content, idempotently, and prints the local logins."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from officers.models import Officer, Station
from portal.models import OFFICERS, PRESS_OFFICE, User

DEMO_PASSWORD = "revier-demo-2026"  # noqa: S105 (local demo logins, printed on purpose)

# Each app's demo module offers create(command, officers=, citizens=, press=), idempotent.
DEMO_MODULES = ["posts.demo"]  # channels with photo and video posts; first, others build on them
DEMO_MODULES.append("portal.metrics.demo")  # pilot figures: ten weeks of history
DEMO_MODULES.append("inbox.demo")  # questions in every state, canned replies, duty hours
DEMO_MODULES.append("posts.demo_review")  # a post in every review state; after posts.demo
DEMO_MODULES.append("posts.demo_engagement")  # follows, likes, comments; after posts.demo


def ensure_user(email, display_name, *, group=None, staff=False, superuser=False):
    from allauth.account.models import EmailAddress

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
        pi1, _ = Station.objects.get_or_create(
            name="Polizeiinspektion 1 Kaiserslautern",
            defaults={"address": "Altstadt, 67657 Kaiserslautern", "district": "Altstadt"},
        )
        pi2, _ = Station.objects.get_or_create(
            name="Polizeiinspektion 2 Kaiserslautern",
            defaults={"address": "Logenstraße 5, 67655 Kaiserslautern", "district": "Innenstadt"},
        )
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
        officers = [
            Officer.objects.update_or_create(
                handle="isabel_polizeikl",
                defaults={
                    "user": isabel,
                    "display_name": "Isabel",
                    "rank": "Polizeikommissarin",
                    "station": pi2,
                    "bio": "26, Polizeikommissarin in der Polizeiinspektion 2 (Logenstraße). "
                    "Ich zeige euch meinen Streifenalltag und beantworte eure Fragen.",
                },
            )[0],
            Officer.objects.update_or_create(
                handle="felix_polizeikl",
                defaults={
                    "user": felix,
                    "display_name": "Felix",
                    "rank": "Polizeikommissar",
                    "station": pi1,
                    "bio": "24, Polizeikommissar in der Polizeiinspektion 1 (Altstadt). "
                    "Dienst für und mit dem Bürger – jetzt auch digital.",
                },
            )[0],
        ]
        for path in DEMO_MODULES:
            import_module(path).create(self, officers=officers, citizens=citizens, press=press)

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
