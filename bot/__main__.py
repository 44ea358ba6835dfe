import sys

from bot.cli import main

# The guard keeps `import bot.__main__` (multiprocessing, tools) from starting the bot.
if __name__ == "__main__":
    sys.exit(main())
