"""The learner's and the instructor's JupyterLab, driven in a real browser.

Debian's Chromium (`/usr/bin/chromium`, driven by Playwright for Python: never
`playwright install`) against real Jupyter servers on loopback, each with a
token and a course folder of its own:

- the learner's JupyterLab, started exactly as `make lab` starts it (inside the
  learner's folder, `JUPYTER_CONFIG_PATH=jupyter_config/learner`);
- the instructor's server with nbgrader's formgrader (`jupyter_config/instructor`),
  after `dls autograde` of two sample learners.

Every flow saves screenshots under tests/screenshots/ (gitignored) for a person to
look at. Pages are waited for by their content (a server's "is running at" line,
all of a notebook's cells attached, the kernel's idle state, a prompt number
changing, rendered math elements), never by fixed sleeps.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graders.registry import REPO_ROOT, get_assignment

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO_ROOT / "tests" / "screenshots"
BIN = Path(sys.executable).parent
TOKEN = "dls-browser-test"
SERVER_START_S = 180
KERNEL_S = 240  # a cell's run, TensorFlow's import included, on a loaded 2-core machine
PAGE_MS = 120_000

BASIC_SIGMOID = '''# GRADED FUNCTION: basic_sigmoid

def basic_sigmoid(x):
    """Sigmoid of one real number, computed with the math module."""
    s = 1 / (1 + math.exp(-x))
    return s
'''
# The typical slip: the exponent's sign.
BASIC_SIGMOID_MISTAKE = BASIC_SIGMOID.replace("math.exp(-x)", "math.exp(x)")
LINEAR_FUNCTION = '''# GRADED FUNCTION: linear_function

def linear_function(X, W, b):
    """Y = WX + b computed with TensorFlow operations."""
    Y = tf.add(tf.matmul(tf.constant(W), tf.constant(X)), tf.constant(b))
    return Y
'''


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.geteuid() == 0:
            pytest.fail(
                f"{CHROMIUM} is missing: run `apt-get install -y chromium` (.ci/run does it)"
            )
        pytest.skip(
            f"Debian's chromium is not installed ({CHROMIUM}) and this user is not root "
            "to install it: `sudo apt-get install chromium` runs these tests"
        )
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage"],  # root in a container
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def new_page(browser: object) -> Iterator[object]:
    """`new_page(server)`: a page in a context of its own, closed after the test."""
    contexts: list[object] = []

    def make(server: Server) -> object:
        page = _new_page(browser, server)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()  # a JupyterLab left open would autosave and poll


def _new_page(browser: object, server: Server) -> object:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Authorization": f"token {server.token}"},
    )
    context.set_default_timeout(PAGE_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return page


def shot(page: object, name: str, element: object | None = None) -> Path:
    path = SHOTS / f"{name}.png"
    (element or page).screenshot(path=str(path))
    return path


# --------------------------------------------------------------------------- servers


class Server:
    """A Jupyter server started as a subprocess; ready once it logs "is running at"."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.token = TOKEN
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            *command,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + SERVER_START_S
        while "is running at" not in log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = log.read_text(errors="replace")[-3000:]
                pytest.fail(f"{command[0]} did not start:\n{tail}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log_file.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter_env(home: Path, config: str, course: Path) -> dict[str, str]:
    """The environment `make lab` gives JupyterLab, with the user's own settings left out."""
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_PATH=str(REPO_ROOT / "jupyter_config" / config),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        DLS_COURSE_DIR=str(course),
    )
    env.pop("DLS_DB_URL", None)
    return env


def _dls(*args: str, course: Path) -> str:
    env = dict(os.environ, DLS_COURSE_DIR=str(course))
    env.pop("DLS_DB_URL", None)
    done = subprocess.run(
        [str(BIN / "dls"), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"dls {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _table(course: Path) -> dict[str, str]:
    """`dls table` as {student: "score / max"} for c1w2a1."""
    rows = {}
    for line in _dls("table", course=course).splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "c1w2a1":
            rows[parts[1]] = f"{float(parts[2]):g} / {float(parts[3]):g}"
    return rows


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder with c1w2a1 and c2w3a1 released (as `make lab` does first)."""
    root = tmp_path_factory.mktemp("browser")
    course = root / "course"
    _dls("release", "c1w2a1", "c2w3a1", course=course)
    return course


@pytest.fixture(scope="module")
def learner(course: Path) -> Iterator[Server]:
    """The learner's JupyterLab, started as the Makefile's `lab` target starts it."""
    recipe = (REPO_ROOT / "Makefile").read_text()
    assert "cd my_work && JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config/learner" in recipe
    home = course.parent / "learner_home"
    work = course.parent / "my_work"
    _dls("workspace", "--dir", str(work), "c1w2a1", "c2w3a1", course=course)
    # A finished notebook (the reference solutions typed in) for nbgrader's Validate.
    from graders.notebooks import dumps
    from graders.samples import sample_submission

    assignment = get_assignment("c1w2a1")
    release = course / "release" / "c1w2a1" / assignment.notebook
    finished = work / "finished" / assignment.notebook
    finished.parent.mkdir(parents=True)
    finished.write_text(dumps(sample_submission(assignment, "reference", release)))
    server = Server(
        [str(BIN / "jupyter"), "lab"],
        cwd=work,
        env=_jupyter_env(home, "learner", course),
        log=course.parent / "learner.log",
    )
    server.work = work
    yield server
    server.stop()


@pytest.fixture(scope="module")
def instructor(course: Path) -> Iterator[Server]:
    """The formgrader after `dls autograde` of two sample learners of c1w2a1."""
    from graders.notebooks import dumps
    from graders.samples import sample_submission

    assignment = get_assignment("c1w2a1")
    release = course / "release" / "c1w2a1" / assignment.notebook
    for student in ("reference", "mistakes"):
        target = course / "submitted" / student / "c1w2a1"
        target.mkdir(parents=True)
        (target / assignment.notebook).write_text(
            dumps(sample_submission(assignment, student, release))
        )
        (target / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC\n")
    _dls("autograde", "c1w2a1", "--workers", "1", course=course)
    server = Server(
        [str(BIN / "jupyter"), "server", f"--ServerApp.root_dir={course.parent}"],
        cwd=REPO_ROOT,  # the formgrader reads ./nbgrader_config.py
        env=_jupyter_env(course.parent / "instructor_home", "instructor", course),
        log=course.parent / "instructor.log",
    )
    yield server
    server.stop()


# --------------------------------------------------------------------------- JupyterLab


def _cells_in(path: Path) -> int:
    return len(json.loads(path.read_text())["cells"])


def open_notebook(page: object, server: Server, relpath: str, workspace: str) -> None:
    """Open a notebook in a fresh workspace; return once every cell is attached and idle."""
    n_cells = _cells_in(server.work / relpath)
    page.goto(f"{server.url}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={TOKEN}")
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length === n",
        arg=n_cells,
    )
    wait_idle(page)


def wait_idle(page: object, timeout_s: float = KERNEL_S) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
        ".some(e => e.textContent.includes('| Idle'))",
        timeout=timeout_s * 1000,
    )


def code_cell(page: object, starts: str) -> object:
    return (
        page.locator(".jp-NotebookPanel .jp-CodeCell")
        .filter(has=page.locator(".cm-content", has_text=starts))
        .first
    )


def set_source(page: object, cell: object, source: str) -> None:
    """Replace a code cell's text as a person would (select all, type)."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)  # no auto-indent of typed newlines
    page.keyboard.press("Escape")


def run_cell(page: object, cell: object, timeout_s: float = KERNEL_S) -> str:
    """Run one cell (Ctrl+Enter); wait for its prompt number to change; return its output."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    prompt.click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "([el, before]) => /\\[\\d+\\]/.test(el.textContent) && el.textContent !== before",
        arg=[prompt.element_handle(), before],
        timeout=timeout_s * 1000,
    )
    return cell.locator(".jp-OutputArea").inner_text()


RAW_MATH_JS = """() => {
    const md = [...document.querySelectorAll('.jp-NotebookPanel .jp-RenderedMarkdown')];
    const raw = md.filter(e => {
        const copy = e.cloneNode(true);
        copy.querySelectorAll('code, pre, mjx-container').forEach(x => x.remove());
        return copy.textContent.includes('$');
    });
    return {markdown: md.length, raw: raw.length,
            math: document.querySelectorAll('.jp-NotebookPanel mjx-container').length,
            pageRawDollars: document.body.innerText.includes('$$')};
}"""


# --------------------------------------------------------------------------- flows


def test_learner_lesson_and_graded_cell(new_page: object, learner: Server) -> None:
    """Flow 1 (c1w2a1): math rendered; a correct basic_sigmoid passes, a slip is explained."""
    page = new_page(learner)
    path = "C1_NeuralNetworks/W2_A1_Python_Basics_with_Numpy/Python_Basics_with_Numpy.ipynb"
    open_notebook(page, learner, path, "flow1")
    page.wait_for_function(f"() => {{ const r = ({RAW_MATH_JS})(); return r.raw === 0; }}")
    math = page.evaluate(RAW_MATH_JS)
    assert math["math"] > 10 and math["raw"] == 0 and not math["pageRawDollars"], math
    sigma = page.locator(".jp-RenderedMarkdown:has(mjx-container)").nth(1)
    sigma.scroll_into_view_if_needed()
    shot(page, "flow1_lesson_math")

    run_cell(page, code_cell(page, "import math"))
    graded = code_cell(page, "# GRADED FUNCTION: basic_sigmoid")
    test = code_cell(page, "public_tests.test_basic_sigmoid(basic_sigmoid)")
    set_source(page, graded, BASIC_SIGMOID)
    assert run_cell(page, graded) == ""
    out = run_cell(page, test)
    assert "basic_sigmoid: all 3 public tests passed" in out, out
    shot(page, "flow1_test_passed")

    set_source(page, graded, BASIC_SIGMOID_MISTAKE)
    run_cell(page, graded)
    out = run_cell(page, test)
    assert "basic_sigmoid failed" in out and "public tests" in out, out
    assert "expected " in out and ", got " in out and "hint:" in out, out
    assert "Traceback" not in out and "File " not in out, out  # no traceback noise
    test.scroll_into_view_if_needed()
    shot(page, "flow1_mistake_message")

    # A figure the lesson draws (matplotlib) arrives as an image that loads.
    figure_cell = code_cell(page, "toy = np.arange(27)")
    run_cell(page, figure_cell)
    image = figure_cell.locator(".jp-OutputArea img").first
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth > 100")
    image.scroll_into_view_if_needed()
    shot(page, "flow1_figure")
    assert not page.js_errors, page.js_errors


def test_learner_validate(new_page: object, learner: Server) -> None:
    """Flow 2: nbgrader's Validate on a finished notebook says it passes."""
    page = new_page(learner)
    open_notebook(page, learner, "finished/Python_Basics_with_Numpy.ipynb", "flow2")
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=KERNEL_S * 1000)
    text = dialog.inner_text()
    shot(page, "flow2_validate")
    assert "Success! Your notebook passes all the tests." in text, text


def test_learner_tensorflow_notebook(new_page: object, learner: Server) -> None:
    """Flow 3 (c2w3a1): the kernel starts, TensorFlow imports, a graded cell passes its test.

    The times are printed, not asserted (they depend on the machine); the README
    quotes them for learners.
    """
    page = new_page(learner)
    path = "C2_Improving/W3_A1_TensorFlow_Introduction/TensorFlow_Introduction.ipynb"
    started = time.perf_counter()
    open_notebook(page, learner, path, "flow3")
    kernel_ready = time.perf_counter() - started
    run_cell(page, code_cell(page, "import time"))
    imported = time.perf_counter() - started
    graded = code_cell(page, "# GRADED FUNCTION: linear_function")
    set_source(page, graded, LINEAR_FUNCTION)
    run_cell(page, graded)
    out = run_cell(page, code_cell(page, "public_tests.test_linear_function(linear_function)"))
    passed = time.perf_counter() - started
    assert "linear_function: all" in out and "passed" in out, out
    shot(page, "flow3_tensorflow")
    print(
        f"c2w3a1 in the browser: page and kernel ready {kernel_ready:.0f} s, "
        f"imports (TensorFlow) done {imported:.0f} s, test passed {passed:.0f} s"
    )


def test_instructor_formgrader(new_page: object, instructor: Server, course: Path) -> None:
    """Flow 4: formgrader shows `dls table`'s scores, rendered math; ⚡ keeps trusted scores."""
    table = _table(course)
    assert set(table) == {"mistakes", "reference"} and table["mistakes"] != table["reference"]
    page = new_page(instructor)

    page.goto(f"{instructor.url}/formgrader/gradebook")
    page.locator("td a", has_text="c1w2a1").wait_for()

    page.goto(f"{instructor.url}/formgrader/manage_submissions/c1w2a1")
    for student, score in table.items():
        row = page.locator("tr", has=page.locator("td", has_text=student))
        row.locator("td", has_text=" / ").first.wait_for()
        assert row.locator("td", has_text=" / ").first.inner_text() == score, student
    shot(page, "flow4_submissions")

    page.goto(f"{instructor.url}/formgrader/gradebook/c1w2a1/Python_Basics_with_Numpy")
    link = page.locator("a[href*='/formgrader/submissions/']").first
    link.wait_for()
    page.goto(instructor.url + link.get_attribute("href"))
    page.wait_for_function(
        "() => window.MathJax && MathJax.loaded && "
        "document.querySelectorAll('#notebook .MathJax_Display').length > 3"
    )
    assert not page.evaluate("document.querySelector('#notebook').innerText.includes('$$')")
    # A tall window shows the lesson's first formulas (the page scrolls itself to a cell).
    page.set_viewport_size({"width": 1280, "height": 1800})
    page.evaluate("document.fonts.ready.then(() => true)")
    shot(page, "flow4_submission_math")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not page.js_errors, page.js_errors

    # The ⚡ Autograde button of one submission: the trusted grader, the same score.
    page.goto(f"{instructor.url}/formgrader/manage_submissions/c1w2a1")
    row = page.locator("tr", has=page.locator("td", has_text="mistakes"))
    row.locator("td", has_text=" / ").first.wait_for()
    row.locator("td.autograde a").click()
    modal = page.locator(".modal.in .modal-dialog")  # "in": faded in
    modal.wait_for(timeout=KERNEL_S * 1000)
    message = modal.inner_text()
    shot(page, "flow4_autograde")
    assert "Successfully autograded" in message, message
    assert "dls autograde c1w2a1 --student mistakes" in message, message
    assert f"{table['mistakes']} points" in message, message
    assert "could not run the notebook" not in message, message  # outputs kept for feedback
    assert _table(course) == table
    page.goto(f"{instructor.url}/formgrader/manage_submissions/c1w2a1")
    row = page.locator("tr", has=page.locator("td", has_text="mistakes"))
    row.locator("td", has_text=" / ").first.wait_for()
    assert row.locator("td", has_text=" / ").first.inner_text() == table["mistakes"]


def test_learner_menu_and_clean_close(new_page: object, learner: Server) -> None:
    """Flow 5: no instructor menu or panels; an untouched notebook closes without a question."""
    page = new_page(learner)
    path = "C1_NeuralNetworks/W2_A1_Python_Basics_with_Numpy/Python_Basics_with_Numpy.ipynb"
    open_notebook(page, learner, path, "flow5")
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Nbgrader" not in menus, menus
    for panel in ("Assignments", "Courses", "Formgrader", "Create Assignment"):
        assert page.locator(".lm-TabBar-tabLabel", has_text=panel).count() == 0, panel
    # Only the learner's kernel: not the instructor's boxed grading kernel.
    specs = page.request.get(f"{learner.url}/api/kernelspecs").json()["kernelspecs"]
    assert set(specs) == {"python3"}, sorted(specs)
    # The lab's news popup is off.
    assert page.get_by_text("official Jupyter news").count() == 0
    toolbar = page.locator(".jp-NotebookPanel-toolbar")
    assert toolbar.get_by_text("Validate", exact=True).count() == 1
    shot(page, "flow5_menu")

    tab = page.locator(".lm-TabBar-tab", has_text="Python_Basics_with_Numpy.ipynb")
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "marked modified on open"
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    page.wait_for_function(
        "() => document.querySelector('.jp-Dialog') || ![...document.querySelectorAll("
        "'.lm-TabBar-tabLabel')].some(e => e.textContent.includes('Python_Basics_with_Numpy'))"
    )
    shot(page, "flow5_closed")
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()


def test_screenshots_folder_is_ignored() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(SHOTS / "x.png")], cwd=REPO_ROOT, check=False
    )
    if shutil.which("git") and (REPO_ROOT / ".git").exists():
        assert ignored.returncode == 0
