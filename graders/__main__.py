"""`python -m graders` is the same as the `dls` command."""

from graders.cli import main

raise SystemExit(main())
