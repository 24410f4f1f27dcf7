"""scripts/dev.sh brings up PostgreSQL from any checkout root may pick, and stops it again.

Root runs PostgreSQL as the postgres user, who cannot enter a private directory such as /root:
dev.sh then keeps the cluster in the postgres user's home and makes .local/pg a symlink to it.
Each test copies dev.sh into a checkout of its own; none touches the project's own cluster.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

DEV_SH = Path(__file__).resolve().parents[2] / "scripts" / "dev.sh"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# A fixed environment: no DATABASE_URL, DB_NAME or PG_* from the run that started pytest.
ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
}

pytestmark = [
    pytest.mark.skipif(
        os.geteuid() != 0,
        reason="only root runs PostgreSQL as another user (the postgres user); CI runs as root",
    ),
    pytest.mark.skipif(
        not (PG_BIN / "initdb").exists(), reason="PostgreSQL 15 is not installed (make test does)"
    ),
]


def as_postgres(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )


def dev_sh(checkout: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [checkout / "scripts" / "dev.sh", command],
        cwd=checkout,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def socket_of(result: subprocess.CompletedProcess) -> Path:
    """The socket directory of the DATABASE_URL that `dev.sh db` prints last."""
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("DATABASE_URL=postgres://postgres@"), result.stdout
    url = urlsplit(line.removeprefix("DATABASE_URL="))
    assert url.path == "/treaties"
    return Path(unquote(url.netloc.rpartition("@")[2]))


def answers(socket: Path) -> str:
    """What PostgreSQL answers on `socket`, asked by root as the app would be."""
    return subprocess.run(
        [PG_BIN / "psql", "-h", socket, "-U", "postgres", "-d", "treaties", "-tAc", "SELECT 42"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def is_running(pg_home: Path) -> bool:
    # pg_ctl status: 0 when the server runs, 3 when it does not.
    status = as_postgres(PG_BIN / "pg_ctl", "status", "--pgdata", pg_home / "data")
    assert status.returncode in (0, 3), status.stderr
    return status.returncode == 0


def stop_and_remove(pg_home: Path) -> None:
    if (pg_home / "data" / "PG_VERSION").exists():
        as_postgres(PG_BIN / "pg_ctl", "stop", "--pgdata", pg_home / "data", "-m", "immediate")
    shutil.rmtree(pg_home, ignore_errors=True)


def new_checkout(parent: Path) -> Path:
    """What `dev.sh db` needs of a checkout: the script itself."""
    checkout = parent / "treaty"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy2(DEV_SH, checkout / "scripts" / "dev.sh")
    return checkout


@pytest.fixture
def private_checkout(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    private.chmod(0o700)
    checkout = new_checkout(private)
    link = checkout / ".local" / "pg"
    try:
        yield checkout
    finally:
        if link.is_symlink():
            pg_home = Path(os.readlink(link))
            assert pg_home.name.startswith("treaty-timeline-"), pg_home
            stop_and_remove(pg_home)


@pytest.fixture
def reachable_checkout():
    """A checkout the postgres user can enter (pytest's tmp_path is private to root)."""
    parent = Path(tempfile.mkdtemp(prefix="dev-sh-test-"))
    parent.chmod(0o755)
    checkout = new_checkout(parent)
    try:
        yield checkout
    finally:
        stop_and_remove(checkout / ".local" / "pg")
        shutil.rmtree(parent)


def test_db_and_stop_from_a_directory_the_postgres_user_cannot_enter(private_checkout):
    assert as_postgres("test", "-x", private_checkout).returncode != 0

    result = dev_sh(private_checkout, "db")
    socket = socket_of(result)

    link = private_checkout / ".local" / "pg"
    assert link.is_symlink()
    pg_home = link.resolve()
    assert pg_home.name.startswith("treaty-timeline-")
    assert socket == pg_home / "run"
    assert not socket.is_relative_to(private_checkout)
    assert answers(socket) == "42"
    # config/settings.py's default, which root reaches through the symlink.
    assert answers(private_checkout / ".local" / "pg" / "run") == "42"

    assert socket_of(dev_sh(private_checkout, "db")) == socket  # a second run finds it again

    stopped = dev_sh(private_checkout, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert not is_running(pg_home)
    assert (pg_home / "data" / "PG_VERSION").exists()  # stopped, not removed


def test_a_cluster_already_in_the_checkout_stays_there(reachable_checkout):
    # As dev.sh made it before it kept root's clusters out of the checkout.
    pg_home = reachable_checkout / ".local" / "pg"
    pg_home.mkdir(parents=True)
    shutil.chown(pg_home, "postgres", "postgres")
    made = as_postgres(
        PG_BIN / "initdb", "--pgdata", pg_home / "data", "--username=postgres", "--auth=trust"
    )
    assert made.returncode == 0, made.stderr
    assert as_postgres("mkdir", "-m", "700", pg_home / "run").returncode == 0

    socket = socket_of(dev_sh(reachable_checkout, "db"))

    assert not pg_home.is_symlink()
    assert socket == pg_home / "run"
    assert answers(socket) == "42"
    assert dev_sh(reachable_checkout, "stop").returncode == 0
    assert not is_running(pg_home)
