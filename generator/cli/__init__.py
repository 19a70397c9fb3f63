"""The command line, `policy`: one module per command group."""

from generator.cli.policy import main as main

__all__ = ["__main__", "policy", "register"]
