"""Widgets that render the game's state; they never change it (they post messages instead)."""
