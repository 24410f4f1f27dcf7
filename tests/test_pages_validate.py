"""Every main page, in both languages, is valid HTML by the Nu HTML Checker (vnu-jar from the npm
registry, pinned in package-lock.json, run with Debian's Java): one run checks them all."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.releases import make_release

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

PAGES = [
    "/{lang}/",
    "/{lang}/treaties/russia-dprk-2024/",
    "/{lang}/treaties/ussr-dprk-1961/text/?language=en&beside=zh",
    "/{lang}/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
    "/{lang}/compare/",
    "/{lang}/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024&topics=nope",
    "/{lang}/compare/wording/?topic=mutual-defence&old=ussr-dprk-1961&new=russia-dprk-2024",
    "/{lang}/timeline/",
    "/{lang}/methodology/",
    "/{lang}/reactions/",
    "/{lang}/reactions/?stance=critical",
    "/{lang}/reactions/blinken-cho-call/",
    "/{lang}/search/?q=treaty",
    "/{lang}/search/?q=zzzzqqq",
    "/{lang}/in-force/?date=1999-06-01",
    "/{lang}/in-force/?date=2010-01-01",
    "/{lang}/topics/",
    "/{lang}/topics/mutual-defence/",
    "/{lang}/parties/",
    "/{lang}/parties/russia/",
    "/{lang}/sources/",
    "/{lang}/about/",
    "/{lang}/data/",
    "/releases/1/{lang}/treaties/russia-dprk-2024/",
    "/releases/1/{lang}/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024",
]


def checker_messages(files: list[Path]) -> list[dict]:
    """The checker's errors for `files`, each with the file it is in."""
    assert VNU_JAR.is_file(), "vnu-jar is installed by `npm ci` (scripts/dev.sh)"
    java = shutil.which("java")
    assert java, "Java runs the checker (scripts/dev.sh installs default-jre-headless)"
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(run.stderr or run.stdout)["messages"]


def test_the_main_pages_validate_in_both_languages(record, tmp_path):
    make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")
    client = Client()
    files = []
    for template in PAGES:
        for language in ("en", "ar"):
            path = template.format(lang=language)
            response = client.get(path)
            assert response.status_code in (200, 400), path
            file = tmp_path / f"{len(files):02d}-{language}.html"
            file.write_bytes(response.content)
            files.append(file)
    names = {f"file:{file}": file.name for file in files}
    errors = [
        f"{names.get(message.get('url'), message.get('url'))}:{message.get('lastLine')} "
        f"{message['message']}"
        for message in checker_messages(files)
    ]
    assert errors == []
