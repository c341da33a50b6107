"""One running game (Session) and its save files."""
