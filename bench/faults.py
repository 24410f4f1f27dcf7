"""Reliability runs on the bench database, the app served the production way (bench/load.py):

1. Sustained load: wrk with 64 connections for 60 s over every benchmarked endpoint's URLs;
   passes with zero socket errors and zero non-2xx answers.
2. PostgreSQL restarted under load: 16 client threads keep requesting pages and API answers while
   the database stops for OUTAGE_SECONDS and starts again. Passes when every answer during the
   outage is a 200 or a clean 503 (JSON under /api/, the HTML page elsewhere, with Retry-After),
   nothing else (no 500, no dropped connection), and the app answers 200 again within
   RECOVERY_LIMIT_SECONDS of the database being back, with no restart of gunicorn.

Exits non-zero when a check fails. Run by `make faults` (scripts/dev.sh bench faults).
"""

import http.client
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import django

from bench.load import (
    APP,
    WORK,
    app_environment,
    empty_record_cache,
    endpoints,
    gunicorn,
    report,
    stop,
    stop_all,
    wait_until_up,
    wrk,
)

SUSTAINED_SECONDS = int(os.environ.get("FAULT_LOAD_SECONDS", "60"))
SUSTAINED_CONNECTIONS = 64
CLIENT_THREADS = 16
BEFORE_SECONDS, OUTAGE_SECONDS, AFTER_SECONDS = 8, 6, 12
RECOVERY_LIMIT_SECONDS = 5


@dataclass
class Observation:
    started: float
    path: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    content_type: str = ""
    body_start: str = ""
    retry_after: str = ""


@dataclass
class Recorder:
    paths: list[str]
    stop_at: float
    observations: list[Observation] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, seed: int) -> None:
        rng = random.Random(seed)
        host, port = APP.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < self.stop_at:
            path = rng.choice(self.paths)
            started = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                observation = Observation(
                    started,
                    path,
                    response.status,
                    response.getheader("Content-Type", ""),
                    body[:300].decode("utf-8", "replace"),
                    response.getheader("Retry-After", ""),
                )
            except (OSError, http.client.HTTPException):
                observation = Observation(started, path, 0)
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
            with self.lock:
                self.observations.append(observation)


def postgres(action: str) -> None:
    """Stop or start the project-local cluster that scripts/dev.sh runs."""
    command = [
        f"{os.environ['PG_BIN']}/pg_ctl",
        "--pgdata",
        os.environ["PG_DATA"],
        "--wait",
        "-m",
        "fast",
        action,
    ]
    if action == "start":
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{os.environ['PG_SOCKET']}' "
            "-c fsync=off"
        )
        command += ["--log", f"{os.environ['PG_HOME']}/server.log", "-o", options]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def is_clean_503(observation: Observation) -> bool:
    if observation.status != 503 or observation.retry_after != "5":
        return False
    if observation.path.startswith("/api/"):
        return observation.content_type == "application/json" and "unavailable" in (
            observation.body_start
        )
    return observation.content_type.startswith("text/html") and "<!doctype html>" in (
        observation.body_start.lower()
    )


def sustained_load(paths: list[str]) -> bool:
    print(f"Sustained load: {SUSTAINED_CONNECTIONS} connections for {SUSTAINED_SECONDS} s")
    figures = wrk(APP, paths, SUSTAINED_SECONDS, connections=SUSTAINED_CONNECTIONS)
    print(
        f"  {figures['requests']} requests, {figures['rps']:.0f} req/s, "
        f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms; non-2xx/3xx: {figures['non_2xx_3xx']}, "
        f"socket errors: {figures['socket_errors']}, timeouts: {figures['timeouts']}"
    )
    return figures["non_2xx_3xx"] == figures["socket_errors"] == figures["timeouts"] == 0


def database_restart(paths: list[str]) -> bool:
    if "PG_DATA" not in os.environ:
        print("PostgreSQL restart: skipped, the database is not the project-local cluster")
        return False
    print(
        f"PostgreSQL restart under load: {CLIENT_THREADS} clients; the database stops after "
        f"{BEFORE_SECONDS} s and starts again {OUTAGE_SECONDS} s later"
    )
    start = time.monotonic()
    recorder = Recorder(paths, stop_at=start + BEFORE_SECONDS + OUTAGE_SECONDS + AFTER_SECONDS)
    threads = [
        threading.Thread(target=recorder.run, args=(seed,)) for seed in range(CLIENT_THREADS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(BEFORE_SECONDS)
    stopped_at = time.monotonic()
    postgres("stop")
    time.sleep(OUTAGE_SECONDS)
    postgres("start")
    back_at = time.monotonic()
    for thread in threads:
        thread.join()

    phases = {
        "before": [o for o in recorder.observations if o.started < stopped_at],
        "outage": [o for o in recorder.observations if stopped_at <= o.started < back_at],
        "after": [o for o in recorder.observations if o.started >= back_at],
    }
    for name, observations in phases.items():
        statuses = Counter(o.status for o in observations)
        print(f"  {name:<7} {len(observations):>6} requests: {dict(sorted(statuses.items()))}")
    unclean = [o for o in recorder.observations if o.status != 200 and not is_clean_503(o)]
    for observation in unclean[:5]:
        print(f"  NOT CLEAN: {observation}")
    after = phases["after"]
    first_good = next((o.started for o in after if o.status == 200), None)
    recovered_in = None if first_good is None else first_good - back_at
    last_failure = max((o.started for o in after if o.status != 200), default=back_at)
    print(
        f"  outage answers: {sum(is_clean_503(o) for o in phases['outage'])} clean 503s "
        f"(JSON for the API, the HTML page elsewhere, Retry-After: 5)"
    )
    if recovered_in is None:
        print("  the app did not answer 200 again after the database came back")
        return False
    print(
        f"  first 200 {recovered_in:.2f} s after the database was back; last failure "
        f"{max(0.0, last_failure - back_at):.2f} s after; no gunicorn restart"
    )
    return not unclean and last_failure - back_at <= RECOVERY_LIMIT_SECONDS


def main() -> int:
    WORK.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    paths = [path for target in endpoints(random.Random(11)) for path in target.ours]
    empty_record_cache()
    server = gunicorn("app-faults", "config.wsgi", APP, **app_environment())
    try:
        wait_until_up(APP, "/readyz")
        checks = {
            "sustained load": sustained_load(paths),
            "database restart": database_restart(paths),
        }
    finally:
        stop(server)
    return report(checks)


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
