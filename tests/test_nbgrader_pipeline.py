"""End to end through nbgrader: release, autograde, feedback, export (the demo's path)."""

from __future__ import annotations

import csv
import html as html_module
import re
from pathlib import Path

import nbformat
import pytest

from graders import nbgrader_bridge as bridge
from graders.autograde import TIMED_OUT_NOTE
from graders.demo import run_demo
from graders.engine import build_cases, solution_sources
from graders.grading_kernel import KERNEL_PROCESSES
from graders.notebooks import dumps, graded_name, read_notebook
from graders.registry import ASSIGNMENTS
from graders.samples import STUDENTS, cheat_cell, fill_graded_cells

pytestmark = pytest.mark.slow
# One numpy and one TensorFlow assignment; `make demo` runs the whole course.
IDS = ["c1w2a1", "c2w3a1"]


@pytest.fixture(scope="module")
def demo_course(tmp_path_factory) -> dict:
    """Run the demo, then again for one assignment in the same course directory.

    The second run releases, hands in, autogrades and exports again: it must
    succeed and leave the gradebook with the same rows, not duplicates.
    """
    root = tmp_path_factory.mktemp("demo") / "course"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLS_COURSE_DIR", str(root))
        mp.delenv("DLS_DB_URL", raising=False)
        first = run_demo(IDS, workers=2, feedback_ids=IDS)
        rows_after_first = bridge.grade_table()
        second = run_demo(IDS[:1], workers=2, feedback_ids=IDS[:1])
        rows_after_second = bridge.grade_table()
        csv_rows = list(csv.DictReader(open(root / "grades.csv")))
    return {
        "root": root,
        "exit_codes": (first, second),
        "rows": (rows_after_first, rows_after_second),
        "csv": csv_rows,
    }


def test_demo_gives_every_sample_learner_the_expected_scores(demo_course):
    assert demo_course["exit_codes"] == (0, 0)


def test_rerunning_the_demo_does_not_duplicate_gradebook_rows(demo_course):
    first, second = demo_course["rows"]
    assert first == second
    assert len(first) == len(IDS) * len(STUDENTS)


def test_gradebook_holds_full_marks_for_reference_and_zero_for_cheats(demo_course):
    rows = {(r["assignment"], r["student"]): r for r in demo_course["rows"][1]}
    for aid in IDS:
        assert rows[(aid, "reference")]["score"] == ASSIGNMENTS[aid].total_points
        assert rows[(aid, "stubs")]["score"] == 0
        assert rows[(aid, "malicious")]["score"] == 0
        assert 0 < rows[(aid, "mistakes")]["score"] < ASSIGNMENTS[aid].total_points


def test_csv_export_lists_every_submission(demo_course):
    assert len(demo_course["csv"]) == len(IDS) * len(STUDENTS)


def test_release_contains_no_solutions_and_no_hidden_tests(demo_course):
    for aid in IDS:
        path = demo_course["root"] / "release" / aid / ASSIGNMENTS[aid].notebook
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        assert "HIDDEN TESTS" not in text and "hidden_check" not in text
        stubs = {
            graded_name(c.source): c.source
            for c in read_notebook(path).cells
            if c.cell_type == "code" and graded_name(c.source)
        }
        assert set(stubs) == set(ASSIGNMENTS[aid].exercise_names)
        for name, source in stubs.items():
            assert "YOUR CODE STARTS HERE" in source and "NotImplementedError" in source, name


def test_feedback_shows_no_hidden_tests_inputs_or_grader_source(demo_course):
    pages = sorted((demo_course["root"] / "feedback").rglob("*.html"))
    assert len(pages) == len(IDS) * len(STUDENTS)
    for page in pages:
        html = page.read_text()
        text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
        # (A learner's own code may mention hidden_check: the malicious one does.)
        assert "HIDDEN TESTS" not in text and re.search(r'hidden_check\("c\dw\da\d"', text) is None
        assert "graders/engine.py" not in text and "sandbox_child" not in text
        aid = page.parent.name
        for name in ASSIGNMENTS[aid].exercise_names:
            for case in build_cases(aid, name)[:2]:
                for arg in case.args:
                    number = _distinctive_number(arg)
                    if number is not None:
                        assert number not in html, f"{page}: hidden input {number} leaked"


def _distinctive_number(arg) -> str | None:
    """A hidden array entry, printed to 6 places, that an honest page would not show by chance.

    Zeros, whole numbers and tiny values ("0.000000") are skipped: lessons print those too.
    """
    if not hasattr(arg, "size") or arg.size < 4:
        return None
    for value in arg.flat[1:16]:
        value = float(value)
        if abs(value) >= 1e-3 and value != round(value):
            return f"{value:.6f}"
    return None


def test_feedback_score_for_a_cheat_is_the_trusted_zero(demo_course):
    for aid in IDS:
        page = demo_course["root"] / "feedback" / "malicious" / aid / ASSIGNMENTS[aid].notebook
        html = page.with_suffix(".html").read_text()
        match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", html)
        assert match and float(match.group(1)) == 0, match and match.group(0)


def test_grading_kernel_cannot_read_the_source_notebook(demo_course, monkeypatch):
    # A learner who steals the instructor's solution inside nbgrader's kernel
    # finds the source folder hidden there too; the rest of the work still counts.
    monkeypatch.setenv("DLS_COURSE_DIR", str(demo_course["root"]))
    assignment = ASSIGNMENTS["c1w2a1"]
    victim = assignment.exercise_names[0]
    release = read_notebook(bridge.release_path(assignment))
    sources = {n: s for n, s in solution_sources(assignment).items() if n != victim}
    sources[victim] = cheat_cell(victim, "steal_solution")
    bridge.submit(assignment, "thief", dumps(fill_graded_cells(release, sources)))
    (result,) = bridge.autograde([assignment.id], ["thief"])
    assert result.executed
    assert result.report["score"] == assignment.total_points - assignment.exercise(victim).points
    autograded = demo_course["root"] / "autograded" / "thief" / assignment.id / assignment.notebook
    test_cell = next(c for c in read_notebook(autograded).cells if c.get("id") == f"test_{victim}")
    assert any(o.get("ename") == "FileNotFoundError" for o in test_cell.outputs)


def test_a_broken_submission_mid_batch_leaves_everyone_else_graded_as_alone(
    demo_course, monkeypatch
):
    """An empty file, corrupt JSON and another assignment's notebook between honest learners."""
    monkeypatch.setenv("DLS_COURSE_DIR", str(demo_course["root"]))
    assignment = ASSIGNMENTS["c1w2a1"]
    honest = demo_course["root"] / "submitted" / "reference" / assignment.id / assignment.notebook
    text = honest.read_text()
    other = ASSIGNMENTS["c2w3a1"]
    broken = {
        "a_empty": "",
        "b_corrupt": "{not json",
        "c_other": (
            demo_course["root"] / "submitted" / "reference" / other.id / other.notebook
        ).read_text(),
    }
    for student, content in broken.items():
        bridge.submit(assignment, student, content)
    for student in ("a_honest", "z_honest"):
        bridge.submit(assignment, student, text)
    students = ["a_empty", "a_honest", "b_corrupt", "c_other", "z_honest"]
    outcomes = {o.student: o for o in bridge.autograde([assignment.id], students, workers=2)}
    assert set(outcomes) == set(students)
    for student in broken:
        assert outcomes[student].report is None
        assert outcomes[student].problem.startswith("could not be graded")
    for student in ("a_honest", "z_honest"):
        assert outcomes[student].report["score"] == assignment.total_points
    rows = {(r["assignment"], r["student"]): r["score"] for r in bridge.grade_table()}
    assert rows[(assignment.id, "a_empty")] == 0
    assert rows[(assignment.id, "z_honest")] == assignment.total_points


# A lesson cell (not graded) of a hostile notebook: everything nbgrader's kernel
# should not be able to do. It reports nothing: the test looks at the machine.
KERNEL_ATTACK = """
import os, signal, subprocess, sys
for target in {targets!r}:
    try:
        with open(target, "w") as stolen:
            stolen.write("written by a learner's kernel")
    except OSError:
        pass
for pid in ({grader_pid}, os.getppid()):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
subprocess.Popen(["sleep", "613"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(613)"])
    os._exit(0)
started = 0
try:
    while started < {bomb}:
        subprocess.Popen(["sleep", "613"])
        started += 1
except OSError:
    pass
print("processes started:", started)
from IPython.display import HTML, display
display(HTML("<b>shown</b><script>window.stolen = document.cookie</script>"))
"""


def _leftover_attack_processes() -> list[str]:
    """Command lines of processes the attack started that are still alive (none may be).

    (Other sandboxes of this machine, e.g. a grader's zygote, legitimately run as
    sandbox users: the attack's processes are told apart by their arguments.)
    """
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "613" in text and ("sleep" in text) and "pytest" not in text:
            found.append(text)
    return found


def test_a_hostile_kernel_changes_nothing_outside_its_box_and_later_learners_are_unaffected(
    demo_course, monkeypatch, tmp_path
):
    """Writes outside its folder, kills the grader, leaves processes: none of it works.

    The honest learner graded after the attacker, by the same worker, gets exactly
    the report of the honest learner graded before it.
    """
    import os

    from graders.registry import REPO_ROOT

    monkeypatch.setenv("DLS_COURSE_DIR", str(demo_course["root"]))
    assignment = ASSIGNMENTS["c1w2a1"]
    honest = bridge.submitted_path(assignment, "reference").read_text()
    targets = [
        REPO_ROOT / "graders" / "pwned_by_kernel.py",
        Path(os.__file__).parent / "pwned_by_kernel.py",
        demo_course["root"] / "submitted" / "reference" / "pwned_by_kernel.txt",
        tmp_path / "pwned_by_kernel.txt",
        Path("/tmp/pwned_by_kernel.txt"),
    ]
    attack = KERNEL_ATTACK.format(
        targets=[str(t) for t in targets], grader_pid=os.getpid(), bomb=2 * KERNEL_PROCESSES
    )
    nb = read_notebook(bridge.submitted_path(assignment, "reference"))
    nb.cells.insert(2, nbformat.v4.new_code_cell(attack))
    bridge.submit(assignment, "a_honest", honest)
    bridge.submit(assignment, "m_attacker", dumps(nb))
    bridge.submit(assignment, "z_honest", honest)
    students = ["a_honest", "m_attacker", "z_honest"]
    outcomes = {o.student: o for o in bridge.autograde([assignment.id], students, workers=1)}
    assert [t for t in targets if t.exists()] == []
    assert _leftover_attack_processes() == []
    assert outcomes["m_attacker"].executed  # the kernel ran the attack, and nothing came of it
    graded = bridge.autograded_path(assignment, "m_attacker").read_text()
    started = int(re.search(r"processes started: (\d+)", graded).group(1))
    shown = [
        output["data"]["text/html"]
        for cell in read_notebook(bridge.autograded_path(assignment, "m_attacker")).cells
        for output in cell.get("outputs", [])
        if "text/html" in output.get("data", {})
    ]
    assert shown and all("<script" not in html for html in shown)  # safe for formgrader
    if os.getuid() == 0:  # the kernel has a user of its own, so its processes are counted
        assert 0 < started < KERNEL_PROCESSES
    assert outcomes["z_honest"].report == outcomes["a_honest"].report
    assert outcomes["z_honest"].report["score"] == assignment.total_points


def test_an_endless_loop_costs_its_exercises_limit_not_nbgraders_cell_timeout(
    demo_course, monkeypatch
):
    """The trusted grader stops the loop at the exercise's limit; nbgrader's run, which
    would wait on the same loop in the test cell and then give up, is not started."""
    monkeypatch.setenv("DLS_COURSE_DIR", str(demo_course["root"]))
    assignment = ASSIGNMENTS["c1w2a1"]
    name = assignment.exercise_names[-1]  # a function no other one uses
    reference = read_notebook(bridge.submitted_path(assignment, "reference"))
    looping = fill_graded_cells(reference, {name: cheat_cell(name, "endless_loop")})
    bridge.submit(assignment, "looping", dumps(looping))
    (outcome,) = bridge.autograde([assignment.id], ["looping"], workers=1)
    scores = {e["name"]: e for e in outcome.report["exercises"]}
    assert scores[name]["points"] == 0 and "took too long" in scores[name]["message"]
    others = [e for n, e in scores.items() if n != name]
    assert all(e["passed"] for e in others)  # graded on the reference's functions
    assert not outcome.executed
    assert TIMED_OUT_NOTE in bridge.autograded_path(assignment, "looping").read_text()


def test_a_long_batch_of_honest_learners_all_get_full_marks_and_the_same_feedback(
    demo_course, monkeypatch
):
    monkeypatch.setenv("DLS_COURSE_DIR", str(demo_course["root"]))
    assignment = ASSIGNMENTS["c1w2a1"]
    honest = bridge.submitted_path(assignment, "reference").read_text()
    students = [f"honest_{i:02d}" for i in range(8)]
    for student in students:
        bridge.submit(assignment, student, honest)
    outcomes = bridge.autograde([assignment.id], students, workers=2)
    reports = [o.report for o in sorted(outcomes, key=lambda o: o.student)]
    assert all(r is not None and r["score"] == assignment.total_points for r in reports)
    assert all(r == reports[0] for r in reports)


def test_feedback_pages_draw_math_offline_and_load_nothing_from_the_network(demo_course):
    for page in sorted((demo_course["root"] / "feedback").rglob("*.html")):
        html = page.read_text()
        assert "<math" in html, page
        assert re.search(r"<script[^>]*src=\"https?://", html) is None, page
        assert "cdnjs.cloudflare.com" not in html, page
