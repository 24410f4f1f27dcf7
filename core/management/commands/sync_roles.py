from django.core.management import BaseCommand

from core.services import roles_sync


class Command(BaseCommand):
    help = 'Create or update the "curator" and "editor" groups (idempotent).'

    def handle(self, *args, verbosity: int, **options):
        for name, count in roles_sync().items():
            if verbosity:
                self.stdout.write(f"{name}: {count} permissions")
