"""Hidden grader specs, one module per assignment id (see graders/spec.py)."""
