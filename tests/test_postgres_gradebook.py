"""nbgrader's gradebook on a real PostgreSQL server: release, parallel autograde, export.

The test starts a throwaway cluster (`initdb` + `pg_ctl`, Debian's `postgresql`
package; `.ci/run` installs it) on a free loopback port, as an unprivileged user
when the tests run as root (PostgreSQL refuses root), in a folder it creates.
The export of the PostgreSQL gradebook must equal the SQLite run's export.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graders import nbgrader_bridge as bridge
from graders.notebooks import dumps
from graders.registry import ASSIGNMENTS
from graders.samples import sample_submission

pytestmark = pytest.mark.slow
# Debian's server binaries (newest version installed), or $DLS_PG_BIN.
_FOUND = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
PG_BIN = Path(os.environ.get("DLS_PG_BIN") or (_FOUND[-1].parent if _FOUND else "/nonexistent"))
ASSIGNMENT = ASSIGNMENTS["c1w2a1"]
STUDENTS = ("reference", "mistakes", "stubs")
# Both runs hand in at the same instant, so their exports can be compared whole.
HANDED_IN = datetime(2026, 9, 1, 12, 30, 0, 250000, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (apt install postgresql)")
    pytest.importorskip("psycopg")
    folder = Path(tempfile.mkdtemp(prefix="dls-pg-"))  # ours: it may change owner
    prefix: list[str] = []
    if os.getuid() == 0:
        shutil.chown(folder, user="nobody")
        prefix = ["runuser", "-u", "nobody", "--"]
    port = free_port()
    data, log = folder / "data", folder / "server.log"

    def run(*argv: str) -> None:
        subprocess.run([*prefix, *argv], check=True, capture_output=True, cwd=folder)

    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            cwd=folder,
        )
        time.sleep(0.5)
        shutil.rmtree(folder, ignore_errors=True)


def _class_run(root: Path, url: str | None, *, execute: bool) -> list[dict[str, str]]:
    """Release, hand in the sample learners, autograde on 2 workers, export; the CSV rows."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLS_COURSE_DIR", str(root))
        if url:
            mp.setenv("DLS_DB_URL", url)
        else:
            mp.delenv("DLS_DB_URL", raising=False)
        bridge.release([ASSIGNMENT.id])
        for student in STUDENTS:
            nb = sample_submission(ASSIGNMENT, student, bridge.release_path(ASSIGNMENT))
            bridge.submit(ASSIGNMENT, student, dumps(nb), submitted_at=HANDED_IN)
        # The parallel batch: trusted scores (what the gradebook holds).
        outcomes = bridge.autograde(
            [ASSIGNMENT.id], list(STUDENTS), workers=2, execute=False, quiet=True
        )
        assert all(o.report is not None for o in outcomes)
        if execute:  # one learner through nbgrader's run too, for feedback from this gradebook
            (graded,) = bridge.autograde([ASSIGNMENT.id], ["mistakes"], workers=1, quiet=True)
            assert graded.executed
            assert len(bridge.feedback([ASSIGNMENT.id])) == 1
        path = bridge.export_csv(root / "grades.csv")
        with open(path) as f:
            return sorted(csv.DictReader(f), key=lambda r: r["student_id"])


def test_postgres_gradebook_export_equals_the_sqlite_run(postgres_url, tmp_path):
    from sqlalchemy import create_engine, text

    on_postgres = _class_run(tmp_path / "pg", postgres_url, execute=True)
    on_sqlite = _class_run(tmp_path / "sqlite", None, execute=False)
    assert on_postgres == on_sqlite
    assert {r["student_id"] for r in on_postgres} == set(STUDENTS)
    assert {r["timestamp"] for r in on_postgres} == {"2026-09-01 12:30:00.250000"}
    scores = {r["student_id"]: float(r["score"]) for r in on_postgres}
    assert scores["reference"] == ASSIGNMENT.total_points and scores["stubs"] == 0
    # The rows really are in PostgreSQL, not in a stray SQLite file.
    assert not (tmp_path / "pg" / "gradebook.db").exists()
    engine = create_engine(postgres_url)
    with engine.connect() as db:
        count = db.execute(text("select count(*) from submitted_assignment")).scalar()
    engine.dispose()
    assert count == len(STUDENTS)
