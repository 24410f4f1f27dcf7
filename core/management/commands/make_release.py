from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from core.releases import make_release


class Command(BaseCommand):
    help = (
        "Make the next release of the published record: a numbered, dated copy with its files "
        "(JSON, CSV, SQLite and checksums) and pages that keep showing it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--changelog-en", required=True, help="What changed, in English.")
        parser.add_argument("--changelog-ar", required=True, help="What changed, in Arabic.")

    def handle(self, *args, changelog_en: str, changelog_ar: str, verbosity: int, **options):
        try:
            release = make_release(changelog_en=changelog_en, changelog_ar=changelog_ar)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if verbosity:
            for file in release.files.defer("content"):
                self.stdout.write(f"{file.sha256}  {file.name}")
            self.stdout.write(f"Made {release} of {release.made_on.isoformat()}.")
