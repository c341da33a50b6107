"""The plain, line-by-line front end: for screen readers, braille displays, pipes and scripts.

One thing per line, no colour, no cursor movement, no box drawing; every line makes sense read
aloud on its own. Commands are read one line at a time, so the game plays the same typed at a
terminal or piped in from a file. The Session saves after every move, so end of input, `quit` and
a closed terminal all leave a complete save behind.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

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
from game.engine.events import Event, SideEventFired
from game.engine.machine import IllegalMove, proposal_base, reservation_value, round_date
from game.engine.model import Phase, Scenario, SideEvent, Terms, other
from game.narrate import (
    DIALOGUE_NOTE,
    ROLE_DESCRIPTIONS,
    choice_lines,
    describe_changes,
    describe_meters,
    describe_terms,
    event_lines,
    nice_date,
    option_points,
    points,
    priority_lines,
    round_line,
    rounds_left_line,
    score_line,
    side_name,
    sources_note,
    vote_line,
)
from game.saves import SaveError, signal_saves
from game.session import Session

ALIASES = {
    "o": "offer",
    "d": "draft",
    "p": "propose",
    "a": "accept",
    "r": "reject",
    "w": "walk",
    "c": "choose",
    "s": "signal",
    "i": "issues",
    "b": "brief",
    "t": "table",
    "m": "meters",
    "l": "log",
    "h": "help",
    "?": "help",
    "q": "quit",
    "exit": "quit",
    "next": "proceed",
    "go": "proceed",
}

# (usage, aliases, what it does): the source of `help` and of the documentation's list
HELP: tuple[tuple[str, str, str], ...] = (
    ("help", "h or ?", "this list"),
    (
        "offer ISSUE=OPTION ...",
        "o",
        "change your draft and propose it at once, for example: offer {example}",
    ),
    (
        "draft ISSUE=OPTION ...",
        "d",
        "change your draft without proposing it; draft alone shows it with its points",
    ),
    ("propose", "p", "propose your draft as it stands"),
    ("accept", "a", "accept the offer on the table; below your reservation value you confirm"),
    ("reject", "r", "turn down the offer on the table without a counter-offer"),
    ("walk", "w", "walk away from the talks for good; you are asked to confirm"),
    ("choose ANSWER", "c", "answer a side-event that waits for you, for example: choose 1"),
    ("signal SIGNAL [ISSUE]", "s", "say something without an offer, once a turn"),
    ("signals", "", "the signals you can send, with what each does"),
    ("issues [ISSUE]", "i", "every issue with its options and their points for you"),
    ("brief", "b", "your confidential brief again"),
    ("table", "t", "the round, the offer on the table and your points for it"),
    ("meters", "m", "the meters, each out of 100"),
    ("log", "l", "everything that has happened so far"),
    ("quit", "q", "save and leave the game"),
    ("an empty line", "next", "go on, when going on is the only move"),
)


class InputError(Exception):
    """A line the player typed that names nothing known; the message is one line for them."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""


def _norm(word: str) -> str:
    return word.strip().lower()


# ---------------------------------------------------------------------------------------------
# Reading issue, option and signal names the way players type them


def match_issue(scenario: Scenario, word: str) -> int:
    """An issue by id, by name or by an unambiguous start of its id."""
    key = _norm(word)
    ids = [issue.id.lower() for issue in scenario.issues]
    names = [issue.name.lower() for issue in scenario.issues]
    if key in ids:
        return ids.index(key)
    if key in names:
        return names.index(key)
    starts = [n for n, issue_id in enumerate(ids) if key and issue_id.startswith(key)]
    if len(starts) == 1:
        return starts[0]
    known = ", ".join(issue.id for issue in scenario.issues)
    raise InputError(f"Unknown issue '{word}'.{did_you_mean(key, ids)} Issues: {known}.")


def _option_key(word: str) -> str:
    # players type 2.5 or 15% for the option ids 2-5 and 15
    return _norm(word).removesuffix("%").replace(".", "-")


def match_option(scenario: Scenario, issue: int, word: str) -> int:
    """An option of `issue` by id (2.5 and 2-5 alike) or by its full label; never by a guess."""
    options = scenario.issues[issue].options
    key = _option_key(word)
    for n, option in enumerate(options):
        if key == option.id.lower() or _norm(word) == option.label.lower():
            return n
    ids = [option.id for option in options]
    hint = did_you_mean(key, ids)
    name = scenario.issues[issue].name
    raise InputError(f"{name} has no option '{word}'.{hint} Options: {', '.join(ids)}.")


def parse_changes(scenario: Scenario, text: str, base: Terms) -> tuple[Terms, list[int]]:
    """`autos=15 farm=rice75` applied to `base`: the new terms and the issues named.
    All or nothing: one bad pair and nothing is applied."""
    terms = base
    named: list[int] = []
    example = f"{scenario.issues[0].id}={scenario.issues[0].options[0].id}"
    for token in re.sub(r"\s*=\s*", "=", text.strip()).split():
        issue_word, sep, option_word = token.partition("=")
        if not sep or not issue_word or not option_word:
            raise InputError(
                f"Write each change as ISSUE=OPTION, such as {example}, not '{token}'."
            )
        issue = match_issue(scenario, issue_word)
        terms = terms.with_pick(issue, match_option(scenario, issue, option_word))
        named.append(issue)
    return terms, named


def match_signal(scenario: Scenario, word: str) -> str:
    key = _norm(word).replace("-", "_")
    ids = [signal.id for signal in scenario.signals]
    if key in ids:
        return key
    starts = [signal_id for signal_id in ids if key and signal_id.startswith(key)]
    if len(starts) == 1:
        return starts[0]
    raise InputError(
        f"Unknown signal '{word}'.{did_you_mean(key, ids)} Type signals to list the signals."
    )


def match_answer(event: SideEvent, word: str) -> str:
    """An answer to a side-event by its id, or by its number in the list."""
    key = _norm(word)
    ids = [option.id for option in event.options]
    lowered = [option_id.lower() for option_id in ids]
    if key in lowered:
        return ids[lowered.index(key)]
    if key.isdigit() and 1 <= int(key) <= len(ids):
        return ids[int(key) - 1]
    hint = did_you_mean(key, ids)
    raise InputError(
        f"'{word}' is not an answer to {event.title}.{hint} Answers: {', '.join(ids)}."
    )


# ---------------------------------------------------------------------------------------------
# The game at the table


class PlainGame:
    """One player's view of a Session, as lines of text. Holds only what the engine does not:
    the player's draft offer (reset whenever the table changes) and the output stream."""

    def __init__(self, session: Session, out: TextIO, lines: Iterator[str], echo: bool) -> None:
        self.session = session
        self.out = out
        self.lines = lines
        self.echo = echo
        self.draft = self.base()
        self.draft_key = self._table_key()
        self.commands: dict[str, Callable[[str], bool]] = {
            "offer": self.do_offer,
            "draft": self.do_draft,
            "propose": self.do_propose,
            "accept": self.do_accept,
            "reject": self.do_reject,
            "walk": self.do_walk,
            "choose": self.do_choose,
            "signal": self.do_signal,
            "signals": self.do_signals,
            "issues": self.do_issues,
            "brief": self.do_brief,
            "table": self.do_table,
            "meters": self.do_meters,
            "log": self.do_log,
            "help": self.do_help,
            "quit": self.do_quit,
            "proceed": self.do_proceed,
        }

    # -- output and input ---------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")

    def read(self) -> str | None:
        """The next line typed, or None at the end of input."""
        self.out.flush()
        line = next(self.lines, None)
        if line is None:
            return None
        line = line.rstrip("\r\n")
        if self.echo:
            # piped input is not shown by the terminal; echo it so the output reads as a dialogue
            self.say(f"> {line}")
        return line

    # -- shorthand ----------------------------------------------------------------------------

    @property
    def player(self) -> str:
        return self.session.player

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    def base(self) -> Terms:
        return proposal_base(self.session.state, self.player)

    def _table_key(self) -> tuple[object, ...]:
        state = self.session.state
        return (state.round, len(state.offers), state.standing)

    def _fresh_draft(self) -> None:
        """A new offer or round on the table starts a new draft from it."""
        key = self._table_key()
        if key != self.draft_key:
            self.draft, self.draft_key = self.base(), key

    def save_note(self) -> str:
        path = self.session.save_path
        if path is None:
            return "This game is not being saved (no saves folder)."
        return f"The game is saved in {path}."

    # -- the opening and the brief ------------------------------------------------------------

    def opening(self) -> None:
        state = self.session.state
        persona = state.persona_for(other(self.player))
        them = side_name(other(self.player))
        self.say(
            f"{self.scenario.title}.",
            f"You play {ROLE_DESCRIPTIONS.get(self.player, side_name(self.player))}.",
            f"Your counterpart, played by the computer for {them}: {persona.name}.",
            f"Their style: {persona.title}.",
            persona.description.strip(),
            DIALOGUE_NOTE.format(who=them),
            f"Seed: {state.seed}. The same seed and the same moves replay the same game.",
            self.save_note() + (" It is saved after every move." if self.session.save_path else ""),
            "Type help at any time for the list of commands.",
            "",
        )
        self.brief()

    def brief(self) -> None:
        scenario = self.scenario
        utility = scenario.utility(self.player)
        self.say(
            f"Confidential brief for {side_name(self.player)}. Only you see this.",
            scenario.description.strip(),
        )
        if utility.note:
            self.say(f"Your instructions: {utility.note.strip()}")
        self.say("Your priorities, as points out of 100, most important first:")
        self.say(*priority_lines(scenario, self.player))
        self.say(*self.no_deal_lines())
        self.say(*self.calendar_lines())
        self.say(*self.ratification_lines())
        self.say("The meters, each out of 100:", *describe_meters(self.session.state))

    def no_deal_lines(self) -> list[str]:
        state = self.session.state
        rv = points(reservation_value(state, self.player))
        lines = [f"Your reservation value is {rv} points: what no deal is worth to you."]
        terms = describe_terms(state.no_deal, self.scenario)
        return lines + [f"With no deal, {line}" for line in terms]

    def calendar_lines(self) -> list[str]:
        state = self.session.state
        last = state.last_round
        first = nice_date(round_date(self.scenario, 1)[0])
        deadline = nice_date(round_date(self.scenario, last)[0])
        lines = [f"The calendar: {last} rounds, from {first} to the deadline on {deadline}."]
        lines += [round_line(self.scenario, n, last) for n in range(1, last + 1)]
        for extra in self.scenario.rounds[last:]:
            lines.append(
                f"Possible extra time, only if the deadline is extended: round {extra.number}, "
                f"{nice_date(extra.date)}."
            )
        return lines

    def ratification_lines(self) -> list[str]:
        stages = [f"{s.name} ({side_name(s.side)})" for s in self.scenario.ratification]
        if not stages:
            return []
        return [f"A signed deal must then pass at home, in order: {'; '.join(stages)}."]

    # -- where the game stands ----------------------------------------------------------------

    def situation(self, just_said: Sequence[Event] = ()) -> None:
        """What the player must do now, after a move (whose events were `just_said`) or when
        asked."""
        state = self.session.state
        self._fresh_draft()
        if state.pending:
            # the answers were just read out, unless another decision was read out after them
            fired = [
                e.event
                for e in just_said
                if isinstance(e, SideEventFired) and self.scenario.event(e.event).options
            ]
            listed = len(state.pending) == 1 and fired[-1:] == [state.pending[0]]
            self.pending_choice(listed)
        elif state.phase is Phase.BRIEFING:
            self.say("Press Enter to go to the table.")
        elif state.phase is Phase.NEGOTIATION:
            self.table()
        elif state.phase in (Phase.AGREEMENT, Phase.RATIFICATION):
            if state.ratify_step < len(self.scenario.ratification):
                self.say(vote_line(state, state.ratify_step), "Press Enter to hold this vote.")
            else:
                self.say("Press Enter to conclude.")

    def pending_choice(self, listed: bool = False) -> None:
        event = self.scenario.event(self.session.state.pending[0])
        waiting = len(self.session.state.pending)
        more = f" ({waiting} decisions wait, one at a time)" if waiting > 1 else ""
        self.say(f"Waiting for your answer to {event.title}{more}.")
        if not listed:
            self.say(*choice_lines(event))
        self.say(f"Type choose and the answer, for example: choose {event.options[0].id}.")

    def table(self) -> None:
        state = self.session.state
        here = round_line(self.scenario, state.round, state.last_round)
        self.say(f"Your turn. {here}", rounds_left_line(state))
        if state.standing is None:
            self.no_offer_on_table()
        else:
            self.offer_on_table()
        if self.draft != self.base():
            differ = len(describe_changes(self.base(), self.draft, self.scenario))
            issues = "1 issue" if differ == 1 else f"{differ} issues"
            self.say(f"Your draft differs from this on {issues}; type draft to see it.")
        self.prompt()

    def offer_on_table(self) -> None:
        state = self.session.state
        assert state.standing is not None
        offers = state.offers
        previous = offers[-2].terms if len(offers) >= 2 else self.scenario.status_quo
        against = "the previous offer" if len(offers) >= 2 else "today's terms"
        who = "you" if state.standing.by == self.player else side_name(state.standing.by)
        self.say(f"The offer on the table, from {who}, marked where it differs from {against}:")
        self.say(*describe_terms(state.standing.terms, self.scenario, previous))
        self.say(score_line(state, self.player, state.standing.terms, "This offer"))

    def no_offer_on_table(self) -> None:
        state = self.session.state
        mine = any(o.by == self.player for o in state.offers)
        start = "your last offer" if mine else "today's terms"
        self.say(f"No offer is on the table. Your draft starts from {start}:")
        self.say(*describe_terms(self.draft, self.scenario, self.base()))
        self.say(score_line(state, self.player, self.draft, "Your draft"))

    def prompt(self) -> None:
        state = self.session.state
        if state.to_move != self.player:
            return
        moves = []
        if state.standing is not None and state.standing.by != self.player:
            moves += ["accept", "reject"]
        moves += ["offer ISSUE=OPTION", "draft", "propose"]
        if not state.signalled_this_turn:
            moves.append("signal")
        moves.append("walk")
        listed = ", ".join(moves[:-1]) + f", or {moves[-1]}"
        self.say(f"Your move: {listed}. Type help for every command.")

    # -- playing ------------------------------------------------------------------------------

    def submit(self, command: Command) -> bool:
        """Send a move to the engine and narrate what follows; an illegal move changes nothing."""
        try:
            events = self.session.submit(command)
        except IllegalMove as exc:
            self.say(f"Not allowed: {exc.reason}")
            return True
        self.say("")
        for event in events:
            self.say(*event_lines(event, self.session.state, self.player))
        self.say("")
        if self.session.over:
            self.ending()
            return False
        self.situation(events)
        return True

    def ending(self) -> None:
        historical = self.scenario.historical
        if historical is not None:
            worth = points(self.scenario.utility(self.player)(historical))
            self.say(f"For comparison, the real 2025 deal is worth {worth} points to you.")
        self.say(self.save_note(), "Thank you for playing.")

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the game should stop reading."""
        verb, _, rest = line.strip().partition(" ")
        verb = _norm(verb)
        if not verb:
            return self.do_proceed("")
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

    def do_proceed(self, rest: str) -> bool:
        state = self.session.state
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
        self.say(score_line(self.session.state, self.player, terms, "Your draft"))
        return True

    def show_draft(self) -> None:
        base = self.base()
        state = self.session.state
        against = "the offer on the table" if state.standing else "where it started"
        self.say(f"Your draft, marked where it differs from {against}:")
        self.say(*describe_terms(self.draft, self.scenario, base))
        self.say(score_line(state, self.player, self.draft, "Your draft"))

    def do_accept(self, rest: str) -> bool:
        state = self.session.state
        if Accept(self.player) in self.session.legal() and state.standing is not None:
            worth = self.scenario.utility(self.player)(state.standing.terms)
            if worth < reservation_value(state, self.player):
                # legal, and sometimes a lesson, but never by accident
                self.say("This offer is worth less to you than no deal. Accept anyway? yes or no.")
                answer = self.read()
                if answer is None or _norm(answer) not in ("yes", "y"):
                    self.say("You have not accepted.")
                    return True
        return self.submit(Accept(self.player))

    def do_reject(self, rest: str) -> bool:
        return self.submit(Reject(self.player))

    def do_walk(self, rest: str) -> bool:
        if WalkAway(self.player) not in self.session.legal():
            return self.submit(WalkAway(self.player))  # the engine says why not
        self.say("Really walk away? There will be no deal. Type yes or no.")
        answer = self.read()
        if answer is not None and _norm(answer) in ("yes", "y"):
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
                line += f" {signal.description.strip()}"
            self.say(line)
        return True

    def do_issues(self, rest: str) -> bool:
        if rest:
            self.issue_detail(match_issue(self.scenario, rest))
            return True
        for n in range(len(self.scenario.issues)):
            self.issue_summary(n)
        self.say("Type issues and an issue's id for its background, for example: issues autos.")
        return True

    def _option_marks(self, issue: int, pick: int) -> str:
        state = self.session.state
        marks = []
        if state.standing is not None and state.standing.terms.picks[issue] == pick:
            marks.append("on the table")
        if self.draft.picks[issue] == pick:
            marks.append("in your draft")
        if state.no_deal.picks[issue] == pick:
            marks.append("if no deal")
        return f" ({', '.join(marks)})" if marks else ""

    def issue_summary(self, issue: int) -> None:
        spec = self.scenario.issues[issue]
        top = self.scenario.utility(self.player).weights[issue]
        self.say(f"Issue {spec.id}, {spec.name}: up to {points(top)} points for you.")
        for n, option in enumerate(spec.options):
            worth = points(option_points(self.scenario, self.player, issue, n))
            marks = self._option_marks(issue, n)
            self.say(f"{spec.id}={option.id}: {option.label}, {worth} points for you{marks}.")

    def issue_detail(self, issue: int) -> None:
        spec = self.scenario.issues[issue]
        self.issue_summary(issue)
        if spec.description:
            self.say(f"About {spec.name}: {spec.description.strip()}")
        for option in spec.options:
            if option.note:
                self.say(f"About {spec.id}={option.id}: {option.note.strip()}")
        self.say(f"{spec.name}: {sources_note(spec.sources, spec.invented)}")

    def do_brief(self, rest: str) -> bool:
        self.brief()
        return True

    def do_table(self, rest: str) -> bool:
        state = self.session.state
        if state.phase is Phase.NEGOTIATION and not state.pending:
            self.table()
        else:
            self.situation()
        return True

    def do_meters(self, rest: str) -> bool:
        self.say("The meters, each out of 100:", *describe_meters(self.session.state))
        return True

    def do_log(self, rest: str) -> bool:
        transcript = self.session.transcript
        self.say(f"Everything so far, {len(transcript)} events:")
        for event in transcript:
            self.say(*event_lines(event, self.session.state, self.player))
        self.say("End of the log.")
        return True

    def do_help(self, rest: str) -> bool:
        first = self.scenario.issues[0]
        example = f"{first.id}={first.options[-1].id}"
        self.say("Commands, one a line. Short forms in brackets. Capitals do not matter.")
        for usage, aliases, what in HELP:
            short = f" ({aliases})" if aliases else ""
            self.say(f"{usage}{short}: {what.format(example=example)}.")
        return True

    def do_quit(self, rest: str) -> bool:
        self.session.save()
        self.say(f"You leave the table. {self.save_note()}")
        return False


def _ids(event: SideEvent) -> str:
    return ", ".join(option.id for option in event.options)


# ---------------------------------------------------------------------------------------------
# Entry points


def _line_source(lines: Iterable[str] | TextIO) -> Iterator[str]:
    # readline, not iteration, so a terminal's line is acted on as soon as Enter is pressed
    readline = getattr(lines, "readline", None)
    if readline is not None:
        return iter(readline, "")
    return iter(lines)


def play_plain(
    session: Session, lines: Iterable[str] | TextIO, out: TextIO, echo: bool = False
) -> int:
    """Play `session` to the end, `quit` or the end of input, reading one command a line from
    `lines` and writing to `out`. Always 0: every way out leaves a saved game."""
    game = PlainGame(session, out, _line_source(lines), echo)
    game.opening()
    if session.over:
        game.ending()
        return 0
    game.situation()
    while True:
        line = game.read()
        if line is None:
            session.save()
            game.say("", f"End of input. {game.save_note()}")
            out.flush()
            return 0
        if not game.handle(line):
            out.flush()
            return 0


def _ask_role(stdin: TextIO, out: TextIO) -> str | None:
    answers = {"japan": "japan", "j": "japan", "tokyo": "japan", "jp": "japan"}
    answers |= {"us": "us", "u": "us", "usa": "us", "washington": "us", "u.s.": "us"}
    for _ in range(3):
        out.write("Play as japan or us?\n")
        out.flush()
        line = stdin.readline()
        if not line:
            return None
        role = answers.get(_norm(line))
        if role:
            return role
        out.write(f"'{line.strip()}' is neither; type japan or us.\n")
    return None


def _random_seed() -> int:
    # short enough to read aloud and type again
    return int.from_bytes(os.urandom(4), "big") % 1_000_000


def play_plain_cli(
    args: argparse.Namespace, scenario: Scenario, session: Session | None = None
) -> int:
    """`tnt play --plain`: set up the Session from the command line (or take a resumed one),
    then play on stdin."""
    if session is None:
        started = _start_session(args, scenario)
        if started is None:
            return 2
        session = started
    try:
        # SIGTERM, a closed terminal (SIGHUP) and ctrl+c save the game before it stops
        with signal_saves(session):
            return play_plain(session, sys.stdin, sys.stdout, echo=not sys.stdin.isatty())
    except BrokenPipeError:
        # the reader went away (`tnt play --plain | head`); the game is saved, so that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _start_session(args: argparse.Namespace, scenario: Scenario) -> Session | None:
    """A new Session from the command line's options; None (after one line) if they are bad."""
    role = getattr(args, "role", None) or _ask_role(sys.stdin, sys.stdout)
    if role is None:
        print("tnt play: no side chosen; use --role japan or --role us", file=sys.stderr)
        return None
    seed = args.seed if getattr(args, "seed", None) is not None else _random_seed()
    persona = getattr(args, "opponent", None)
    try:
        return Session.start(
            scenario,
            role,
            seed,
            persona=persona,
            saves_dir=Path(getattr(args, "saves", "saves")),
            name=getattr(args, "name", "") or "",
        )
    except KeyError:
        theirs = [p.id for p in scenario.personas if p.side != role]
        hint = did_you_mean(str(persona), theirs)
        print(
            f"tnt play: unknown opponent '{persona}'.{hint} Known: {', '.join(theirs)}.",
            file=sys.stderr,
        )
        return None
    except ValueError as exc:
        print(f"tnt play: {exc}", file=sys.stderr)
        return None
    except SaveError as exc:  # e.g. the saves folder cannot be made: nothing was played yet
        print(f"tnt play: {exc.reason}", file=sys.stderr)
        return None
