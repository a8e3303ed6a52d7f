"""Instructor-side grading package: registry, specs, sandboxed runner, nbgrader bridge, CLI.

Never shipped to learners. Importing it has one side effect, for speed: see below.
"""

import sys

# nbformat validates with jsonschema, which imports `rfc3987_syntax` when it is
# installed (jupyter_events pulls it in); that module compiles 38 lark grammars at
# import, about 2.5 s of CPU in every `dls` process and test worker, for IRI formats
# that no notebook schema uses. Marking it absent makes jsonschema skip those formats.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
