import sys

from bot.cli import main

# The guard matters: CV parsing forks children from a forkserver, which imports the main module again.
if __name__ == "__main__":
    sys.exit(main())
