import sys

from edgelint.cli import main

sys.exit(main())
