"""Instructor-side grading package: registry, specs, sandboxed runner, nbgrader bridge, CLI.

Never shipped to learners. Importing it has no side effects.
"""
