"""`python -m bench` (what `make bench` runs): see bench/run.py."""

import sys

from .run import main

sys.exit(main())
