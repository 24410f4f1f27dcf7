"""Shared by the curation tests: the roles, and a client signed in to the admin with one."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.fixture
def roles(db):
    call_command("sync_roles", verbosity=0)


def staff_client(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client, user
