"""Headless play: scripts, the simulator and its bots."""
