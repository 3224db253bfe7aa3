"""The command line, `python -m analytics COMMAND`: main (argparse and the one place a
ContinuumError becomes an "Error: ..." line), common (the --db argument) and one module
per command. Sits on top: imports every other part, and nothing imports it."""
