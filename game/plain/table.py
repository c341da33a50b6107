"""Plain mode's table, drawn in lines: where the game stands after a move, the side-event that
waits, the offer on the table and the draft marked against it, the issues, the meters, the votes
at home and the log."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.events import Event, RatificationVote, SideEventFired
from game.engine.machine import decider_of
from game.engine.model import Phase, Terms
from game.plain.brief import PlainBrief
from game.plain.debrief import PlainDebrief
from game.plain.parse import match_issue, paragraphs
from game.present.narrate import choice_lines, effect_lines, event_lines
from game.present.view import BETTER, WORSE, mark, offer_view
from game.present.words import (
    describe_changes,
    meter_side,
    nice_date,
    option_label,
    percent,
    points,
    round_line,
    rounds_left_line,
    score_line,
    side_name,
    sources_note,
)

# the app's signs, in words: a screen reader says "black up-pointing triangle" for ▲
MARK_WORDS = {BETTER: "better for you", WORSE: "worse for you"}


class PlainTable(PlainBrief, PlainDebrief):
    """The table and what the player can read about it at any time (`table`, `issues`, `meters`,
    `votes`, `log`); after a move, `situation` says what stands now."""

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
        state = self.seen().state
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
        state = self.seen().state
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
        values = self.seen().utility.values
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
        state = self.seen().state
        assert state.standing is not None
        offers = state.offers
        previous = offers[-2].terms if len(offers) >= 2 else self.scenario.status_quo
        against = "the previous offer" if len(offers) >= 2 else "today's terms"
        who = "you" if state.standing.by == self.player else side_name(state.standing.by)
        self.say(f"The offer on the table, from {who}, marked where it differs from {against}:")
        self.say(*self.marked_terms(state.standing.terms, previous))
        self.say(score_line(state, self.player, state.standing.terms, "This offer"))

    def no_offer_on_table(self) -> None:
        state = self.seen().state
        mine = any(o.by == self.player for o in state.offers)
        start = "your last offer" if mine else "today's terms"
        self.say(f"No offer is on the table. Your draft starts from {start}:")
        self.say(*self.marked_terms(self.draft, self.base()))
        self.say(score_line(state, self.player, self.draft, "Your draft"))

    def ratification(self, signed_now: bool = False) -> None:
        state = self.session.state
        if signed_now and state.agreed is not None:
            rv = points(self.seen().reservation)
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

    def show_draft(self) -> None:
        """The draft issue by issue with its points, as the app's offer table has it."""
        seen = self.seen()
        state = seen.state
        base = self.base()
        view = offer_view(seen, self.draft, 0)
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
        utility = self.seen().utility
        top = utility.weights[issue]
        self.say(f"Issue {spec.id}, {spec.name}: up to {points(top)} points for you.")
        for n, option in enumerate(spec.options):
            worth = points(top * utility.values[issue][n])
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
        state = self.seen().state
        for event in transcript:
            self.say(*event_lines(event, state, self.player))
        self.say("End of the log.")
        return True
