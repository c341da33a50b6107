"""Content: the TOML reader, the scenario loader, the glossary, teaching points, assignments
and the checker that runs them all."""

# the scenario played when none is named (tnt play, tnt simulate, a script without `scenario`)
DEFAULT_SCENARIO = "april-2025"
