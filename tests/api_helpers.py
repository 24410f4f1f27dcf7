"""Shared by the API tests: a curator with a token, and paths under /api/v2/."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api(path: str) -> str:
    return f"/api/v2/{path.lstrip('/')}"


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def curator(django_user_model):
    """A client authenticated by token as a user holding the record's add/change/delete rights."""
    user = django_user_model.objects.create_user("curator", password="pw")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["treaties", "reactions"])
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reader(django_user_model):
    """A client authenticated by token as a user without any rights on the record."""
    user = django_user_model.objects.create_user("reader", password="pw")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client
