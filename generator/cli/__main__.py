"""`python -m generator.cli`, the same as the console script `policy`."""

import sys

from generator.cli.entry import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
