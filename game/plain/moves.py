"""Plain mode's prompt and the moves it offers: the one line before every line read, and the
commands that move the game (offer, draft, propose, accept, reject, walk, choose, signal and an
empty line to go on), each sent to the engine through the Session."""

from __future__ import annotations

from game.engine.commands import (
    Accept,
    Choose,
    Command,
    Proceed,
    Propose,
    Reject,
    Signal,
    WalkAway,
)
from game.engine.machine import IllegalMove
from game.engine.model import Phase, SideEvent
from game.plain.debrief import PARTS
from game.plain.parse import (
    InputError,
    listing,
    match_answer,
    match_issue,
    match_signal,
    parse_changes,
    prompt_moves,
)
from game.plain.saving import why_unwritten
from game.plain.table import PlainTable
from game.present.narrate import event_lines
from game.present.words import percent, score_line, side_name
from game.session.saves import SaveError


class PlainMoves(PlainTable):
    """The prompt, and the commands that make a move; a move is narrated, then the table."""

    # -- the prompt: one line before every line read ------------------------------------------

    def prompt_line(self) -> str:
        """The question for the moment, with the answers it takes."""
        state = self.session.state
        if state.phase is Phase.END:
            reads = [command for command, _ in PARTS]
            rest = [*reads, "picture", "moment N", "glossary", "export", "help", "quit"]
            if self.next_part < len(PARTS):
                name = PARTS[self.next_part][1]
                return (
                    f"Read on? Press Enter for part {self.next_part + 1}, {name}, "
                    f"or type {listing(rest)}."
                )
            return f"Read again? Type {listing(rest)}."
        choices = self.session.choices()
        if choices.event:
            event = self.scenario.event(choices.event)
            answers = [f"choose {n}" for n in range(1, len(choices.options) + 1)]
            return (
                f"Your answer to {event.title}? Type {listing(answers)} (or just the number), "
                "event to read it again, or help."
            )
        if choices.only_proceed and state.phase is Phase.BRIEFING:
            return (
                "Go to the table? Press Enter to start round 1, "
                "or type brief, issues, glossary, help or quit."
            )
        if choices.only_proceed:
            stages = self.scenario.ratification
            chance_of = self.session.view().vote_chance
            if chance_of is not None:
                stage = stages[state.ratify_step]
                chance = percent(chance_of)
                return (
                    f"Vote {state.ratify_step + 1} at home: {stage.name} "
                    f"({side_name(stage.side)}), chance of passing {chance}. Hold it now? "
                    "Press Enter to hold it, or type votes, help or quit."
                )
            return "Conclude? Press Enter to see the deal take effect, or type help or quit."
        return f"Your move? Type {listing(prompt_moves(choices))}; help lists every command."

    # -- playing ------------------------------------------------------------------------------

    def submit(self, command: Command) -> bool:
        """Send a move to the engine and narrate what follows; an illegal move changes nothing."""
        before = len(self.session.transcript)
        try:
            self.session.submit(command)
        except IllegalMove as exc:
            self.say(f"Not allowed: {exc.reason}")
            return True
        except (SaveError, OSError) as exc:
            # the move is made (the session commits before it saves), but the file is behind
            reason = why_unwritten(exc)
            self.say(f"Your move is made, but the game could not be saved: {reason}.")
        events = self.session.transcript[before:]
        self.say("")
        state = self.seen().state
        for event in events:
            self.say(*event_lines(event, state, self.player))
        self.say("")
        if self.session.over:
            self.after_the_end()
            return True
        self.situation(events)
        return True

    def do_proceed(self, rest: str) -> bool:
        state = self.session.state
        if state.phase is Phase.END:
            if self.next_part < len(PARTS):
                self.show_part(self.next_part)
            else:
                self.say("That was the whole debrief. Type quit to leave, or a part to read again.")
            return True
        if self.session.legal() == [Proceed(self.player)]:
            return self.submit(Proceed(self.player))
        if state.pending:
            event = self.scenario.event(state.pending[0])
            self.say(f"First answer {event.title}: type choose and an answer.")
        else:
            self.say("An empty line does nothing during the talks. Type a command, or help.")
        return True

    def do_offer(self, rest: str) -> bool:
        terms, _ = parse_changes(self.scenario, rest, self.draft) if rest else (self.draft, [])
        return self.submit(Propose(self.player, terms))

    def do_propose(self, rest: str) -> bool:
        return self.submit(Propose(self.player, self.draft))

    def do_draft(self, rest: str) -> bool:
        if not rest:
            self.show_draft()
            return True
        terms, named = parse_changes(self.scenario, rest, self.draft)
        for issue in dict.fromkeys(named):
            label = self.scenario.issues[issue].options[terms.picks[issue]].label
            self.say(f"Draft: {self.scenario.issues[issue].name} set to {label}.")
        self.draft = terms
        self.say(score_line(self.seen().state, self.player, terms, "Your draft"))
        return True

    def do_accept(self, rest: str) -> bool:
        seen = self.seen()
        state = seen.state
        if Accept(self.player) in self.session.legal() and state.standing is not None:
            worth = seen.utility(state.standing.terms)
            if worth < seen.reservation:
                # legal, and sometimes a lesson, but never by accident
                sure = self.ask_yes_no(
                    "This offer is worth less to you than no deal. Accept it anyway?"
                )
                if not sure:
                    self.say("You have not accepted.")
                    return True
        return self.submit(Accept(self.player))

    def do_reject(self, rest: str) -> bool:
        return self.submit(Reject(self.player))

    def do_walk(self, rest: str) -> bool:
        if WalkAway(self.player) not in self.session.legal():
            return self.submit(WalkAway(self.player))  # the engine says why not
        if self.ask_yes_no("Really walk away? There will be no deal."):
            return self.submit(WalkAway(self.player))
        self.say("You stay at the table.")
        return True

    def do_choose(self, rest: str) -> bool:
        state = self.session.state
        if not state.pending:
            return self.submit(Choose(self.player, "", rest))  # the engine says why not
        event = self.scenario.event(state.pending[0])
        if not rest:
            raise InputError(f"Choose what? Answers to {event.title}: " + _ids(event) + ".")
        return self.submit(Choose(self.player, event.id, match_answer(event, rest)))

    def do_event(self, rest: str) -> bool:
        if not self.session.state.pending:
            self.say("No side-event is waiting for your answer. Type log for the events so far.")
            return True
        self.pending_choice()
        return True

    def do_signal(self, rest: str) -> bool:
        words = rest.split()
        if not words:
            raise InputError("Signal what? Type signals to list them, then: signal NAME.")
        signal = match_signal(self.scenario, words[0])
        issue = ""
        if len(words) > 1:
            issue = self.scenario.issues[match_issue(self.scenario, " ".join(words[1:]))].id
        return self.submit(Signal(self.player, signal, issue))

    def do_signals(self, rest: str) -> bool:
        mine = [s for s in self.scenario.signals if self.player in s.sides]
        self.say(f"Signals you can send, one a turn ({len(mine)}):")
        for signal in mine:
            usage = f"signal {signal.id}" + (" ISSUE" if signal.needs_issue else "")
            line = f"{usage}: {signal.label}."
            if signal.description:
                line += f" {' '.join(signal.description.split())}"
            self.say(line)
        return True


def _ids(event: SideEvent) -> str:
    return ", ".join(option.id for option in event.options)
