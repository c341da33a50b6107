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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from game.content.glossary import Glossary, entry_lines, load_glossary
from game.content.loader import ContentErrors
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
from game.engine.events import Event, RatificationVote, SideEventFired
from game.engine.machine import (
    IllegalMove,
    decider_of,
    proposal_base,
    round_date,
)
from game.engine.model import Phase, Scenario, SideEvent, Terms, other
from game.plain.debrief import PARTS, PlainDebrief
from game.plain.parse import (
    InputError,
    _norm,
    did_you_mean,
    listing,
    match_answer,
    match_issue,
    match_signal,
    paragraphs,
    parse_changes,
    prompt_moves,
)
from game.present.debrief import Debrief
from game.present.document import Document
from game.present.narrate import (
    DIALOGUE_NOTE,
    ROLE_DESCRIPTIONS,
    choice_lines,
    effect_lines,
    event_lines,
    red_line_lines,
    setup_lines,
)
from game.present.view import BETTER, WORSE, mark, offer_view
from game.present.words import (
    describe_changes,
    describe_meters,
    meter_side,
    nice_date,
    option_label,
    percent,
    points,
    priority_lines,
    round_line,
    rounds_left_line,
    score_line,
    side_name,
    sources_note,
)
from game.session.saves import SaveError
from game.session.session import Session

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
    "g": "glossary",
    "h": "help",
    "?": "help",
    "q": "quit",
    "exit": "quit",
    "next": "proceed",
    "go": "proceed",
}

# (usage, aliases, what it does), in three groups: the source of `help` and of the docs' lists
TALKS: tuple[tuple[str, str, str], ...] = (
    (
        "offer ISSUE=OPTION ...",
        "o",
        "change your draft and propose it at once, for example: offer {example}",
    ),
    (
        "draft ISSUE=OPTION ...",
        "d",
        "change your draft without proposing it; draft alone reads it with its points",
    ),
    ("propose", "p", "propose your draft as it stands"),
    ("accept", "a", "accept the offer on the table; below your reservation value you confirm"),
    ("reject", "r", "turn down the offer on the table without a counter-offer"),
    ("walk", "w", "walk away from the talks for good; you are asked to confirm"),
    ("choose ANSWER", "c", "answer a side-event by its number or id, for example: choose 1"),
    ("event", "", "the side-event that waits for your answer, again, with what each answer does"),
    ("signal SIGNAL [ISSUE]", "s", "say something without an offer, once a turn"),
    ("signals", "", "the signals you can send, with what each does"),
)
ANY_TIME: tuple[tuple[str, str, str], ...] = (
    ("help", "h or ?", "this list"),
    ("table", "t", "where the game stands and what you can do now"),
    ("brief", "b", "your confidential brief again"),
    ("issues [ISSUE]", "i", "every issue with its options and their points for you"),
    ("meters", "m", "the meters, each out of 100, with what each stands for"),
    ("votes", "", "the votes at home a signed deal must pass, and how they went"),
    ("log", "l", "everything that has happened so far"),
    ("glossary [TERM]", "g", "the glossary's terms, or one term explained: glossary batna"),
    ("export", "", "write the transcript (and after the game the debrief) to the saves folder"),
    ("save", "", "save now (the game also saves after every move)"),
    ("quit", "q", "save and leave the game"),
    ("an empty line", "next", "go on to the table, to the next vote or to the next debrief part"),
)
AFTER: tuple[tuple[str, str, str], ...] = (
    ("result", "", "the debrief's part 1: scores, the real deal term by term, gains missed"),
    ("dance", "", "part 2: every offer by its value to each side, and the concessions"),
    ("picture", "", "the dance drawn in characters, for sighted readers"),
    ("teaching", "", "part 3: the teaching points, each naming its moment"),
    ("moment N", "", "the transcript at teaching point N's moment"),
    ("transcript", "", "part 4: the whole game, both sides' values shown, moves numbered"),
    ("debrief", "", "all four parts, one after the other"),
)

# the app's signs, in words: a screen reader says "black up-pointing triangle" for ▲
MARK_WORDS = {BETTER: "better for you", WORSE: "worse for you"}


# ---------------------------------------------------------------------------------------------
# The game at the table


class PlainGame(PlainDebrief):
    """One player's view of a Session, as lines of text. Holds only what the engine does not:
    the player's draft offer (reset whenever the table changes), the debrief once the game is
    over, which part of it comes next, and the streams."""

    def __init__(
        self,
        session: Session,
        out: TextIO,
        lines: Iterator[str],
        echo: bool,
        content_dir: Path | None = None,
    ) -> None:
        self.session = session
        self.out = out
        self.lines = lines
        self.echo = echo
        self.content_dir = content_dir
        self.draft = self.base()
        self.draft_key = self._table_key()
        self._debrief: Debrief | None = None
        self._document: Document | None = None
        self._teaching_problem = ""
        self._glossary: Glossary | None = None
        self._glossary_problem = ""
        self.next_part = 0  # the debrief part an empty line reads next
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

    def ask_yes_no(self, question: str) -> bool | None:
        """`question`, answered yes or no; anything else is refused and asked again. None at
        the end of input."""
        while True:
            self.say(f"{question} Type yes or no.")
            answer = self.read()
            if answer is None:
                return None
            word = _norm(answer)
            if word in ("yes", "y"):
                return True
            if word in ("no", "n"):
                return False
            self.say(f"'{answer.strip()}' is neither yes nor no.")

    # -- shorthand ----------------------------------------------------------------------------

    @property
    def player(self) -> str:
        return self.session.player

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def them(self) -> str:
        return side_name(other(self.player))

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

    def save_note(self, saved: bool = True) -> str:
        return session_save_note(self.session, saved)

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

    # -- the opening and the brief ------------------------------------------------------------

    def opening(self) -> None:
        state = self.session.state
        self.say(
            f"{self.scenario.title}.",
            f"You play {ROLE_DESCRIPTIONS.get(self.player, side_name(self.player))}.",
            f"Seed: {state.seed}. The same seed and the same moves replay the same game.",
            self.save_note() + (" It is saved after every move." if self.session.save_path else ""),
            "Each prompt is a question, then the answers it takes; help lists every command.",
            "",
        )

    def brief(self) -> None:
        scenario = self.scenario
        state = self.session.view(self.player).state
        me = self.player
        utility = self.session.view(self.player).utility
        if scenario.setup.title:
            self.say(
                f"Assignment: {scenario.setup.title}.", *paragraphs(scenario.setup.instructions)
            )
        self.say(f"Confidential brief for {side_name(me)}. Only you see this.")
        confidential = self.session.view(self.player).brief
        if confidential is not None:  # the side's own brief first: what a student reads first
            self.say(f"{confidential.title}.")
            self.say(*paragraphs(confidential.text))
            self.say(f"About this brief: {sources_note(confidential.sources, False)}")
        self.say(*paragraphs(scenario.description))
        self.say(*setup_lines(scenario))
        if utility.note:
            self.say(f"Your instructions: {' '.join(utility.note.split())}")
        self.say("Your priorities, as points out of 100, most important first:")
        self.say(*priority_lines(scenario, me))
        self.say(
            "A package's worth to you is the sum, over the issues, of the points each option "
            "earns: the best option earns all of an issue's points, the worst none. Type issues "
            "for every option's points."
        )
        self.say(*self.no_deal_lines())
        self.say("Your red lines:", *red_line_lines(state, me))
        self.say(*self.counterpart_lines())
        self.say(*self.calendar_lines())
        self.say(*self.ratification_lines())
        self.say("The meters, each out of 100:", *describe_meters(state))

    def no_deal_lines(self) -> list[str]:
        state = self.session.view(self.player).state
        rv = points(self.session.view(self.player).reservation)
        deadline = nice_date(round_date(self.scenario, state.last_round)[0])
        lines = [
            f"Your reservation value is {rv} points: what no deal is worth to you.",
            f"If the talks fail (the deadline of {deadline} passes, or a side walks away), the "
            "no-deal terms apply. Events can move them and their worth.",
            "Each issue today, and with no deal:",
        ]
        for i, issue in enumerate(self.scenario.issues):
            today = option_label(self.scenario, i, self.scenario.status_quo.picks[i])
            no_deal = option_label(self.scenario, i, state.no_deal.picks[i])
            if today == no_deal:
                lines.append(f"{issue.name}: {today}, today and with no deal.")
            else:
                lines.append(f"{issue.name}: today {today}; with no deal {no_deal}.")
        return lines

    def counterpart_lines(self) -> list[str]:
        state = self.session.state
        persona = state.persona_for(other(self.player))
        them = self.them
        who = (
            [f"Your assignment keeps who speaks for {them} hidden, even at the end."]
            if self.scenario.setup.hide_persona
            else [
                f"Your counterpart, played by the computer for {them}: {persona.name}.",
                f"Their style: {persona.title}.",
                *paragraphs(persona.description),
            ]
        )
        return [
            *who,
            f"In public, {them} starts from today's terms; what it would settle for is hidden, "
            "and you learn it only from its offers.",
            DIALOGUE_NOTE.format(who=them),
        ]

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
        stages = self.scenario.ratification
        if not stages:
            return []
        lines = [f"A signed deal must then pass {len(stages)} votes at home, in order:"]
        lines += [
            f"Vote {n}: {stage.name} ({side_name(stage.side)})."
            for n, stage in enumerate(stages, 1)
        ]
        return lines

    # -- where the game stands ----------------------------------------------------------------

    def situation(self, just_said: Sequence[Event] = ()) -> None:
        """What stands now, after a move (whose events were `just_said`) or when asked; the
        prompt line follows it."""
        state = self.session.state
        self._fresh_draft()
        if state.phase is Phase.END:
            self.end_summary()
        elif state.pending:
            # the answers were just read out, unless another decision was read out after them
            fired = [
                e.event
                for e in just_said
                if isinstance(e, SideEventFired) and self.scenario.event(e.event).options
            ]
            if fired[-1:] == [state.pending[0]]:
                self.pending_choice("answers")
            else:
                # read out before (now, or earlier this round): the answers, not the story
                self.pending_choice("event" if just_said else "nothing")
        elif state.phase is Phase.BRIEFING:
            pass  # the brief was just read; the prompt says how to go on
        elif state.phase is Phase.NEGOTIATION:
            self.table()
        else:
            self.ratification(signed_now=state.phase is Phase.AGREEMENT and bool(just_said))

    def pending_choice(self, told: str = "nothing") -> None:
        """The decision that waits, with what each answer would do (as the app's dialog shows
        it). `told`: how much was just read out: "answers" (the event, its answers last of all),
        "event" (the event, but more after it), or "nothing" (it is read in full)."""
        state = self.session.view(self.player).state
        event = self.scenario.event(state.pending[0])
        # the AI answers its own decisions when its turn comes: count the player's
        mine = [
            e for e in state.pending if decider_of(state, self.scenario.event(e)) == self.player
        ]
        more = f" ({len(mine)} decisions wait, one at a time)" if len(mine) > 1 else ""
        if told == "nothing":
            when = f", {nice_date(event.date)}" if event.date else ""
            self.say(f"Event: {event.title}{when}.", *paragraphs(event.text))
            self.say(f"About this event: {sources_note(event.sources, event.invented)}")
        self.say(f"Waiting for your answer to {event.title}{more}.")
        for n, (line, option) in enumerate(zip(choice_lines(event), event.options, strict=True)):
            effects = effect_lines(option.effects, state, self.player)
            does = "; ".join(effects) if effects else "nothing at once"
            if told == "answers":  # the answers were the last thing read: what each does is new
                self.say(f"Answer {n + 1}, {option.id}, does: {does}.")
            else:
                self.say(f"{line} It does: {does}.")

    def table(self) -> None:
        state = self.session.view(self.player).state
        here = round_line(self.scenario, state.round, state.last_round)
        self.say(f"Your turn. {here}", rounds_left_line(state))
        if state.standing is None:
            self.no_offer_on_table()
        else:
            self.offer_on_table()
        if self.draft != self.base():
            differ = len(describe_changes(self.base(), self.draft, self.scenario))
            issues = "1 issue" if differ == 1 else f"{differ} issues"
            self.say(f"Your draft differs from this on {issues}; type draft to read it.")

    def marked_terms(self, terms: Terms, previous: Terms) -> list[str]:
        """One line per issue, marked where it differs from `previous`, and whether that is
        better or worse for the player (the app's ▲ and ▼, in words)."""
        values = self.session.view(self.player).utility.values
        lines = []
        for i, issue in enumerate(self.scenario.issues):
            now, was = terms.picks[i], previous.picks[i]
            line = f"{issue.name}: {option_label(self.scenario, i, now)}"
            if now != was:
                sign = mark(values[i][was], values[i][now], True)
                how = MARK_WORDS.get(sign, "same worth for you")
                line += f" (changed, {how}), was {option_label(self.scenario, i, was)}"
            lines.append(line)
        return lines

    def offer_on_table(self) -> None:
        state = self.session.view(self.player).state
        assert state.standing is not None
        offers = state.offers
        previous = offers[-2].terms if len(offers) >= 2 else self.scenario.status_quo
        against = "the previous offer" if len(offers) >= 2 else "today's terms"
        who = "you" if state.standing.by == self.player else side_name(state.standing.by)
        self.say(f"The offer on the table, from {who}, marked where it differs from {against}:")
        self.say(*self.marked_terms(state.standing.terms, previous))
        self.say(score_line(state, self.player, state.standing.terms, "This offer"))

    def no_offer_on_table(self) -> None:
        state = self.session.view(self.player).state
        mine = any(o.by == self.player for o in state.offers)
        start = "your last offer" if mine else "today's terms"
        self.say(f"No offer is on the table. Your draft starts from {start}:")
        self.say(*self.marked_terms(self.draft, self.base()))
        self.say(score_line(state, self.player, self.draft, "Your draft"))

    def ratification(self, signed_now: bool = False) -> None:
        state = self.session.state
        if signed_now and state.agreed is not None:
            rv = points(self.session.view(self.player).reservation)
            self.say(
                f"No deal is worth {rv} points to you. The deal takes effect only if every "
                "vote at home passes."
            )
            self.say(*self.vote_lines())
        if state.ratify_step >= len(self.scenario.ratification):
            self.say("Every vote at home has passed.")
        # else the prompt names the next vote and its chance

    def vote_lines(self) -> list[str]:
        """The votes at home, in order, each with how it went or that it is still to come."""
        session = self.session
        stages = self.scenario.ratification
        if not stages:
            return ["A signed deal needs no vote at home in this scenario."]
        held = [e for e in session.transcript if isinstance(e, RatificationVote)]
        lines = ["The votes at home, in order:"]
        for n, stage in enumerate(stages):
            where = f"Vote {n + 1}: {stage.name} ({side_name(stage.side)})"
            if n < len(held):
                result = "passed" if held[n].passed else "rejected the deal"
                lines.append(f"{where}: {result}; its chance was {percent(held[n].chance)}.")
            elif session.over or session.state.agreed is None:
                lines.append(f"{where}: not held.")
            else:
                lines.append(f"{where}: still to come.")
        return lines

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
            reason = _why(exc)
            self.say(f"Your move is made, but the game could not be saved: {reason}.")
        events = self.session.transcript[before:]
        self.say("")
        for event in events:
            self.say(*event_lines(event, self.session.view(self.player).state, self.player))
        self.say("")
        if self.session.over:
            self.after_the_end()
            return True
        self.situation(events)
        return True

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
        self.say(score_line(self.session.view(self.player).state, self.player, terms, "Your draft"))
        return True

    def show_draft(self) -> None:
        """The draft issue by issue with its points, as the app's offer table has it."""
        state = self.session.view(self.player).state
        base = self.base()
        view = offer_view(self.session.view(self.player), self.draft, 0)
        against = "the offer on the table" if state.standing else "where it started"
        self.say(f"Your draft, marked where it differs from {against}, with its points:")
        for i, row in enumerate(view.rows):
            line = f"{row.issue}: {row.draft}"
            if row.draft_mark:
                how = MARK_WORDS.get(row.draft_mark, "same worth for you")
                line += f" (changed, {how}), was {option_label(self.scenario, i, base.picks[i])}"
            line += f"; {points(row.points)} of its {points(row.max_points)} points for you."
            self.say(line)
        self.say(score_line(state, self.player, self.draft, "Your draft"))

    def do_accept(self, rest: str) -> bool:
        state = self.session.view(self.player).state
        if Accept(self.player) in self.session.legal() and state.standing is not None:
            worth = self.session.view(self.player).utility(state.standing.terms)
            if worth < self.session.view(self.player).reservation:
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

    def do_issues(self, rest: str) -> bool:
        if rest:
            self.issue_detail(match_issue(self.scenario, rest))
            return True
        for n in range(len(self.scenario.issues)):
            self.issue_summary(n)
        first = self.scenario.issues[0].id
        self.say(f"Type issues and an issue's id for its background, for example: issues {first}.")
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
        top = self.session.view(self.player).utility.weights[issue]
        self.say(f"Issue {spec.id}, {spec.name}: up to {points(top)} points for you.")
        for n, option in enumerate(spec.options):
            worth = points(top * self.session.view(self.player).utility.values[issue][n])
            marks = self._option_marks(issue, n)
            self.say(f"{spec.id}={option.id}: {option.label}, {worth} points for you{marks}.")

    def issue_detail(self, issue: int) -> None:
        spec = self.scenario.issues[issue]
        self.issue_summary(issue)
        if spec.description:
            self.say(f"About {spec.name}: {' '.join(spec.description.split())}")
        for option in spec.options:
            if option.note:
                self.say(f"About {spec.id}={option.id}: {' '.join(option.note.split())}")
        self.say(f"{spec.name}: {sources_note(spec.sources, spec.invented)}")

    def do_brief(self, rest: str) -> bool:
        self.brief()
        return True

    def do_table(self, rest: str) -> bool:
        state = self.session.state
        if state.phase is Phase.NEGOTIATION and not state.pending:
            self.table()
        elif state.phase in (Phase.AGREEMENT, Phase.RATIFICATION):
            self.say(*self.vote_lines())
            self.ratification()
        elif state.phase is Phase.BRIEFING:
            self.say("The talks have not begun. Type brief to read your brief again.")
        else:
            self.situation()
        return True

    def do_meters(self, rest: str) -> bool:
        scenario = self.scenario
        self.say("The meters, each out of 100:")
        for meter, value in zip(scenario.meters, self.session.state.meters, strict=True):
            line = f"{meter.name}: {value} out of 100 ({meter_side(scenario, meter.id)})."
            if meter.description:
                line += f" {' '.join(meter.description.split())}"
            self.say(line)
        self.say(
            "Meters feed the votes at home on a signed deal, which events fire, and the "
            "counterpart's temper. Events and your moves move them."
        )
        return True

    def do_votes(self, rest: str) -> bool:
        if self.session.state.agreed is None and not self.session.over:
            self.say("No deal is signed yet.", *self.ratification_lines())
        else:
            self.say(*self.vote_lines())
        return True

    def do_log(self, rest: str) -> bool:
        transcript = self.session.transcript
        self.say(f"Everything so far, {len(transcript)} events:")
        for event in transcript:
            self.say(*event_lines(event, self.session.view(self.player).state, self.player))
        self.say("End of the log.")
        return True

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
            reason = _why(exc)
            self.say(f"The game could not be saved just now: {reason}.")
            return False
        return True

    # -- the glossary and the exports ---------------------------------------------------------

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
            reason = _why(exc)
            self.say(f"Nothing more could be written: {reason}.")
        return True


def _why(exc: SaveError | OSError) -> str:
    """Why a file could not be written, in a few words."""
    return exc.reason if isinstance(exc, SaveError) else (exc.strerror or str(exc))


def session_save_note(session: Session, saved: bool = True) -> str:
    if session.save_path is None:
        return "This game is not being saved (no saves folder)."
    if not saved:
        return f"Its last save that could be written is in {session.save_path}."
    return f"The game is saved in {session.save_path}."


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


def ask_role(stdin: TextIO, out: TextIO) -> str | None:
    answers = {"japan": "japan", "j": "japan", "tokyo": "japan", "jp": "japan"}
    answers |= {"us": "us", "u": "us", "usa": "us", "washington": "us", "u.s.": "us"}
    for _ in range(3):
        out.write("Play as japan or us? Type japan or us.\n")
        out.flush()
        line = stdin.readline()
        if not line:
            return None
        if not stdin.isatty():
            out.write(f"> {line.rstrip()}\n")
        role = answers.get(_norm(line))
        if role:
            return role
        out.write(f"'{line.strip()}' is neither japan nor us.\n")
    return None
