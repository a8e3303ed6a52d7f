"""Learner-side helpers for the course notebooks.

Import what you need explicitly (`from shared_utils import testing`); importing
the package has no side effects (no seeding, no plotting settings).
"""
