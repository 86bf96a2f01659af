from django.core.management.base import BaseCommand

from federation import retention


class Command(BaseCommand):
    help = "Delete remote accounts nothing refers to any more, and old reviewed reports."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        counts = retention.run(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {counts['actors']} remote account(s) and "
                          f"{counts['reports']} reviewed report(s).")
