"""The kernel nbgrader uses to execute submissions: resource limits and hidden answers.

nbgrader runs a learner's whole notebook in a kernel. Unprotected, that code
could take the machine down (`np.ones(10**11)`) or read the reference outputs,
specs, source notebooks and other learners' submissions and print them into its
own feedback. So the `dls-grading` kernelspec starts this module inside a
private mount namespace (via `unshare`, where the OS allows) and, before
IPython starts, it hides those folders (keeping only the submission's own
folder), drops every capability and sets resource limits. Hidden tests then
reach the grader through `graders.grading_service`.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
from pathlib import Path

MEMORY_BYTES = 8 * 2**30
MAX_FILE_BYTES = 256 * 2**20
ISOLATED_FLAG = "--dls-isolated"


def kernel_argv() -> list[str]:
    """Command line of the kernel: wrapped in `unshare` when namespaces are available."""
    from graders.sandbox import isolation_level, namespace_prefix

    python = [sys.executable, "-m", "graders.grading_kernel"]
    if isolation_level() == "namespaces":
        return [*namespace_prefix(pid=False), *python, ISOLATED_FLAG, "-f", "{connection_file}"]
    return [*python, "-f", "{connection_file}"]


def install_kernelspec() -> Path:
    """Write the `dls-grading` kernelspec into this environment (idempotent)."""
    folder = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "dls-grading"
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": kernel_argv(),
        "display_name": "DLS grading (limited)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")
    return folder


def hide_answers() -> None:
    """Hide every answer-bearing folder except the submission's own (the cwd)."""
    from graders.sandbox import hidden_paths
    from graders.sandbox_child import cover_keeping, drop_capabilities, hide_folders

    here = os.getcwd()
    holding = tempfile.mkdtemp(prefix="dls-kernel-")
    for folder in hidden_paths():
        if here == folder or here.startswith(folder.rstrip("/") + "/"):
            cover_keeping(folder, [here], holding)
        else:
            hide_folders([folder])
    os.rmdir(holding)
    os.chdir(here)  # re-enter through the re-exposed mount
    drop_capabilities()


# Two cores shared by several kernels: multi-threaded BLAS oversubscribes them and
# made notebooks several times slower under load.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def main() -> None:
    os.environ.update(SINGLE_THREADED)
    if ISOLATED_FLAG in sys.argv:
        sys.argv.remove(ISOLATED_FLAG)
        hide_answers()
    for which, value in (
        (resource.RLIMIT_AS, MEMORY_BYTES),
        (resource.RLIMIT_FSIZE, MAX_FILE_BYTES),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass  # not every OS supports every limit (macOS refuses RLIMIT_AS)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
