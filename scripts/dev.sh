#!/usr/bin/env bash
# The README's commands: `make run` and `make test` call this script.
#
#   scripts/dev.sh run     install what is missing, start PostgreSQL, migrate, load the record, serve
#   scripts/dev.sh test    the same bootstrap, then lint and the whole test suite
#   scripts/dev.sh db      only bring up the database (prints the DATABASE_URL to use)
#   scripts/dev.sh stop    stop the project-local PostgreSQL cluster
#   scripts/dev.sh bench load|first_answers|faults|imports|scale_out   the benchmarks of bench/
#                          on a database of their own (see bench/README.md); never touches the
#                          `treaties` one
#
# Without DATABASE_URL, PostgreSQL runs as a project-local cluster reached at .local/pg
# (git-ignored), listening on a unix socket only (see pg_home below for where its files are).
# Everything it installs is idempotent: running it twice is safe.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

LOCAL="$ROOT/.local"
VENV="$ROOT/.venv"
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
# config/settings.py connects to the socket in $PG_LINK/run when DATABASE_URL is not set.
PG_LINK="$LOCAL/pg"
DB_NAME=${DB_NAME:-treaties}
# The interpreter the virtual environments are made with, when they are first made: python3 on
# the PATH unless PYTHON names another (bench/README.md measures how much the build matters).
PYTHON=${PYTHON:-python3}

# The cluster's directory. A user other than root keeps it in the checkout, in .local/pg. Root
# runs PostgreSQL as the postgres user, who may not be able to enter the checkout (a clone in
# /root, or under any directory of mode 700), so root's cluster lives in the postgres user's
# home, in a directory named after a hash of the checkout's path (two checkouts never share one),
# and .local/pg is a symlink to it. A cluster an older checkout made in .local/pg stays there.
pg_home() {
  if [ "$(id -u)" -ne 0 ] || { [ ! -L "$PG_LINK" ] && [ -f "$PG_LINK/data/PG_VERSION" ]; }; then
    echo "$PG_LINK"
  else
    local home hash
    home=$(getent passwd postgres | cut -d: -f6) || true
    hash=$(printf %s "$(pwd -P)" | sha256sum | cut -c1-16)
    echo "${home:-/var/lib/postgresql}/treaty-timeline-$hash"
  fi
}
PG_HOME=$(pg_home)
PG_DATA="$PG_HOME/data"
PG_SOCKET="$PG_HOME/run"

log() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "This step needs root: $*" >&2
    exit 1
  fi
}

apt_install() {
  log "Installing Debian packages: $*"
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_system_packages() {
  local missing=()
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  if [ -z "${DATABASE_URL:-}" ] && [ ! -x "$PG_BIN/initdb" ]; then
    missing+=("postgresql-$PG_VERSION")
  fi
  command -v msgfmt >/dev/null || missing+=(gettext)
  # PDFs (WeasyPrint): Pango, and fonts for Arabic, Korean and Chinese as well as Latin text.
  local package
  for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    fonts-noto-core fonts-wqy-microhei; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# Browser tests: Debian's chromium (Playwright's own download cannot be reached), an Arabic font
# so pages render as readers see them, and axe-core from the npm registry, pinned in package-lock.json.
# The HTML check: the Nu HTML Checker (vnu-jar, from the npm registry too) run by Debian's Java.
# The shared cache of several app servers: Debian's redis-server, started by the tests themselves.
ensure_test_tools() {
  local missing=()
  command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-core)
  command -v npm >/dev/null || missing+=(npm)
  command -v java >/dev/null || missing+=(default-jre-headless)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "Installing axe-core and vnu-jar from package-lock.json"
    npm ci --no-audit --no-fund --silent
  fi
}

# $1: the requirements file. Reinstalls only when that file (or what it includes) changes.
ensure_venv() {
  local requirements=$1
  local stamp="$VENV/.installed-$(cat requirements/*.txt "$requirements" | sha256sum | cut -c1-16)-$(basename "$requirements")"
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the virtual environment in .venv"
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ]; then
    log "Installing pinned Python packages from $requirements"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

# Runs a PostgreSQL binary as the cluster's owner (postgres refuses to run as root), from /
# when root: the postgres user may not be able to enter the checkout. Every path given is absolute.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

ensure_local_postgres() {
  if [ ${#PG_SOCKET} -gt 90 ]; then
    echo "The project path is too long for a PostgreSQL socket; set DATABASE_URL instead." >&2
    exit 1
  fi
  mkdir -p "$PG_HOME"
  if [ "$PG_HOME" != "$PG_LINK" ]; then
    echo "$ROOT" >"$PG_HOME/checkout"  # which checkout this cluster is for
    mkdir -p "$LOCAL"
    if [ -d "$PG_LINK" ] && [ ! -L "$PG_LINK" ] && ! rmdir "$PG_LINK" 2>/dev/null; then
      echo "$PG_LINK holds files but no cluster; move it away so it can become a symlink." >&2
      exit 1
    fi
    [ "$(readlink "$PG_LINK")" = "$PG_HOME" ] || ln -sfn "$PG_HOME" "$PG_LINK"
  fi
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_HOME"
    if ! runuser -u postgres -- test -w "$PG_HOME"; then
      echo "The postgres user cannot reach $PG_HOME; set DATABASE_URL or move the checkout." >&2
      exit 1
    fi
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "Creating the project-local PostgreSQL cluster in $PG_HOME"
    pg_as_owner "$PG_BIN/initdb" --pgdata="$PG_DATA" --username=postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    pg_as_owner mkdir -p "$PG_SOCKET"
    chmod 700 "$PG_SOCKET" 2>/dev/null || pg_as_owner chmod 700 "$PG_SOCKET"
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" status >/dev/null 2>&1; then
    log "Starting PostgreSQL (unix socket only)"
    pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --wait --log="$PG_HOME/server.log" \
      -o "-c listen_addresses='' -c unix_socket_directories='$PG_SOCKET' -c fsync=${PG_FSYNC:-on}" \
      start >/dev/null
  fi
  if ! pg_as_owner "$PG_BIN/psql" -h "$PG_SOCKET" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    pg_as_owner "$PG_BIN/createdb" -h "$PG_SOCKET" -U postgres "$DB_NAME"
  fi
  DATABASE_URL="postgres://postgres@$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PG_SOCKET")/$DB_NAME"
  export DATABASE_URL
}

ensure_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "Using the database in DATABASE_URL"
  else
    ensure_local_postgres
  fi
}

ensure_secret_key() {
  if [ -z "${SECRET_KEY:-}" ]; then
    mkdir -p "$LOCAL"
    if [ ! -s "$LOCAL/secret_key" ]; then
      (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$LOCAL/secret_key")
    fi
    SECRET_KEY=$(cat "$LOCAL/secret_key")
    export SECRET_KEY
  fi
}

manage() { "$VENV/bin/python" manage.py "$@"; }

cmd_run() {
  ensure_system_packages
  ensure_venv requirements/base.txt
  ensure_database
  ensure_secret_key
  manage compilemessages --ignore=.venv --verbosity=0
  manage migrate --noinput
  manage sync_roles
  manage load_initial_data
  manage collectstatic --noinput --verbosity=0
  log "Serving on http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops; the database keeps running: scripts/dev.sh stop)"
  # The background worker checks and imports files too long for a request (core/tasks.py); its
  # queue is a table of the database. It stops with the server.
  "$VENV/bin/python" manage.py db_worker --no-reload --verbosity=0 &
  local worker=$!
  # Keeps every treaty's comparison columns and API record before readers ask, again after each
  # publication.
  HTTPS=${HTTPS:-false} "$VENV/bin/python" manage.py keep_comparisons --watch 30 \
    --origin "http://127.0.0.1:${PORT:-8000}" --verbosity=0 &
  local comparisons=$!
  # Plain HTTP on loopback: no redirect to https, and cookies a browser sends back over HTTP.
  HTTPS=${HTTPS:-false} "$VENV/bin/gunicorn" config.wsgi --config config/gunicorn.py &
  local server=$!
  trap 'kill -TERM "$server" "$worker" "$comparisons" 2>/dev/null || true' INT TERM
  local status=0
  wait "$server" || status=$?
  wait "$server" 2>/dev/null || true  # after Ctrl-C, until it has stopped
  kill -TERM "$worker" "$comparisons" 2>/dev/null || true
  wait "$worker" "$comparisons" 2>/dev/null || true
  return "$status"
}

cmd_test() {
  ensure_system_packages
  ensure_test_tools
  ensure_venv requirements/dev.txt
  PG_FSYNC=off ensure_database
  ensure_secret_key
  log "Lint"
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  manage compilemessages --ignore=.venv --verbosity=0
  manage check --fail-level=WARNING
  manage collectstatic --noinput --verbosity=0
  manage makemigrations --check --dry-run >/dev/null \
    || { echo "Models changed without a migration: run manage.py makemigrations." >&2; exit 1; }
  log "Tests"
  # pytest exits 5 when it collects no test, which fails this script as it should.
  "$VENV/bin/pytest" "$@"
}

# The bench database: the real record plus the synthetic one, and its SQLite copy for Datasette.
prepare_bench_data() {
  local work="$ROOT/bench/.work"
  mkdir -p "$work"
  command -v wrk >/dev/null || apt_install wrk
  manage migrate --noinput --verbosity=0
  manage load_initial_data
  manage shell -c "from bench.scale_data import generate_scale_data as generate; print(generate(
    treaties=${BENCH_TREATIES:-5000}, clauses_per_treaty=20, reactions_per_treaty=10, reuse=True))"
  local datasette_venv="$ROOT/bench/.venv-datasette"
  if [ ! -x "$datasette_venv/bin/datasette" ]; then
    log "Installing Datasette in bench/.venv-datasette"
    "$PYTHON" -m venv "$datasette_venv"
    "$datasette_venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$datasette_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      -r bench/requirements-datasette.txt
  fi
  local sqlite="$work/$BENCH_SQLITE"
  # Made again when the record or the export changes.
  local stamp="$sqlite.for-$(manage shell -c 'from core.models import RecordVersion as v; print(v.current())' 2>/dev/null | tail -1)-$(sha1sum bench/export_sqlite.py | cut -c1-12)"
  if [ ! -f "$stamp" ] || [ ! -f "$sqlite" ]; then
    log "Exporting the bench database to SQLite for Datasette"
    "$VENV/bin/python" -m bench.export_sqlite "$sqlite"
    "$datasette_venv/bin/sqlite-utils" enable-fts "$sqlite" treaties_clause \
      heading_en summary_en text heading_ar summary_ar --fts5 --create-triggers >/dev/null
    rm -f "$sqlite".for-*
    touch "$stamp"
  fi
}

# Several app servers (bench/scale_out.py): the real record, Debian's redis-server and Caddy.
prepare_scale_out() {
  mkdir -p "$ROOT/bench/.work"
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v caddy >/dev/null || missing+=(caddy)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  manage migrate --noinput --verbosity=0
  manage load_initial_data
}

cmd_bench() {
  local what=${1:-load}
  ensure_system_packages
  ensure_venv requirements/base.txt
  if [ -z "${DATABASE_URL:-}" ]; then
    export PG_BIN PG_HOME PG_DATA PG_SOCKET  # bench/faults.py restarts this cluster
  fi
  # Another size of the synthetic record (BENCH_TREATIES) has a database and a SQLite copy of
  # its own, so sizes can be compared without generating either again.
  local suffix=""
  if [ "${BENCH_TREATIES:-5000}" != 5000 ]; then suffix="_$BENCH_TREATIES"; fi
  export BENCH_SQLITE="bench$suffix.db"
  PG_FSYNC=off DB_NAME="treaties_bench$suffix" ensure_database
  ensure_secret_key
  # The production settings serve hashed static names from the manifest; a stale one is a 500.
  manage collectstatic --noinput --verbosity=0
  if [ "$what" = scale_out ]; then
    prepare_scale_out
  else
    prepare_bench_data
  fi
  log "Running bench/$what.py"
  "$VENV/bin/python" -m "bench.$what"
}

cmd_db() {
  ensure_system_packages
  ensure_database
  echo "DATABASE_URL=$DATABASE_URL"
}

cmd_stop() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --wait stop || true
  fi
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  db) shift; cmd_db "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  *) echo "usage: scripts/dev.sh run|test|db|stop|bench [load|first_answers|faults|imports|scale_out]" >&2; exit 2 ;;
esac
