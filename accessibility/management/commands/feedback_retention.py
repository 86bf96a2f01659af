from django.core.management.base import BaseCommand

from accessibility import retention


class Command(BaseCommand):
    help = "Delete feedback on accessibility answered longer ago than its retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        count = retention.run(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} answered feedback message(s).")
