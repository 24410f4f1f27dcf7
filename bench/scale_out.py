"""Several app servers on one machine, the way docker-compose.yml runs them: two gunicorn
instances on different ports, one PostgreSQL database, one Debian redis-server (REDIS_URL), and
Debian's Caddy in front with config/Caddyfile's load-balancing options. Each instance has a cache
directory of its own, as separate machines would, so whatever they share goes through Redis.

1. A publication shows on both instances at once: both keep the treaty list and the treaty's
   page, a treaty is withdrawn and published again in the database, and right after each write
   both instances answer the new state (none serves its kept answer from before).
2. The throttle counts once: with SEARCH_ANON_RATE at 30 a minute, 60 new searches from one
   address, alternating between the instances, get exactly 30 answers and 30 "429 Too Many
   Requests". Without REDIS_URL, each instance counting alone, the same lets 60 through.
3. One instance killed under load: wrk drives 16 connections through the proxy over pages that
   are each rendered (kept answers off, so requests are in flight), and one instance and its
   workers are killed (SIGKILL) part-way. Passes with no non-2xx answer, no socket error and
   no timeout: the proxy retries on the other instance what the dead one did not answer.

Exits non-zero when a check fails. Run by `make scale-out` (scripts/dev.sh bench scale_out).
"""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter

import django

from bench.load import (
    ROOT,
    WORK,
    app_environment,
    gunicorn,
    refuse_busy_port,
    report,
    start,
    stop,
    stop_all,
    wait_until_up,
    wrk,
)

PROXY, FIRST, SECOND, REDIS = "127.0.0.1:8110", "127.0.0.1:8111", "127.0.0.1:8112", "127.0.0.1:8113"
INSTANCES = (FIRST, SECOND)
SEARCH_RATE = 30
LOAD_SECONDS, KILL_AFTER_SECONDS = 20, 7
LOAD_CONNECTIONS = 16


def get(address: str, path: str) -> tuple[int, bytes]:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start_redis() -> subprocess.Popen:
    refuse_busy_port(REDIS)
    host, port = REDIS.split(":")
    server = start(
        "redis",
        ["redis-server", "--bind", host, "--port", port, "--save", "", "--appendonly", "no"],
        {},
    )
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True).returncode:
        if time.monotonic() > deadline:
            raise SystemExit(f"redis-server did not come up; see {WORK / 'redis.log'}")
        time.sleep(0.2)
    return server


def flush_redis() -> None:
    port = REDIS.split(":")[1]
    subprocess.run(["redis-cli", "-p", port, "flushall"], check=True, stdout=subprocess.DEVNULL)


def redis_keys() -> int:
    port = REDIS.split(":")[1]
    return int(subprocess.run(["redis-cli", "-p", port, "dbsize"], capture_output=True).stdout)


def start_instances(shared: bool, **overrides: str) -> list[subprocess.Popen]:
    """Two instances of the app as deployed; `shared`: through Redis, else each on its own."""
    servers = []
    for number, address in enumerate(INSTANCES, start=1):
        own = WORK / f"instance-{number}"
        shutil.rmtree(own, ignore_errors=True)
        environment = app_environment(
            RECORD_CACHE_DIR=str(own / "record-cache"),
            THROTTLE_CACHE_DIR=str(own / "throttle"),
            TRUSTED_PROXIES="1",
            **overrides,
        )
        if shared:
            environment["REDIS_URL"] = f"redis://{REDIS}/0"
        servers.append(gunicorn(f"instance-{number}", "config.wsgi", address, **environment))
    for address in INSTANCES:
        wait_until_up(address, "/readyz")
    return servers


def stop_instances(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        stop(server)


def treaty_count(address: str) -> int:
    status, body = get(address, "/api/v2/treaties/")
    if status != 200:
        raise SystemExit(f"{address} answered {status} for the treaty list")
    return json.loads(body)["count"]


def publication_shows_on_both() -> bool:
    from core.models import Publication
    from treaties.models import Treaty

    treaty = Treaty.objects.published().order_by("-pk").first()
    detail = f"/api/v2/treaties/{treaty.slug}/"
    before = {address: treaty_count(address) for address in INSTANCES}
    for address in INSTANCES:
        get(address, detail)  # kept now, in Redis
    print(
        f"Publication: both instances answered the treaty list ({before}) and {detail}; "
        f"Redis holds {redis_keys()} keys (the kept answers and their throttle counts)"
    )
    passed = True
    try:
        for state, shift, expected_status in (
            (Publication.DRAFT, -1, 404),
            (Publication.PUBLISHED, 0, 200),
        ):
            written = time.monotonic()
            Treaty.objects.filter(pk=treaty.pk).update(publication=state)
            answers = {
                address: (treaty_count(address), get(address, detail)[0]) for address in INSTANCES
            }
            took = (time.monotonic() - written) * 1000
            seen = all(
                answers[address] == (before[address] + shift, expected_status)
                for address in INSTANCES
            )
            passed &= seen
            print(
                f"  {state}: right after the write (4 requests, {took:.0f} ms) the instances "
                f"answer (count, detail status) {answers}: {'both new' if seen else 'STALE'}"
            )
    finally:
        Treaty.objects.filter(pk=treaty.pk).update(publication=Publication.PUBLISHED)
    return passed


def searches_let_through(label: str) -> int:
    """60 new searches from one address, alternating between the instances, all within one
    minute of the clock: the throttle counts a client's requests minute by minute."""
    into_minute = time.time() % 60
    if into_minute > 40:
        time.sleep(60 - into_minute)
    statuses = Counter()
    for number in range(2 * SEARCH_RATE):
        address = INSTANCES[number % 2]
        query = urllib.parse.urlencode({"q": f"treaty {number}"})
        statuses[get(address, f"/en/search/?{query}")[0]] += 1
    print(f"  {label}: {dict(sorted(statuses.items()))}")
    return statuses[200]


def throttle_counts_once() -> bool:
    print(
        f"Throttle: SEARCH_ANON_RATE {SEARCH_RATE}/minute, {2 * SEARCH_RATE} new searches from "
        "one address, alternating between the instances"
    )
    rate = {"SEARCH_ANON_RATE": f"{SEARCH_RATE}/minute"}
    flush_redis()
    servers = start_instances(shared=True, **rate)
    shared = searches_let_through("sharing Redis")
    stop_instances(servers)
    servers = start_instances(shared=False, **rate)
    alone = searches_let_through("each instance counting alone (no REDIS_URL)")
    stop_instances(servers)
    return shared == SEARCH_RATE and alone == 2 * SEARCH_RATE


def proxy_configuration() -> str:
    """config/Caddyfile with this machine's addresses: the instances named instead of found by
    DNS, the proxy on its own port; every load-balancing option as deployed."""
    deployed = (ROOT / "config/Caddyfile").read_text()
    upstreams = re.compile(r"dynamic a web 8000 \{.*?\}", re.DOTALL)
    if not upstreams.search(deployed) or ":80 {" not in deployed:
        raise SystemExit("config/Caddyfile changed: update bench/scale_out.py to match")
    configuration = upstreams.sub("to " + " ".join(INSTANCES), deployed)
    configuration = configuration.replace(":80 {", f"http://{PROXY} {{", 1)
    return "{\n\tadmin off\n\tauto_https off\n\tdebug\n}\n" + configuration


def start_proxy() -> subprocess.Popen:
    refuse_busy_port(PROXY)
    caddyfile = WORK / "Caddyfile"
    caddyfile.write_text(proxy_configuration())
    home = WORK / "caddy"
    server = start(
        "caddy",
        ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
        {"XDG_DATA_HOME": str(home), "XDG_CONFIG_HOME": str(home)},
    )
    wait_until_up(PROXY, "/healthz")
    return server


def kill_with_workers(server: subprocess.Popen) -> None:
    """As a machine that dies: the gunicorn master and its workers at once, nothing finished."""
    workers = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()
    for pid in [server.pid, *map(int, workers)]:
        os.kill(pid, signal.SIGKILL)
    server.wait()


def rendered_paths() -> list[str]:
    from treaties.models import Treaty

    slugs = list(Treaty.objects.published().values_list("slug", flat=True)[:200])
    return [
        path
        for slug in slugs
        for path in (f"/en/treaties/{slug}/", f"/ar/treaties/{slug}/", f"/api/v2/treaties/{slug}/")
    ] + ["/en/timeline/", "/en/compare/", "/api/v2/compare/", "/en/search/?q=treaty"]


def failed_round_trips(upstream: str) -> Counter:
    """Requests the proxy sent to `upstream` that it got no answer to (and so tried on the
    other), by error, from Caddy's debug log; not those wrk itself left when it stopped."""
    failures = Counter()
    for line in (WORK / "caddy.log").read_text().splitlines():
        entry = json.loads(line)
        error = entry.get("error", "")
        if (
            entry.get("msg") == "upstream roundtrip"
            and entry.get("upstream") == upstream
            and error not in ("", "context canceled")
        ):
            failures[re.sub(r"^read tcp \S+: ", "", error)] += 1
    return failures


def instance_killed_under_load() -> bool:
    flush_redis()
    servers = start_instances(shared=True, RECORD_CACHE_SECONDS="0")
    proxy = start_proxy()
    print(
        f"One instance killed under load: wrk, {LOAD_CONNECTIONS} connections through the proxy "
        f"for {LOAD_SECONDS} s, every answer rendered; the first instance and its workers "
        f"killed after {KILL_AFTER_SECONDS} s"
    )
    killer = threading.Timer(KILL_AFTER_SECONDS, kill_with_workers, args=(servers[0],))
    killer.start()
    figures = wrk(PROXY, rendered_paths(), LOAD_SECONDS, connections=LOAD_CONNECTIONS)
    killer.join()
    still_up = servers[1].poll() is None and get(PROXY, "/readyz")[0] == 200
    print(
        f"  {figures['requests']} requests, {figures['rps']:.0f} req/s, p50 "
        f"{figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.1f}"
        f" ms; non-2xx/3xx: {figures['non_2xx_3xx']}, socket errors: "
        f"{figures['socket_errors']}, timeouts: {figures['timeouts']}; the proxy answers "
        f"{'200' if still_up else 'NOT 200'} from the second instance after"
    )
    stop(proxy)
    stop_instances(servers[1:])
    retried = failed_round_trips(FIRST)
    print(
        f"  requests the killed instance never answered, tried again on the other: "
        f"{sum(retried.values())} {dict(retried)}"
    )
    errors = figures["non_2xx_3xx"] + figures["socket_errors"] + figures["timeouts"]
    # No retried request would mean the kill hit no request in flight: nothing was shown.
    return errors == 0 and still_up and sum(retried.values()) > 0


def main() -> int:
    WORK.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    start_redis()
    servers = start_instances(shared=True)
    try:
        published = publication_shows_on_both()
    finally:
        stop_instances(servers)
    checks = {
        "publication on both instances": published,
        "throttle counted once": throttle_counts_once(),
        "instance killed under load": instance_killed_under_load(),
    }
    return report(checks)


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
