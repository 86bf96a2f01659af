from django.core.management.base import BaseCommand

from inbox import retention


class Command(BaseCommand):
    help = "Close idle answered conversations and anonymise those closed past retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count what would be closed and anonymised.")

    def handle(self, *args, dry_run=False, **options):
        counts = retention.run(dry_run=dry_run)
        verb = "Would close" if dry_run else "Closed"
        self.stdout.write(
            f"{verb} {counts['closed']} idle conversation(s); "
            f"{'would anonymise' if dry_run else 'anonymised'} {counts['anonymised']}."
        )
