"""Plain mode's saves and exports: `save`, `quit` and `export`, and the line that says where the
game is saved."""

from __future__ import annotations

from game.plain.debrief import PlainDebrief
from game.session.saves import SaveError
from game.session.session import Session


class PlainSaving(PlainDebrief):
    """`save`, `quit` and `export`; a file that cannot be written costs one line, never the game."""

    def save_note(self, saved: bool = True) -> str:
        return session_save_note(self.session, saved)

    def do_quit(self, rest: str) -> bool:
        note = self.save_note(self.save_quietly())
        if self.session.over:
            self.say(f"{note} Thank you for playing.")
        else:
            self.say(f"You leave the table. {note}")
        return False

    def do_save(self, rest: str) -> bool:
        if self.session.save_path is None:
            self.say(self.save_note())
        elif self.save_quietly():
            self.say(f"Saved. {self.save_note()}")
        return True

    def save_quietly(self) -> bool:
        """Save; False, after one line saying why, when it cannot be written."""
        try:
            self.session.save()
        except (SaveError, OSError) as exc:
            reason = why_unwritten(exc)
            self.say(f"The game could not be saved just now: {reason}.")
            return False
        return True

    def do_export(self, rest: str) -> bool:
        from game.present.exports import export_debrief, export_transcript

        session = self.session
        folder = session.saves_dir or (session.save_path.parent if session.save_path else None)
        if folder is None:
            self.say("This game is not being saved, so there is no saves folder to write to.")
            return True
        try:
            path = export_transcript(session, folder)
            self.say(f"The transcript is written to {path}.")
            if session.over and session.save_path is not None:
                debrief, concepts = self.debrief(), self.concepts()
                problem = self._teaching_problem
                path = export_debrief(session, debrief, concepts, session.save_path, problem)
                self.say(f"The debrief is written to {path}.")
        except (OSError, SaveError) as exc:
            reason = why_unwritten(exc)
            self.say(f"Nothing more could be written: {reason}.")
        return True


def why_unwritten(exc: SaveError | OSError) -> str:
    """Why a file could not be written, in a few words."""
    return exc.reason if isinstance(exc, SaveError) else (exc.strerror or str(exc))


def session_save_note(session: Session, saved: bool = True) -> str:
    if session.save_path is None:
        return "This game is not being saved (no saves folder)."
    if not saved:
        return f"Its last save that could be written is in {session.save_path}."
    return f"The game is saved in {session.save_path}."
