"""The pure, deterministic negotiation engine: no textual, no rich, no I/O, no clock."""
