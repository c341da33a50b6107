"""The plain, line-by-line front end: for screen readers, braille displays, pipes and scripts.

One thing per line, no colour, no cursor movement, no box drawing, no escape codes; every line
makes sense read aloud on its own. Before every line it reads, the game writes one prompt line:
a question, then the answers it takes ("Your move? Type accept, reject, …"). A line it cannot
use gets one line saying why, then the same prompt again, and changes nothing.

Commands are read one line at a time, so the game plays the same typed at a terminal or piped
in from a file. The Session saves after every move, so end of input, `quit` and a closed
terminal all leave a complete save behind.

Everything the Textual app shows has a command here, built from the same functions: the brief,
the table, side-events with what each answer does, the votes at home, the end, and the debrief
in the app's four parts (the result beside the real deal, the negotiation dance, the teaching
points with their moments, the transcript), the glossary and the exports.

PlainGame is built from one part per module of game/plain/: base.py (the session, the streams,
the draft), brief.py (the opening and the brief), table.py (the table drawn in lines), moves.py
(the prompt and the moves it offers), saving.py (save, quit, export), glossary.py, debrief.py
(the four parts after the end); commands.py lists the commands for `help`, parse.py reads what
is typed, setup.py asks the questions before a game.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from game.plain.commands import AFTER, ALIASES, ANY_TIME, TALKS
from game.plain.moves import PlainMoves
from game.plain.parse import InputError, _norm, did_you_mean
from game.plain.saving import PlainSaving
from game.session.session import Session


class PlainGame(PlainMoves, PlainSaving):
    """The whole front end: every part's commands by name, and the line typed sent to one."""

    def __init__(
        self,
        session: Session,
        out: TextIO,
        lines: Iterator[str],
        echo: bool,
        content_dir: Path | None = None,
    ) -> None:
        super().__init__(session, out, lines, echo, content_dir)
        self.commands: dict[str, Callable[[str], bool]] = {
            "offer": self.do_offer,
            "draft": self.do_draft,
            "propose": self.do_propose,
            "accept": self.do_accept,
            "reject": self.do_reject,
            "walk": self.do_walk,
            "choose": self.do_choose,
            "event": self.do_event,
            "signal": self.do_signal,
            "signals": self.do_signals,
            "issues": self.do_issues,
            "brief": self.do_brief,
            "table": self.do_table,
            "meters": self.do_meters,
            "votes": self.do_votes,
            "log": self.do_log,
            "glossary": self.do_glossary,
            "export": self.do_export,
            "help": self.do_help,
            "save": self.do_save,
            "quit": self.do_quit,
            "proceed": self.do_proceed,
            "result": self.do_result,
            "dance": self.do_dance,
            "picture": self.do_picture,
            "teaching": self.do_teaching,
            "moment": self.do_moment,
            "transcript": self.do_transcript,
            "debrief": self.do_debrief,
        }

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the game should stop reading."""
        verb, _, rest = line.strip().partition(" ")
        verb = _norm(verb)
        if not verb:
            return self.do_proceed("")
        if verb.isdigit():  # a bare number answers the event that waits
            if self.session.state.pending:
                return self.do_choose(verb)
            self.say(f"No side-event is waiting for an answer, so '{verb}' means nothing now.")
            return True
        name = ALIASES.get(verb, verb)
        command = self.commands.get(name)
        if command is None:
            hint = did_you_mean(verb, [*self.commands, *ALIASES])
            self.say(f"Unknown command '{verb}'.{hint} Type help for the list.")
            return True
        try:
            return command(rest.strip())
        except InputError as exc:
            self.say(str(exc))
            return True

    # -- the commands: each returns False to stop the game ------------------------------------

    def do_help(self, rest: str) -> bool:
        first = self.scenario.issues[0]
        example = f"{first.id}={first.options[-1].id}"
        self.say("Commands, one a line. Short forms in brackets. Capitals do not matter.")
        groups = (
            ("At the table:", TALKS),
            ("At any time:", ANY_TIME),
            ("After the game, the debrief:", AFTER),
        )
        for heading, commands in groups:
            self.say(heading)
            for usage, aliases, what in commands:
                short = f" ({aliases})" if aliases else ""
                self.say(f"{usage}{short}: {what.format(example=example)}.")
        return True


# ---------------------------------------------------------------------------------------------
# Entry points


def _line_source(lines: Iterable[str] | TextIO) -> Iterator[str]:
    # readline, not iteration, so a terminal's line is acted on as soon as Enter is pressed
    readline = getattr(lines, "readline", None)
    if readline is not None:
        return iter(readline, "")
    return iter(lines)


def play_plain(
    session: Session,
    lines: Iterable[str] | TextIO,
    out: TextIO,
    echo: bool = False,
    content_dir: Path | None = None,
) -> int:
    """Play `session` to the end and through its debrief, until `quit` or the end of input,
    reading one command a line from `lines` and writing to `out`. Always 0: every way out
    leaves a saved game. `content_dir` holds the glossary and the teaching points (default:
    the game's own content)."""
    game = PlainGame(session, out, _line_source(lines), echo, content_dir)
    game.opening()
    game.brief()
    game.say("")
    if session.over:
        game.end_summary()
        game.after_the_end()
    else:
        game.situation()
    while True:
        game.say(game.prompt_line())
        line = game.read()
        if line is None:
            game.say("", f"End of input. {game.save_note(game.save_quietly())}")
            out.flush()
            return 0
        if not game.handle(line):
            out.flush()
            return 0
