"""Public tests, one module per assignment id (e.g. `c1w2a1`)."""
