"""The browser front end (tnt serve)."""
