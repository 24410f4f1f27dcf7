"""Shared by the curation tests: the roles, and a client signed in to the admin with one."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def roles(db):
    call_command("sync_roles", verbosity=0)


def staff_client(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client, user


def form_data(response) -> dict:
    """The POST body of an admin form page as the browser would send it unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms += list(formset.forms)
        data.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
    for form in forms:
        for field in form:
            value = field.value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = str(value)
    if "change_reason" in forms[0].fields:
        # A published record's edit needs its reason; tests of other rules give this one.
        data.setdefault("change_reason", "A test edit")
    return data


def edit_in_admin(client, record, changes: dict, reason: str | None):
    """Save `record`'s admin form with `changes`, giving `reason` as the change's reason."""
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    data = form_data(client.get(url)) | changes
    data["change_reason"] = reason or ""
    return client.post(url, data)
