"""The plain, line-by-line front end."""
