"""Plain mode's opening and the confidential brief: who the player is, the issues and their
points, no deal, the counterpart, the calendar and the votes at home."""

from __future__ import annotations

from game.engine.machine import round_date
from game.engine.model import other
from game.plain.base import PlainBase
from game.plain.parse import paragraphs
from game.plain.saving import session_save_note
from game.present.narrate import (
    DIALOGUE_NOTE,
    ROLE_DESCRIPTIONS,
    red_line_lines,
    setup_lines,
)
from game.present.words import (
    describe_meters,
    nice_date,
    option_label,
    points,
    priority_lines,
    round_line,
    side_name,
    sources_note,
)


class PlainBrief(PlainBase):
    """What the player reads before the talks and again on `brief`."""

    def opening(self) -> None:
        state = self.session.state
        self.say(
            f"{self.scenario.title}.",
            f"You play {ROLE_DESCRIPTIONS.get(self.player, side_name(self.player))}.",
            f"Seed: {state.seed}. The same seed and the same moves replay the same game.",
            session_save_note(self.session)
            + (" It is saved after every move." if self.session.save_path else ""),
            "Each prompt is a question, then the answers it takes; help lists every command.",
            "",
        )

    def brief(self) -> None:
        scenario = self.scenario
        seen = self.seen()
        state = seen.state
        me = self.player
        utility = seen.utility
        if scenario.setup.title:
            self.say(
                f"Assignment: {scenario.setup.title}.", *paragraphs(scenario.setup.instructions)
            )
        self.say(f"Confidential brief for {side_name(me)}. Only you see this.")
        confidential = seen.brief
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
        seen = self.seen()
        state = seen.state
        rv = points(seen.reservation)
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

    def do_brief(self, rest: str) -> bool:
        self.brief()
        return True
