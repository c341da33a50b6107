"""Plain mode after the end: the debrief in the app's four parts, read from the one debrief
document (game.present.debrief_document) as plain lines, plus what only plain mode has: the
dance drawn on `picture`, a teaching point's moment on `moment N`, and the parts read one after
the other on Enter. PlainGame (game.plain.plain) inherits this."""

from __future__ import annotations

from game.engine.events import GameEnded
from game.engine.machine import outcome_value
from game.engine.model import SIDES, other
from game.plain.glossary import PlainGlossary
from game.plain.parse import InputError, listing
from game.present.debrief import Debrief, TeachingPoint, moment_line
from game.present.debrief_document import NO_TEACHING, debrief_document
from game.present.document import Document, Pre
from game.present.narrate import event_lines
from game.present.plain_text import to_lines
from game.present.prepare import concepts, prepare_debrief

# the debrief's parts, in the app's order: (command, what it is called)
PARTS: tuple[tuple[str, str], ...] = (
    ("result", "the result"),
    ("dance", "the negotiation dance"),
    ("teaching", "the teaching points"),
    ("transcript", "the whole game"),
)


class PlainDebrief(PlainGlossary):
    """The debrief's commands. Holds the debrief and its document once the game is over, and
    which part an empty line reads next."""

    def after_the_end(self) -> None:
        """Straight after the game ends: who the counterpart was, then the debrief's first
        part, the result beside the real deal (the app's end screen shows as much)."""
        persona = self.session.state.persona_for(other(self.player))
        style = persona.title[:1].lower() + persona.title[1:]
        if self.scenario.setup.hide_persona:
            self.say(f"Your assignment keeps who played {self.them} hidden: your teacher will say.")
        else:
            self.say(f"{self.them} was played by the computer as {persona.name}: {style}.")
        self.say(
            f"The debrief follows, in {len(PARTS)} parts: "
            + listing([name for _, name in PARTS], "and")
            + ". It shows both sides' numbers now that the game is over."
        )
        self.next_part = 0
        self.show_part(0)

    def end_summary(self) -> None:
        """The ending again, as it was told."""
        ended = [e for e in self.session.transcript if isinstance(e, GameEnded)]
        if ended:
            self.say(*event_lines(ended[-1], self.session.state, self.player))
        else:  # a save from before the ending was an event: the same words from the state
            state = self.session.state
            assert state.ending is not None
            utilities = (outcome_value(state, SIDES[0]), outcome_value(state, SIDES[1]))
            made = GameEnded(state.ending, state.ended_by, utilities)
            self.say(*event_lines(made, state, self.player))

    def debrief(self) -> Debrief:
        """The game's debrief, computed once (a few milliseconds); broken teaching content
        costs only the teaching points, as in the app."""
        if self._debrief is None:
            prepared = prepare_debrief(self.session, self.contents())
            self._debrief = prepared.debrief
            self._teaching_problem = prepared.teaching_problem
        return self._debrief

    def document(self) -> Document:
        if self._document is None:
            self._document = debrief_document(
                self.debrief(), None, self.concepts(), True, self._teaching_problem
            )
        return self._document

    def concepts(self) -> dict[str, str]:
        return concepts(self.glossary())

    def _over(self) -> bool:
        if self.session.over:
            return True
        self.say("The debrief comes when the game is over. Type log for everything so far.")
        return False

    def show_part(self, index: int) -> None:
        command, name = PARTS[index]
        self.say(f"Debrief, part {index + 1} of {len(PARTS)}: {name}.")
        blocks = self.document().section(command).blocks
        if command == "transcript":  # read as the app's tab shows it, without the rules
            blocks = tuple(b for b in blocks if not isinstance(b, Pre))
        self.say(*to_lines(blocks, pictures=False))
        if command == "dance":
            self.say("Type picture for the dance drawn in characters.")
        elif command == "teaching" and self.debrief().teaching:
            self.say("Type moment and a point's number to read its moment in the transcript.")
        elif command == "transcript":
            self.say(*(_shown(line) for line in self.debrief().transcript if line.strip()))
        self.say(f"End of part {index + 1}, {name}.")
        self.next_part = max(self.next_part, index + 1)

    def _part(self, command: str) -> bool:
        if self._over():
            self.show_part([c for c, _ in PARTS].index(command))
        return True

    def do_result(self, rest: str) -> bool:
        return self._part("result")

    def do_dance(self, rest: str) -> bool:
        return self._part("dance")

    def do_teaching(self, rest: str) -> bool:
        return self._part("teaching")

    def do_transcript(self, rest: str) -> bool:
        return self._part("transcript")

    def do_debrief(self, rest: str) -> bool:
        if self._over():
            for index in range(len(PARTS)):
                self.show_part(index)
        return True

    def do_picture(self, rest: str) -> bool:
        if not self._over():
            return True
        from game.present.dance import draw_dance

        picture = draw_dance(self.debrief())
        self.say(
            f"The dance drawn in characters, {len(picture.lines)} lines, for sighted readers; "
            "part 2 says the same in words."
        )
        self.say(*picture.lines)
        self.say("What each character marks:", *(line.strip() for line in picture.legend))
        self.say(*(line.strip() for line in picture.notes))
        self.say("End of the picture.")
        return True

    def do_moment(self, rest: str) -> bool:
        if not self._over():
            return True
        teaching = self.debrief().teaching
        if not teaching:
            self.say(self._teaching_problem or NO_TEACHING)
            return True
        if not rest.isdigit() or not 1 <= int(rest) <= len(teaching):
            raise InputError(
                f"No teaching point '{rest}'. Type moment and a number from 1 to "
                f"{len(teaching)}, for example: moment 1."
            )
        self.show_moment(int(rest), teaching[int(rest) - 1])
        return True

    def show_moment(self, number: int, point: TeachingPoint) -> None:
        """The moment's line in the transcript and what it did, under its round's header."""
        transcript = self.debrief().transcript
        index = moment_line(transcript, point.moment, self._head(point))
        header = next((i for i in range(index, -1, -1) if _is_round(transcript[i])), None)
        self.say(f"Teaching point {number}, {point.title}: {point.moment.describe()}.")
        if header is not None and header != index:
            self.say(_shown(transcript[header]))
        end = index + 1
        while end < len(transcript) and transcript[end].startswith("  "):
            end += 1  # what the moment did to meters and moods, indented under it
        self.say(*(_shown(line) for line in transcript[index:end] if line.strip()))
        self.say("End of the moment. Type transcript for the whole game.")

    def _head(self, point: TeachingPoint) -> str:
        """The first line the transcript gives the moment's event (as the app finds it)."""
        events = self.session.transcript
        index = point.moment.event_index
        if not 0 <= index < len(events):
            return ""
        lines = event_lines(events[index], self.session.state, None)
        return lines[0] if lines else ""


def _is_round(line: str) -> bool:
    return line.startswith("== ") and line.endswith(" ==")


def _shown(line: str) -> str:
    """A transcript line as it is read: a round's header without its rules (a screen reader
    reads '=' aloud), ending as a sentence; a detail without its indent."""
    return line[3:-3] + "." if _is_round(line) else line.strip()
