"""The command line, `policy`: one module per command group."""

from generator.cli.entry import main as main

__all__ = ["__main__", "build_server", "entry", "policy", "register"]
