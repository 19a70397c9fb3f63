"""`python -m generator.cli`, the same as the console script `policy`."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
