import sys

from armswatch.cli import main

sys.exit(main())
