"""`tnt saves`: the saved games, newest first."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.session.games import format_listing, list_saves


def saves_cli(args: argparse.Namespace, content_dir: Path) -> int:
    """`tnt saves`: the saved games, newest first. Always 0: an unreadable save is a row too."""
    saves_dir = Path(args.saves)
    listings = list_saves(saves_dir, content_dir, replay=True)  # resume's reasons
    if not listings:
        print(f"No saved games in {saves_dir}. Start one with: tnt play")
        return 0
    for line in format_listing(listings):
        print(line)
    print(f"{len(listings)} saved game(s) in {saves_dir}. Continue one: tnt play --resume SAVE")
    return 0
