"""Tariffs & Troops: a terminal negotiation role-play game of the 2025 U.S.-Japan talks."""

__version__ = "0.1.0"
