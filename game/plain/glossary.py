"""Plain mode's glossary: read on first use from the content folder, listed or one term
explained on `glossary [TERM]`."""

from __future__ import annotations

from pathlib import Path

from game.content.glossary import Glossary, entry_lines, load_glossary
from game.content.loader import ContentErrors
from game.plain.base import PlainBase
from game.plain.parse import (
    InputError,
    _norm,
    did_you_mean,
    listing,
)


class PlainGlossary(PlainBase):
    """The glossary, read once on first use; a broken one costs only the glossary."""

    def glossary(self) -> Glossary | None:
        """Read on first use; None (and a reason in `_glossary_problem`) if it is broken."""
        if self._glossary is None and not self._glossary_problem:
            try:
                self._glossary = load_glossary(self.contents())
            except ContentErrors as exc:
                self._glossary_problem = f"The glossary could not be read: {exc.errors[0]}"
        return self._glossary

    def contents(self) -> Path:
        if self.content_dir is None:
            from game.content.loader import default_content_dir

            self.content_dir = default_content_dir()
        return self.content_dir

    def do_glossary(self, rest: str) -> bool:
        glossary = self.glossary()
        if glossary is None:
            self.say(self._glossary_problem)
            return True
        if not rest:
            terms = [entry.term for entry in glossary.entries]
            self.say(f"The glossary, {len(terms)} terms: {listing(terms, 'and')}.")
            self.say(
                f"Type glossary and a term for what it means, for example: glossary {terms[0]}."
            )
            return True
        entry = glossary.find(rest)
        if entry is None:
            words = [e.id for e in glossary.entries] + [e.term.lower() for e in glossary.entries]
            hint = did_you_mean(_norm(rest), words)
            raise InputError(f"No glossary term '{rest}'.{hint} Type glossary for the list.")
        self.say(*entry_lines(entry, glossary))
        return True
