"""A client generated from the OpenAPI schema by openapi-python-client reads every record of every
endpoint, through its typed models: what the schema promises, a generated client can parse."""

import datetime
import importlib
import subprocess
import sys

import pytest
import yaml
from django.core.management import call_command

from core.releases import make_release
from tests.core.test_api_schema import BIN

PACKAGE = "moscow_pyongyang_treaties_api_client"


@pytest.fixture
def generated_client(tmp_path, live_server, transactional_db, record):
    """The client generated from the current schema, pointed at the live server, with a
    release of the record to read."""
    make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--api-version", "v2", "--file", str(schema))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatting of the generated code
    subprocess.run(
        [BIN / "openapi-python-client", "generate", f"--path={schema}",
         f"--output-path={tmp_path / 'client'}", f"--config={config}"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    sys.path.insert(0, str(tmp_path / "client"))
    try:
        package = importlib.import_module(PACKAGE)
        yield package.Client(base_url=live_server.url, raise_on_unexpected_status=True), schema
    finally:
        sys.path.remove(str(tmp_path / "client"))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


def read_operations(schema) -> dict[str, object]:
    """The generated client's modules of the schema's reads (GET), by operation id
    (v2_treaties_list, compare...). Writes are left alone: this generator's write functions,
    for a body in several media types, do not import (its issue, not the schema's)."""
    paths = yaml.safe_load(schema.read_text())["paths"]
    reads = [operation["get"]["operationId"] for operation in paths.values() if "get" in operation]
    return {name: importlib.import_module(f"{PACKAGE}.api.v2.{name}") for name in reads}


def every_page(operation, client) -> list:
    results, page = [], 1
    while True:
        answer = operation.sync(client=client, page=page, page_size=100)
        results += answer.results
        if not answer.next_:
            return results
        page += 1


def test_the_generated_client_reads_every_endpoint(generated_client):
    client, schema = generated_client
    ops = read_operations(schema)
    called = set()
    for name in [name for name in ops if name.endswith("_list") and "changes" not in name]:
        resource = name.removesuffix("_list")
        records = every_page(ops[name], client)
        assert records, name
        called.add(name)
        lookup = "number" if resource.endswith("releases") else "slug"
        for record in records:
            one = ops[f"{resource}_retrieve"].sync(getattr(record, lookup), client=client)
            assert getattr(one, lookup) == getattr(record, lookup)
            if f"{resource}_changes_list" in ops:
                assert isinstance(
                    ops[f"{resource}_changes_list"].sync(record.slug, client=client), list
                )
        called |= {f"{resource}_retrieve", f"{resource}_changes_list"} & set(ops)

    treaty = ops["v2_treaties_retrieve"].sync("russia-dprk-2024", client=client)
    assert treaty.short_title.en == "2024 Comprehensive Strategic Partnership Treaty"
    comparison = ops["compare"].sync(client=client)
    assert comparison.rows[0].cells[0].obligation.label.ar
    wording = ops["compare_wording"].sync(
        client=client, topic="mutual-defence", old="ussr-dprk-1961", new="russia-dprk-2024"
    )
    assert wording.shared_percent is not None
    answer = ops["in_force"].sync(client=client, date=datetime.date(1999, 6, 1))
    assert answer.gap
    assert answer.ended_before.slug == "ussr-dprk-1961"
    called |= {"compare", "compare_wording", "in_force"}
    assert called == set(ops)  # every read the schema describes
