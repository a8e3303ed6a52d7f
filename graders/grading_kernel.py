"""An IPython kernel with resource limits, used by nbgrader when it executes submissions.

nbgrader runs a learner's whole notebook in a kernel; without limits one
`np.ones(10**11)` can take the grading machine down. The kernelspec
`dls-grading` (installed by `install_kernelspec`) starts this module.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

MEMORY_BYTES = 8 * 2**30
MAX_FILE_BYTES = 256 * 2**20


def install_kernelspec() -> Path:
    """Write the `dls-grading` kernelspec into this environment (idempotent)."""
    folder = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "dls-grading"
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "graders.grading_kernel", "-f", "{connection_file}"],
        "display_name": "DLS grading (limited)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")
    return folder


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
