"""First answers: every request a URL not asked for before, the app as deployed (answers kept
for anonymous readers, so each is made and kept), against Datasette on the same queries.

What an API consumer walking the record or a student trying a new combination gets. For each
endpoint, URLs are drawn at random and never repeated: comparisons of two or three of the
synthetic treaties, in English and Arabic; treaty lists from a random signing date; searches of
two words of the synthetic vocabulary; every timeline page. Pages are set against the HTML page
Datasette answers for the same query, API answers against its JSON.

wrk drives each endpoint with 16 connections, then one (p95 target: 50 ms), each thread of it
through its own share of URLs, after a warm-up on other URLs of the same kind: Datasette, then
at once the app, endpoint by endpoint (or BENCH_ROUNDS rounds of the two taking turns to go first,
each on URLs of its own; an even number weighs drift on both alike). The timeline has
only as many URLs as pages (two languages), fewer than a run asks for: it is walked once, every
page in both languages, by CLIENTS Python clients.

Run by `scripts/dev.sh bench first_answers` (BENCH_TREATIES sets the record's size,
BENCH_ENDPOINTS a comma-separated choice of the endpoints by name, BENCH_ROUNDS the rounds).
"""

import datetime
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from bench.load import (
    APP,
    COMPARISON_SQL,
    CONNECTIONS,
    DATASETTE,
    SECONDS,
    WARMUP_SECONDS,
    WORK,
    Endpoint,
    app_environment,
    datasette,
    empty_record_cache,
    gunicorn,
    record_cache_mib,
    refuse_failing,
    setup,
    stop,
    stop_all,
    wait_until_up,
    wrk,
)

# More URLs an endpoint than a pass can ask for (a pass: warm-up, then 16 connections, then one),
# shared among the rounds: at ten rounds, 1,333 URLs a phase of 15 s.
URLS_A_PASS = 40_000
# Rounds of each endpoint but the timeline (BENCH_ROUNDS), the app and Datasette taking turns to
# go first: the table gives each round and their median.
ROUNDS = max(1, min(10, int(os.environ.get("BENCH_ROUNDS", "1"))))
# Room for every treaty's comparison columns at 5,000 treaties (some 1.2 GB) and the answers.
KEPT_MIB = 3072


def comparisons(rng: random.Random, treaties: list[tuple[int, str]]) -> tuple[list, list, list]:
    """Our comparison pages and API answers, and Datasette's query, of the same treaties: two or
    three of them, never the same ones twice."""
    pages, answers, queries = [], [], []
    compared = set()
    while len(compared) < URLS_A_PASS:
        chosen = sorted(rng.sample(treaties, rng.choice((2, 3))))
        if tuple(chosen) in compared:
            continue
        compared.add(tuple(chosen))
        query = urllib.parse.urlencode([("treaties", slug) for _pk, slug in chosen])
        pages.append(f"/{rng.choice(('en', 'ar'))}/compare/?{query}")
        answers.append(f"/api/v2/compare/?{query}")
        pks = [pk for pk, _slug in chosen] + [chosen[-1][0]]
        queries.append(
            urllib.parse.urlencode({"sql": COMPARISON_SQL, "a": pks[0], "b": pks[1], "c": pks[2]})
        )
    return pages, answers, queries


def searches(rng: random.Random) -> list[tuple[str, str]]:
    """Two words of the synthetic vocabulary of one language, never the same two twice."""
    from bench.scale_data import ARABIC_WORDS, ENGLISH_WORDS

    chosen = {}
    while len(chosen) < URLS_A_PASS:
        language, vocabulary = rng.choice((("en", ENGLISH_WORDS), ("ar", ARABIC_WORDS)))
        terms = " ".join(rng.sample(vocabulary, 2))
        chosen.setdefault(terms, language)
    return [(language, urllib.parse.quote(terms)) for terms, language in chosen.items()]


def endpoints(rng: random.Random) -> list[Endpoint]:
    """Each endpoint's URLs, none repeated, and Datasette's equivalent of each."""
    from bench.scale_data import FIRST_DAY, LAST_DAY
    from treaties.models import Treaty

    treaties = list(Treaty.objects.filter(slug__startswith="synthetic-").values_list("pk", "slug"))
    pages, answers, queries = comparisons(rng, treaties)
    signed_after = [
        FIRST_DAY + datetime.timedelta(days=day)
        for day in rng.sample(range((LAST_DAY - FIRST_DAY).days), URLS_A_PASS)
    ]
    searched = searches(rng)
    return [
        Endpoint("comparison page", pages, [f"/bench?{query}" for query in queries]),
        Endpoint("comparison API", answers, [f"/bench.json?{query}" for query in queries]),
        Endpoint(
            "treaty list API",
            [f"/api/v2/treaties/?signed_after={day}&ordering=signed_on" for day in signed_after],
            [
                f"/bench/treaties_treaty.json?_sort=signed_on&signed_on__gte={day}&_size=50"
                for day in signed_after
            ],
        ),
        Endpoint(
            "search",
            [f"/{language}/search/?q={terms}" for language, terms in searched],
            [f"/bench/treaties_clause?_search={terms}&_size=20" for _language, terms in searched],
        ),
    ]


def timeline() -> Endpoint:
    """Every timeline page in both languages, and Datasette's page of the same 50 treaties."""
    from treaties import selectors
    from treaties.views import TREATIES_PER_PAGE

    signed = list(selectors.timeline_treaties(drafts=False).values_list("signed_on", flat=True))
    firsts = signed[::TREATIES_PER_PAGE]
    ours, theirs = [], []
    for number, first in enumerate(firsts, start=1):
        for language in ("en", "ar"):
            ours.append(f"/{language}/timeline/?page={number}")
            theirs.append(f"/bench/treaties_treaty?_sort=signed_on&signed_on__gte={first}&_size=50")
    return Endpoint("timeline", ours, theirs)


def walk_once(address: str, paths: list[str], clients: int) -> dict:
    """Each path asked for once by `clients` keep-alive connections: req/s and latencies."""
    host, port = address.split(":")
    shares = [paths[number::clients] for number in range(clients)]

    def walk(share: list[str]) -> list[tuple[float, int]]:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        timings = []
        for path in share:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
            response = connection.getresponse()
            response.read()
            timings.append((time.perf_counter() - started, response.status))
        connection.close()
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        timings = [timing for share in pool.map(walk, shares) for timing in share]
    elapsed = time.perf_counter() - started
    latencies = sorted(seconds * 1000 for seconds, _status in timings)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(timings),
        "rps": len(timings) / elapsed,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "p99_ms": cuts[98],
        "max_ms": latencies[-1],
        "non_2xx_3xx": sum(not 200 <= status < 400 for _seconds, status in timings),
        "socket_errors": 0,
        "timeouts": 0,
    }


def keep_comparisons(environment: dict[str, str]) -> None:
    """What the deployed watcher (`manage.py keep_comparisons --watch`) does after a
    publication: every treaty's comparison columns, and its JSON as the API's lists show it,
    kept before the readers come."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "keep_comparisons", "--origin", f"http://{APP}"],
        env={**os.environ, **environment},
        check=True,
    )
    print(
        f"Comparison columns and treaty records kept in {time.monotonic() - started:.0f} s "
        f"({record_cache_mib():.0f} MiB kept)"
    )


def measure(address: str, urls: list[str]) -> dict:
    """Warm-up, 16 connections, one connection: each on URLs of its own."""
    share = len(urls) // 3
    wrk(address, urls[:share], WARMUP_SECONDS, once=True)
    loaded = wrk(address, urls[share : 2 * share], SECONDS, once=True)
    alone = wrk(address, urls[2 * share :], SECONDS, connections=1, once=True)
    return {"loaded": loaded, "alone": alone}


def row(name: str, ours: dict, theirs: dict) -> str:
    errors = sum(
        figures[kind]
        for figures in (ours["loaded"], ours["alone"])
        for kind in ("non_2xx_3xx", "socket_errors", "timeouts")
    )
    loaded, alone = ours["loaded"], ours["alone"]
    return (
        f"  {name:<26}{loaded['rps']:>9.0f}{theirs['loaded']['rps']:>11.0f}"
        f"{loaded['rps'] / theirs['loaded']['rps']:>8.2f}x{alone['p50_ms']:>8.1f}"
        f"{alone['p95_ms']:>8.1f}{theirs['alone']['p95_ms']:>11.1f}{errors:>7}"
    )


def measured_rounds(target: Endpoint) -> list[tuple[dict, dict]]:
    """(ours, Datasette's) figures of ROUNDS rounds, each on URLs of its own, the two taking
    turns to go first (ABBA): the machine's speed drifts within minutes, and always measuring
    Datasette first would weigh the drift on one side."""
    share = len(target.ours) // ROUNDS
    rounds = []
    for number in range(ROUNDS):
        urls = slice(number * share, (number + 1) * share)
        sides = [(DATASETTE, target.datasette[urls]), (APP, target.ours[urls])]
        if number % 2:
            sides.reverse()
        figures = {address: measure(address, paths) for address, paths in sides}
        rounds.append((figures[APP], figures[DATASETTE]))
    return rounds


def median_row(name: str, rounds: list[tuple[dict, dict]]) -> str:
    """The median of each column over the rounds (the ratio's is of the rounds' ratios)."""
    ratios = [ours["loaded"]["rps"] / theirs["loaded"]["rps"] for ours, theirs in rounds]

    def median(side: int, phase: str, figure: str) -> float:
        return statistics.median(pair[side][phase][figure] for pair in rounds)

    return (
        f"  {name + ' (median)':<26}{median(0, 'loaded', 'rps'):>9.0f}"
        f"{median(1, 'loaded', 'rps'):>11.0f}{statistics.median(ratios):>8.2f}x"
        f"{median(0, 'alone', 'p50_ms'):>8.1f}{median(0, 'alone', 'p95_ms'):>8.1f}"
        f"{median(1, 'alone', 'p95_ms'):>11.1f}   (ratios {min(ratios):.2f}-{max(ratios):.2f}x)"
    )


HEADER = (
    f"  {'':<26}{'req/s':>9}{'Datasette':>11}{'ratio':>9}{'p50 ms':>8}{'p95 ms':>8}"
    f"{'Datasette':>11}{'errors':>7}\n"
    f"  {'':<26}{'16 connections':>29}{'':>9}{'one connection':>27}"
)


def main() -> None:
    setup()
    from treaties.models import Treaty

    size = Treaty.objects.filter(slug__startswith="synthetic-").count()
    targets = [*endpoints(random.Random(int(time.time()))), timeline()]
    if only := os.environ.get("BENCH_ENDPOINTS"):  # e.g. "search,timeline"
        targets = [target for target in targets if target.name in only.split(",")]
    print(
        f"First answers, {size} synthetic treaties: every URL new; wrk {CONNECTIONS} connections "
        f"for {SECONDS} s after {WARMUP_SECONDS} s of warm-up, then one for {SECONDS} s"
    )
    empty_record_cache()
    environment = app_environment(RECORD_CACHE_MB=str(KEPT_MIB))
    if os.environ.get("BENCH_KEEP_COMPARISONS", "1") == "1":
        keep_comparisons(environment)
    server = gunicorn("app", "config.wsgi", APP, **environment)
    theirs_server = datasette()
    wait_until_up(APP, "/readyz")
    refuse_failing(APP, targets)
    ours, theirs = {}, {}
    print(HEADER)
    # Each endpoint on Datasette and then at once on the app (or in rounds, taking turns): the
    # machine's speed drifts over minutes (Datasette's own search went from 41 to 64 req/s
    # between two runs), and a pair measured minutes apart, the keeping between them, compared
    # the drift as much as the two.
    for target in targets:
        if target.name == "timeline":
            theirs[target.name] = {
                "loaded": walk_once(DATASETTE, target.datasette, CONNECTIONS),
                "alone": walk_once(DATASETTE, target.datasette, 1),
            }
            # Each page once with 16 clients, then (kept answers emptied) once with one.
            loaded = walk_once(APP, target.ours, CONNECTIONS)
            stop(server)
            empty_record_cache()
            server = gunicorn("app", "config.wsgi", APP, **environment)
            wait_until_up(APP, "/readyz")
            ours[target.name] = {"loaded": loaded, "alone": walk_once(APP, target.ours, 1)}
            print(row(target.name, ours[target.name], theirs[target.name]))
        else:
            rounds = measured_rounds(target)
            for number, (our_figures, their_figures) in enumerate(rounds, start=1):
                name = target.name if ROUNDS == 1 else f"{target.name} ({number})"
                print(row(name, our_figures, their_figures))
            if ROUNDS > 1:
                print(median_row(target.name, rounds))
            ours[target.name] = [our_figures for our_figures, _theirs in rounds]
            theirs[target.name] = [their_figures for _ours, their_figures in rounds]
    stop(theirs_server)
    stop(server)
    (WORK / f"first-answers-{size}.json").write_text(
        json.dumps(
            {"treaties": size, "rounds": ROUNDS, "ours": ours, "datasette": theirs}, indent=2
        )
    )


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
