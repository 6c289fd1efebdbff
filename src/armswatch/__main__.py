import sys

from armswatch.cli import main

# guarded: a worker process that Dask spawns imports this module again, and must not run the command
if __name__ == "__main__":
    sys.exit(main())
