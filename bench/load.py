"""Load benchmark: the app served the production way, against two references on the same data
and machine. Run by bench/run, which prepares the database, the SQLite copy and the tools.

For each endpoint, wrk drives 16 connections for BENCH_SECONDS (after a short warm-up) through a
list of varied URLs, and this prints requests per second, p50/p95/p99 latency, errors, and the
ratios to the bare Django ceiling and to Datasette's equivalent JSON query. The app is measured
as deployed (answers kept for anonymous readers) and again with that cache off, so the figures
also show what the views and indexes do on their own. Each gunicorn worker's resident memory is
read after every pass (heap and mapped files apart); the deployed pass runs three times to show
whether it grows.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
# The app's kept answers (RECORD_CACHE_DIR), emptied when a script starts so each begins cold.
RECORD_CACHE = WORK / "record-cache"
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
WARMUP_SECONDS = 3
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
APP, CEILING, DATASETTE = "127.0.0.1:8100", "127.0.0.1:8101", "127.0.0.1:8102"

SEARCH_WORDS_EN = [
    "treaty",
    "defence",
    "mutual assistance",
    "aggression",
    "sovereignty",
    "trade",
    "nuclear",
    "ratification",
    "charter",
    "arbitration",
    "fisheries",
    "currency",
    "intelligence",
    "deterrence",
    "delegation",
    "prosperity",
    '"armed attack"',
    "navy OR army",
    "customs",
    "energy",
    "missile",
    "border",
    "consultation",
    "renewal",
    "termination",
    "equipment",
]
SEARCH_WORDS_AR = [
    "معاهدة",
    "دفاع",
    "عدوان",
    "سيادة",
    "تجارة",
    "تصديق",
    "تحكيم",
    "صواريخ",
    "حدود",
    "مفاوضات",
]


# Datasette's comparison: the articles of two or three treaties (:c repeats one of two) on each
# topic, as the comparison shows them.
COMPARISON_SQL = (
    "select c.treaty_id, ct.topic_id, c.id, c.number, c.heading_en, c.heading_ar, "
    "c.summary_en, c.summary_ar, c.searched_wording_en, c.obligation_level "
    "from treaties_clause c "
    "join treaties_clause_topics ct on ct.clause_id = c.id "
    'where c.treaty_id in (:a, :b, :c) order by ct.topic_id, c.treaty_id, c."order"'
)


@dataclass
class Endpoint:
    name: str
    ours: list[str]
    datasette: list[str]


def endpoints(rng: random.Random) -> list[Endpoint]:
    """Varied URLs for each endpoint, and Datasette's equivalent JSON query for each."""
    from treaties.models import Treaty

    treaties = list(
        Treaty.objects.filter(slug__startswith="synthetic-").values_list("pk", "slug")[:5000]
    )
    triples = [sorted(rng.sample(treaties, 3)) for _ in range(200)]
    compare_query = [
        urllib.parse.urlencode([("treaties", slug) for _pk, slug in triple]) for triple in triples
    ]
    datasette_compare = [
        "/bench.json?"
        + urllib.parse.urlencode(
            {"sql": COMPARISON_SQL, "a": triple[0][0], "b": triple[1][0], "c": triple[2][0]}
        )
        for triple in triples
    ]
    words = SEARCH_WORDS_EN + SEARCH_WORDS_AR
    pages = Treaty.objects.count() // 50
    years = range(1900, 2024)
    return [
        Endpoint(
            "comparison page",
            [f"/en/compare/?{query}" for query in compare_query] + ["/en/compare/"],
            datasette_compare,
        ),
        Endpoint(
            "timeline",
            ["/en/timeline/"] + [f"/en/timeline/?page={page}" for page in range(2, pages + 1)],
            [
                f"/bench/treaties_treaty.json?_sort=signed_on&_size=50&signed_on__gte={year}-01-01"
                for year in years
            ],
        ),
        Endpoint(
            "search",
            [
                f"/{'ar' if word in SEARCH_WORDS_AR else 'en'}/search/?q={urllib.parse.quote(word)}"
                for word in words
            ],
            [
                f"/bench/treaties_clause.json?_search={urllib.parse.quote(word)}&_size=20"
                for word in words
            ],
        ),
        Endpoint(
            "treaty list API",
            [f"/api/v2/treaties/?page={page}" for page in range(1, pages + 1)],
            [
                f"/bench/treaties_treaty.json?_size=50&_sort=id&id__gt={page * 50}"
                for page in range(pages)
            ],
        ),
        Endpoint(
            "comparison API",
            [f"/api/v2/compare/?{query}" for query in compare_query],
            datasette_compare,
        ),
    ]


def wait_until_up(address: str, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{address}{path}", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{address} did not come up; see the logs in {WORK}")


def answer_every_url(address: str, targets: list[Endpoint]) -> None:
    """Ask for each URL once, two at a time (one a worker), so the kept answers hold them all,
    in the encoding wrk asks for (wrk_report.lua)."""

    def fetch(path: str) -> None:
        request = urllib.request.Request(
            f"http://{address}{path}", headers={"Accept-Encoding": "gzip, deflate, br"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http above
            response.read()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(fetch, [path for target in targets for path in target.ours]))


def refuse_failing(address: str, targets: list[Endpoint]) -> None:
    """Stop before measuring if an endpoint's first URL does not answer 200: errors are fast,
    and a run of them would pass for throughput."""
    for target in targets:
        url = f"http://{address}{target.ours[0]}"
        try:
            with urllib.request.urlopen(url, timeout=30):
                pass
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answered {error.code}; see the logs in {WORK}") from None


RUNNING: list[subprocess.Popen] = []


def start(name: str, command: list[str], environment: dict[str, str]) -> subprocess.Popen:
    log = (WORK / f"{name}.log").open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **environment}, stdout=log, stderr=log
    )
    RUNNING.append(process)
    return process


def stop_all() -> None:
    """Stop every server still running, also when a run fails half-way."""
    for process in RUNNING:
        if process.poll() is None:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def refuse_busy_port(address: str) -> None:
    """A server left running from another run would be measured instead of this one."""
    host, port = address.split(":")
    with socket.socket() as probe:
        if probe.connect_ex((host, int(port))) == 0:
            raise SystemExit(f"Something already listens on {address}: stop it first.")


def gunicorn(name: str, app: str, bind: str, **environment: str) -> subprocess.Popen:
    refuse_busy_port(bind)
    return start(
        name,
        [str(ROOT / ".venv/bin/gunicorn"), app, "--config", "config/gunicorn.py"],
        {"BIND": bind, "ACCESS_LOG": "", "LOG_LEVEL": "WARNING", **environment},
    )


def app_environment(**overrides: str) -> dict[str, str]:
    """The production settings, on plain HTTP on loopback, without the per-address throttles
    (every request here comes from one address)."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "API_ANON_RATE": "1000000000/minute",
        "SEARCH_ANON_RATE": "1000000000/minute",
        "KEPT_ANON_RATE": "1000000000/minute",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RECORD_CACHE_DIR": str(RECORD_CACHE),
        **overrides,
    }


def empty_record_cache() -> None:
    shutil.rmtree(RECORD_CACHE, ignore_errors=True)


def record_cache_mib() -> float:
    """What the kept answers take on disk (and so in the OS page cache), shared by the workers."""
    files = (path for path in RECORD_CACHE.rglob("*") if path.is_file())
    return round(sum(path.stat().st_size for path in files) / 2**20, 1)


def worker_memory_mib(master: subprocess.Popen) -> list[dict[str, float]]:
    """Each worker's resident memory, and how much of it is its own heap (RssAnon) rather than
    mapped files (RssFile: code, and the kept answers' SQLite index, which the OS may drop)."""
    pids = subprocess.run(
        ["ps", "--ppid", str(master.pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()
    workers = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        kib = {
            name: int(value.split()[0])
            for name, value in (line.split(":", 1) for line in status)
            if name in {"VmRSS", "RssAnon", "RssFile"}
        }
        workers.append(
            {
                "rss": round(kib["VmRSS"] / 1024, 1),
                "heap": round(kib["RssAnon"] / 1024, 1),
                "files": round(kib["RssFile"] / 1024, 1),
            }
        )
    return sorted(workers, key=lambda worker: worker["rss"])


def datasette() -> subprocess.Popen:
    """Datasette serving the SQLite copy of the bench database, as a publisher would tune it."""
    refuse_busy_port(DATASETTE)
    server = start(
        "datasette",
        [
            str(BENCH / ".venv-datasette/bin/datasette"),
            "serve",
            "-i",
            str(WORK / os.environ.get("BENCH_SQLITE", "bench.db")),
            "--host",
            "127.0.0.1",
            "--port",
            DATASETTE.split(":")[1],
            "--setting",
            "sql_time_limit_ms",
            "5000",
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "default_page_size",
            "50",
        ],
        {},
    )
    wait_until_up(DATASETTE, "/-/versions.json")
    return server


def report(checks: dict[str, bool]) -> int:
    """Print whether each check passed; the exit status of a run of them."""
    for name, passed in checks.items():
        print(f"{name}: {'passed' if passed else 'FAILED'}")
    return 0 if all(checks.values()) else 1


def wrk(
    address: str,
    paths: list[str],
    seconds: int,
    connections: int = CONNECTIONS,
    once: bool = False,
) -> dict:
    """wrk's figures for `connections` asking for `paths` (cycling through them; `once`: each
    of its threads through its own share, so no URL is asked twice while there are enough)."""
    threads = min(2, connections)
    paths_file = WORK / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(BENCH / "wrk_report.lua"),
            f"http://{address}",
            "--",
            str(paths_file),
            *(["once", str(threads)] if once else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(address: str, paths: list[str], connections: int = CONNECTIONS) -> dict:
    wrk(address, paths, WARMUP_SECONDS, connections)
    return wrk(address, paths, SECONDS, connections)


def row(name: str, figures: dict, ceiling: dict | None = None, peer: dict | None = None) -> str:
    ratios = ""
    if ceiling:
        ratios += f"{figures['rps'] / ceiling['rps']:>9.0%}"
    if peer:
        ratios += f"{figures['rps'] / peer['rps']:>10.2f}x"
    errors = figures["non_2xx_3xx"] + figures["socket_errors"] + figures["timeouts"]
    return (
        f"  {name:<28}{figures['rps']:>9.0f}{figures['p50_ms']:>8.1f}{figures['p95_ms']:>8.1f}"
        f"{figures['p99_ms']:>8.1f}{errors:>7}{ratios}"
    )


HEADER = (
    f"  {'':<28}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}"
    f"{'/ceiling':>9}{'/Datasette':>11}"
)


def setup() -> None:
    """The work directory made and Django set up (the selectors name the URLs to ask for)."""
    WORK.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def main() -> None:
    setup()
    targets = endpoints(random.Random(7))
    empty_record_cache()
    results: dict = {"seconds": SECONDS, "connections": CONNECTIONS, "passes": {}}

    print(
        f"wrk, {CONNECTIONS} connections, {SECONDS} s per endpoint after {WARMUP_SECONDS} s of "
        "warm-up; the app and bare Django on 2 gunicorn workers, Datasette in one process"
    )
    ceiling_server = gunicorn(
        "ceiling",
        "django.core.wsgi:get_wsgi_application()",
        CEILING,
        DJANGO_SETTINGS_MODULE="bench.ceiling",
    )
    wait_until_up(CEILING, "/")
    ceiling = measure(CEILING, ["/"])
    stop(ceiling_server)
    print(HEADER)
    print(row("bare Django (ceiling)", ceiling))
    results["ceiling"] = ceiling

    datasette_server = datasette()
    peers = {}
    for target in targets:
        peers[target.name] = measure(DATASETTE, target.datasette)
        print(row(f"Datasette: {target.name}", peers[target.name], ceiling))
    stop(datasette_server)
    results["datasette"] = peers

    # Three times as deployed: from empty kept answers, then twice with every URL answered once
    # before (does memory stay flat once they are all kept?); then every request rendered: under
    # load, and one request at a time (what a page costs to make, without queueing).
    passes = [
        ("deployed, run 1", {}, CONNECTIONS, False),
        ("deployed, run 2", {}, CONNECTIONS, True),
        ("deployed, run 3", {}, CONNECTIONS, True),
        ("cache off", {"RECORD_CACHE_SECONDS": "0"}, CONNECTIONS, False),
        ("cache off, one connection", {"RECORD_CACHE_SECONDS": "0"}, 1, False),
    ]
    server = None
    running_with = None
    for label, overrides, connections, every_url_answered in passes:
        if overrides != running_with:
            if server is not None:
                stop(server)
            server = gunicorn("app", "config.wsgi", APP, **app_environment(**overrides))
            wait_until_up(APP, "/readyz")
            refuse_failing(APP, targets)
            running_with = overrides
        if every_url_answered:
            answer_every_url(APP, targets)
        print(f"\n  app ({label})")
        figures = {}
        for target in targets:
            figures[target.name] = measure(APP, target.ours, connections)
            print(row(target.name, figures[target.name], ceiling, peers[target.name]))
        workers = worker_memory_mib(server)
        kept = record_cache_mib()
        memory = ", ".join(
            f"{worker['rss']} MiB (heap {worker['heap']}, files {worker['files']})"
            for worker in workers
        )
        print(f"  worker resident memory after this run: {memory}; kept answers: {kept} MiB")
        results["passes"][label] = {
            "connections": connections,
            "endpoints": figures,
            "worker_memory_mib": workers,
            "record_cache_mib": kept,
        }
    stop(server)

    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nAll figures: {WORK / 'results.json'}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
