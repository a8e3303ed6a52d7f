"""`dls`: the course's command line (also `python -m graders`).

Instructor commands wrap nbgrader (release, autograde, feedback, export) and the
trusted grader (grade); maintainer commands rebuild and check what the
repository derives (refs, check, nb normalize, data check). Every expected
failure prints one line starting with `dls: error:` and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from graders.registry import ASSIGNMENTS, UnknownAssignmentError, get_assignment

EXIT_USAGE = 2


class CliError(Exception):
    """Bad input a command found itself; `main` prints it as one line."""


def _ids(values: Sequence[str]) -> list[str]:
    ids = list(values) or list(ASSIGNMENTS)
    return [get_assignment(i).id for i in ids]  # validates every id up front


# --------------------------------------------------------------------------- commands


def cmd_release(args: argparse.Namespace) -> int:
    from graders.nbgrader_bridge import release

    for path in release(_ids(args.ids)):
        print(f"released {path}")
    return 0


def cmd_autograde(args: argparse.Namespace) -> int:
    from graders.cluster import scheduler_address
    from graders.demo import default_workers
    from graders.nbgrader_bridge import autograde
    from graders.sandbox import SandboxUnavailable, isolation_level

    try:
        level = isolation_level()
    except SandboxUnavailable as exc:
        raise CliError(str(exc)) from None
    print(f"learner code runs in: {level}" + ("" if level == "bwrap" else " (no sandbox)"))
    autograde(
        _ids(args.ids),
        args.student or None,
        workers=args.workers or default_workers(),
        force=args.force,
        execute=not args.no_execute,
        scheduler=scheduler_address(args.scheduler),
    )
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from graders.collect import CollectError, collect

    try:
        done = collect(args.source, get_assignment(args.id).id, args.pattern)
    except CollectError as exc:
        raise CliError(str(exc)) from None
    for student, path in done.imported:
        print(f"collected {student}: {path}")
    for name, reason in done.refused:
        print(f"refused {name}: {reason}")
    print(f"{len(done.imported)} submission(s) collected, {len(done.refused)} file(s) refused")
    return 0 if done.imported or not done.refused else 1


def cmd_report(args: argparse.Namespace) -> int:
    from graders.nbgrader_bridge import grade_table
    from graders.report import write_report

    if args.ids:
        ids = _ids(args.ids)
    else:  # every assignment the gradebook has submissions of, in course order
        graded = {row["assignment"] for row in grade_table()}
        ids = [aid for aid in ASSIGNMENTS if aid in graded]
    print(f"class report written to {write_report(ids, args.output)}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from graders.nbgrader_bridge import feedback

    for path in feedback(_ids(args.ids)):
        print(f"feedback {path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graders.nbgrader_bridge import export_csv

    print(f"grades written to {export_csv(Path(args.output))}")
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    from graders.nbgrader_bridge import grade_table, print_grade_table

    print_grade_table(grade_table())
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from graders.engine import grade_submission

    targets = args.submission
    if len(targets) > 1 or Path(targets[0]).is_dir():
        return _grade_batch(args)
    started = time.perf_counter()
    report = grade_submission(targets[0], args.assignment)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({**report.to_dict(), "seconds": round(elapsed, 2)}, indent=2))
        return 0
    print(f"{report.assignment_id}: {Path(targets[0]).name}  (sandbox: {report.isolation})")
    for r in report.results:
        mark = "PASS" if r.passed else "FAIL"
        print(f"  {mark}  {r.name:<26}{r.points:>4g}/{r.max_points:<4} {r.message}")
    print(f"  total {report.score:g}/{report.max_score}  ({elapsed:.1f} s)")
    if report.isolation != "bwrap":
        print("  warning: no sandbox here (DLS_SANDBOX=limits-only or no Linux namespaces);")
        print("  the learner code ran with resource limits only")
    return 0


def _grade_batch(args: argparse.Namespace) -> int:
    """`dls grade FOLDER_OR_FILES...`: trusted grading of many notebooks on the pool."""
    from graders.batch import BatchProgress, notebook_files, tasks_for_files
    from graders.cluster import scheduler_address
    from graders.demo import default_workers
    from graders.nbgrader_bridge import run_tasks

    files = notebook_files(args.submission)
    if not files:
        raise CliError(f"no notebooks in {' '.join(args.submission)}")
    tasks, unreadable = tasks_for_files(files, args.assignment)
    started = time.perf_counter()
    progress = BatchProgress(len(files), quiet=args.json)
    outcomes = list(unreadable)
    for outcome in unreadable:
        progress.update(outcome)
    workers = args.workers or default_workers()
    scheduler = scheduler_address(args.scheduler)
    for outcome in run_tasks(tasks, workers, scheduler=scheduler, execute=False):
        outcomes.append(outcome)
        progress.update(outcome)
    elapsed = time.perf_counter() - started
    if args.json:
        rows = [
            {
                "file": o.student,
                "assignment": o.assignment_id,
                "report": o.report,
                "problem": o.problem,
            }
            for o in sorted(outcomes, key=lambda o: o.student)
        ]
        print(json.dumps({"seconds": round(elapsed, 2), "submissions": rows}, indent=2))
        return 0
    progress.close()
    for o in sorted(outcomes, key=lambda o: o.student):
        if o.report is not None:
            score = f"{o.report['score']:g}/{o.report['max_score']}"
            print(f"  {score:>10} {o.assignment_id}  {o.student}")
    print(f"  {len(outcomes)} notebook(s) in {elapsed:.1f} s on {workers} worker(s)")
    return 0


def cmd_refs(args: argparse.Namespace) -> int:
    from graders.engine import write_references

    for aid in _ids(args.ids):
        print(f"wrote {write_references(aid)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from graders.engine import stale_references
    from graders.manifest import check_manifest
    from graders.notebooks import normalize_file

    problems = []
    for aid in _ids(args.ids):
        assignment = get_assignment(aid)
        if not assignment.source_notebook.exists():
            problems.append(f"{aid}: source notebook {assignment.source_notebook} is missing")
            continue
        if normalize_file(assignment, check=True):
            problems.append(
                f"{aid}: source notebook is not normalised (run `dls nb normalize {aid}`)"
            )
        for name, why in stale_references(aid).items():
            problems.append(
                f"{aid}.{name}: reference outputs are stale, {why} (run `dls refs {aid}`)"
            )
    problems += [f"datasets: {p}" for p in check_manifest()]
    for problem in problems:
        print(problem)
    print("check: ok" if not problems else f"check: {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_nb_normalize(args: argparse.Namespace) -> int:
    from graders.notebooks import normalize_file

    changed = [
        aid for aid in _ids(args.ids) if normalize_file(get_assignment(aid), check=args.check)
    ]
    verb = "would change" if args.check else "normalised"
    for aid in changed:
        print(f"{verb} {get_assignment(aid).source_notebook}")
    return 1 if (args.check and changed) else 0


def cmd_nb_from_percent(args: argparse.Namespace) -> int:
    from graders.notebooks import dumps, from_percent

    Path(args.output).write_text(dumps(from_percent(Path(args.source).read_text())))
    print(f"wrote {args.output}; now run `dls nb normalize`")
    return 0


def cmd_data_check(args: argparse.Namespace) -> int:
    from graders.manifest import check_manifest

    problems = check_manifest()
    for problem in problems:
        print(problem)
    print("datasets: ok" if not problems else f"datasets: {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_data_build(args: argparse.Namespace) -> int:
    """Run the builders of the named artefacts (all of them with no names)."""
    import subprocess

    from graders.manifest import load_manifest

    artifacts = load_manifest().get("artifacts", {})
    names = args.names or sorted(artifacts)
    unknown = [n for n in names if n not in artifacts]
    if unknown:
        raise CliError(f"unknown artefact(s) {', '.join(unknown)} (known: {', '.join(artifacts)})")
    builders = dict.fromkeys(artifacts[n]["builder"] for n in names)  # ordered, no repeats
    root = Path(__file__).resolve().parent.parent
    for builder in builders:
        print(f"building with {builder} ...", flush=True)
        done = subprocess.run([sys.executable, str(root / builder)], cwd=root, check=False)
        if done.returncode != 0:
            raise CliError(f"{builder} failed with exit status {done.returncode}")
    return 0


def _with_kernel_language(path: Path) -> str:
    """The notebook's text with this environment's kernel `language_info` in its metadata.

    JupyterLab writes the kernel's language_info on open; a notebook that already has
    it opens unmodified (no "save changes?" when it is closed untouched). The version
    in it is this machine's, so it goes into the learner's copy, not the sources.
    """
    import json

    from ipykernel.ipkernel import IPythonKernel

    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["language_info"] = dict(IPythonKernel.language_info)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def cmd_workspace(args: argparse.Namespace) -> int:
    """Copy released notebooks into a learner folder, never overwriting a learner's file."""
    import shutil

    from graders.nbgrader_bridge import release_path

    root = Path(args.dir)
    for aid in _ids(args.ids):
        assignment = get_assignment(aid)
        source = release_path(assignment).parent
        if not source.exists():
            print(f"{aid}: not released yet (run `dls release {aid}`)")
            continue
        target = root / assignment.course / assignment.folder
        for path in sorted(source.rglob("*")):
            destination = target / path.relative_to(source)
            if path.is_file() and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                if path.suffix == ".ipynb":
                    destination.write_text(_with_kernel_language(path), encoding="utf-8")
                else:
                    shutil.copy2(path, destination)
        print(f"{aid}: {target}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from graders.demo import run_demo

    ids = _ids(args.ids)
    feedback = (
        None if args.feedback is None else _ids([] if args.feedback == ["all"] else args.feedback)
    )
    return run_demo(ids, workers=args.workers, feedback_ids=feedback)


def cmd_new(args: argparse.Namespace) -> int:
    """Registry entry (when new) and skeleton files of an assignment."""
    from graders import registry
    from graders.scaffold import ScaffoldError, add_registry_entry, scaffold

    aid = args.id.lower()
    if aid not in registry.ASSIGNMENTS:
        if not (args.folder and args.title and args.exercises):
            raise CliError(f"{aid} is new: give --folder, --title and --exercises")
        try:
            add_registry_entry(aid, args.folder, args.title, args.exercises)
        except ScaffoldError as exc:
            raise CliError(str(exc)) from None
        print(f"added {aid} to graders/registry.py")
        import importlib

        registry = importlib.reload(registry)
    assignment = registry.ASSIGNMENTS[aid]
    if args.exercises and tuple(args.exercises) != assignment.exercise_names:
        raise CliError(
            f"{aid} is registered with {list(assignment.exercise_names)}; edit the registry "
            "entry to change them"
        )
    for path in scaffold(assignment):
        print(f"wrote {path}")
    print(f"next: write the lesson, then `dls nb normalize {aid}` and `dls refs {aid}`")
    return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dls", description=__doc__.split("\n")[0])
    parser.add_argument("--course-dir", help="nbgrader course directory (default: _course/)")
    parser.add_argument(
        "--db-url", help="gradebook database URL (default: SQLite in the course dir)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_text: str, ids: bool = True
    ):
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(func=func)
        if ids:
            command.add_argument(
                "ids", nargs="*", metavar="ID", help="assignment ids (default: all)"
            )
        return command

    add("release", cmd_release, "generate the learner versions (nbgrader generate_assignment)")
    auto = add("autograde", cmd_autograde, "autograde submissions and store the trusted scores")
    auto.add_argument("--student", action="append", help="only this learner (repeatable)")
    auto.add_argument("--workers", type=int, help="parallel graders (default: the CPU count)")
    auto.add_argument(
        "--force", action="store_true", help="regrade submissions already graded unchanged"
    )
    auto.add_argument(
        "--no-execute",
        action="store_true",
        help="trusted scores only: skip nbgrader's run of the notebook (no feedback copy)",
    )
    auto.add_argument(
        "--scheduler",
        help="Dask scheduler, e.g. tcp://HOST:8786 (default: $DLS_SCHEDULER, else local pool)",
    )
    col = add(
        "collect", cmd_collect, "import submissions from a zip or folder (one per learner)", False
    )
    col.add_argument("source", help="zip archive or folder of notebooks")
    col.add_argument("id", help="assignment id")
    col.add_argument(
        "--pattern",
        default=r"^(?P<student_id>[^_]+)",
        help="regex on the file name giving (?P<student_id>...) (default: up to the first _)",
    )
    add("feedback", cmd_feedback, "write feedback HTML (hidden tests removed)")
    rep = add("report", cmd_report, "class report: one HTML page (default: graded assignments)")
    rep.add_argument("--output", default="class_report.html", help="HTML file to write")
    export = add("export", cmd_export, "export the gradebook as CSV", ids=False)
    export.add_argument("--output", default="grades.csv", help="CSV file to write")
    add("table", cmd_table, "print the gradebook as a table", ids=False)
    grade = add(
        "grade", cmd_grade, "grade submitted notebooks (files or folders) in a sandbox", ids=False
    )
    grade.add_argument(
        "submission", nargs="+", help="a submitted .ipynb, or several, or folders of them"
    )
    grade.add_argument("--workers", type=int, help="parallel graders (default: the CPU count)")
    grade.add_argument(
        "--scheduler",
        help="Dask scheduler, e.g. tcp://HOST:8786 (default: $DLS_SCHEDULER, else local pool)",
    )
    grade.add_argument("--assignment", help="assignment id (default: from the notebook)")
    grade.add_argument("--json", action="store_true", help="machine-readable output")
    work = add(
        "workspace", cmd_workspace, "copy released notebooks to a learner folder (no overwrite)"
    )
    work.add_argument("--dir", default="my_work", help="learner folder (default: my_work/)")
    add("refs", cmd_refs, "rebuild reference outputs from the source solutions")
    add("check", cmd_check, "check notebooks normalised, refs current, data files intact")
    demo = add("demo", cmd_demo, "release, grade the sample submissions, print the grade table")
    demo.add_argument("--workers", type=int, help="parallel graders (default: the CPU count)")
    demo.add_argument(
        "--feedback",
        nargs="+",
        metavar="ID",
        help="assignments nbgrader also runs, for outputs and feedback pages, or 'all' "
        "(default: c1w2a2 c2w3a1; the others get trusted scores only)",
    )
    new = add("new", cmd_new, "start an assignment: registry entry and skeleton files", ids=False)
    new.add_argument("id", help="assignment id, e.g. c4w1a1")
    new.add_argument("--folder", help="assignment folder, e.g. W1_A1_Convolution_Step_by_Step")
    new.add_argument("--title", help="the assignment's title")
    new.add_argument("--exercises", nargs="+", metavar="NAME", help="graded functions, in order")
    nb = sub.add_parser("nb", help="notebook maintenance").add_subparsers(
        dest="nb_command", required=True
    )
    norm = nb.add_parser("normalize", help="normalise source notebooks in place")
    norm.add_argument("ids", nargs="*", metavar="ID")
    norm.add_argument(
        "--check", action="store_true", help="only report, exit 1 if any would change"
    )
    norm.set_defaults(func=cmd_nb_normalize)
    conv = nb.add_parser("from-percent", help="convert percent-format text to a notebook")
    conv.add_argument("source")
    conv.add_argument("output")
    conv.set_defaults(func=cmd_nb_from_percent)
    data = sub.add_parser("data", help="dataset maintenance").add_subparsers(
        dest="data_command", required=True
    )
    data.add_parser("check", help="verify data files against the manifest").set_defaults(
        func=cmd_data_check
    )
    build = data.add_parser("build", help="rerun the builders of data artefacts")
    build.add_argument("names", nargs="*", metavar="NAME", help="artefact names (default: all)")
    build.set_defaults(func=cmd_data_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dls` console script."""
    from graders.course import CourseError
    from graders.engine import GradingError
    from graders.notebooks import NotebookError
    from graders.sandbox import SandboxUnavailable
    from shared_utils.data import DataFileError

    args = build_parser().parse_args(argv)
    if args.course_dir:
        os.environ["DLS_COURSE_DIR"] = str(Path(args.course_dir).resolve())
    if args.db_url:
        os.environ["DLS_DB_URL"] = args.db_url
    try:
        return args.func(args)
    except (
        UnknownAssignmentError,
        NotebookError,
        GradingError,
        CourseError,
        DataFileError,
        SandboxUnavailable,
        CliError,
    ) as exc:
        print(f"dls: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dls: interrupted", file=sys.stderr)
        return 130
