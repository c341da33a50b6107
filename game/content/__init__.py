"""Content: the TOML reader, the scenario loader, the glossary, teaching points, assignments
and the checker that runs them all."""
