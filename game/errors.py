"""Errors every layer may raise and only the CLI turns into an exit status."""


class UsageError(Exception):
    """Bad usage or unusable input: exit 2."""
