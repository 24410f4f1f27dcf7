import pytest
from django.core.management import call_command

from tests.admin_helpers import roles  # noqa: F401 - shared fixture
from tests.api_helpers import anonymous, curator, reader  # noqa: F401 - shared fixtures


@pytest.fixture
def record(db):
    """The real sourced record from fixtures/, loaded as `make run` loads it."""
    call_command("load_initial_data", verbosity=0)
