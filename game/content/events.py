"""Reading events.toml and the scenario's signals: side-events, their triggers, options and
effects. A part of the scenario reader (`loader._ScenarioReader` mixes it in), kept apart because
events are the largest file an author writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.content.tables import (
    BOOLEAN,
    DATE,
    INTEGER,
    NUMBER,
    PERCENT_METER,
    TEXT,
    UNIT,
    Range,
    Refs,
    Table,
    check_range,
    check_unique,
    joined,
    number_in,
    unknown,
)
from game.engine.model import (
    EFFECT_KEYS,
    EFFECT_VERBS,
    EVENT_FAMILIES,
    SIDES,
    SIGNAL_VERBS,
    Effect,
    EventOption,
    SideEvent,
    SignalDef,
    Trigger,
)

_ALL_EFFECT_KEYS = ("verb", "meter", "side", "issue", "option", "event", "delta", "rounds")


class EventReading:
    """The events half of the scenario reader; the reader supplies these fields."""

    files: Mapping[str, Table]
    refs: Refs
    signal_ids: tuple[str, ...]

    def read_signals(self, top: Table) -> tuple[SignalDef, ...]:
        tables = top.tables("signals")
        signals = tuple(self.read_signal(table) for table in tables)
        check_unique(zip(tables, (signal.id for signal in signals), strict=True), "signal")
        return signals

    def read_signal(self, table: Table) -> SignalDef:
        ident = table.value("id", TEXT, "", required=True)
        if "id" in table.data and ident not in SIGNAL_VERBS:
            words = f" (signals are: {joined(SIGNAL_VERBS)})"
            table.error("id", unknown("signal", ident, SIGNAL_VERBS) + words)
        needs_issue = table.value("needs_issue", BOOLEAN, ident == "state_priority")
        if ident == "state_priority" and not needs_issue:
            table.error("needs_issue", "state_priority names an issue: needs_issue must be true")
        return SignalDef(
            id=ident,
            label=table.value("label", TEXT, "", required=True),
            description=table.value("description", TEXT, ""),
            sides=self.read_sides(table),
            needs_issue=needs_issue,
            effects=self.read_effects(table),
            temper=table.value("temper", NUMBER, 0.0),
        )

    def read_sides(self, table: Table) -> tuple[str, ...]:
        if not table.has("sides"):
            return SIDES
        sides = table.array("sides", TEXT)
        for index, side in enumerate(sides):
            if side not in SIDES:
                table.error(f"sides[{index}]", unknown("side", side, SIDES))
        if not sides and isinstance(table.data["sides"], list):
            table.error("sides", "name at least one side (japan, us)")
        return tuple(side for side in sides if side in SIDES)

    # -- effects --------------------------------------------------------------------------------

    def read_effects(self, table: Table) -> tuple[Effect, ...]:
        return tuple(self.read_effect(effect) for effect in table.tables("effects"))

    def read_effect(self, table: Table) -> Effect:
        verb = table.value("verb", TEXT, "", required=True)
        if verb not in EFFECT_KEYS:
            if "verb" in table.data and isinstance(table.data["verb"], str):
                words = f" (verbs are: {joined(EFFECT_VERBS)})"
                table.error("verb", unknown("effect verb", verb, EFFECT_KEYS) + words)
            table.asked.update(_ALL_EFFECT_KEYS)  # its other keys cannot be judged
            return Effect(verb)
        takes = EFFECT_KEYS[verb]
        for name in _ALL_EFFECT_KEYS[1:]:
            if name in table.data and name not in takes:
                table.error(name, f"verb '{verb}' does not use '{name}' (it takes {joined(takes)})")
        # every effect key counts as known, so a misspelt one is told the nearest of them all
        table.asked.update(_ALL_EFFECT_KEYS)
        effect = Effect(
            verb,
            meter=_effect_text(table, takes, "meter"),
            side=(table.side("side", required=True) or "") if "side" in takes else "",
            issue=_effect_text(table, takes, "issue"),
            option=_effect_text(table, takes, "option"),
            event=_effect_text(table, takes, "event"),
            delta=table.value("delta", NUMBER, 0.0, required=True) if "delta" in takes else 0.0,
            rounds=_effect_rounds(table) if "rounds" in takes else 0,
        )
        self.need_effect_ids(table, effect)
        return effect

    def need_effect_ids(self, table: Table, effect: Effect) -> None:
        self.refs.need(table, "meter", "meter", effect.meter, "meter")
        self.refs.need(table, "event", "event", effect.event, "event")
        self.refs.need(table, "issue", "issue", effect.issue, "issue")
        if effect.issue:
            self.refs.option(table, "option", effect.issue, effect.option)

    # -- events.toml ----------------------------------------------------------------------------

    def read_events(self) -> tuple[SideEvent, ...]:
        tables = self.files["events"].tables("events")
        events = tuple(self.read_event(table) for table in tables)
        check_unique(zip(tables, (event.id for event in events), strict=True), "event")
        return events

    def read_event(self, table: Table) -> SideEvent:
        option_tables = table.tables("options")
        options = tuple(self.read_event_option(option) for option in option_tables)
        check_unique(zip(option_tables, (o.id for o in options), strict=True), "event option")
        decider = table.side("decider")
        self.check_decider(table, options, decider)
        cooldown = table.value("cooldown", INTEGER, 0)
        check_range(table, "cooldown", cooldown, Range(0, None))
        trigger = table.table("trigger")
        return SideEvent(
            id=table.ident(),
            family=table.choice("family", EVENT_FAMILIES, "event family", "cross", required=True),
            title=table.value("title", TEXT, "", required=True),
            text=table.value("text", TEXT, "", required=True),
            trigger=self.read_trigger(trigger) if trigger is not None else Trigger(),
            chance=number_in(table, "chance", 1.0, UNIT),
            once=table.value("once", BOOLEAN, True),
            cooldown=cooldown,
            effects=self.read_effects(table),
            options=options,
            decider=decider,
            date=table.value("date", DATE, ""),
            sources=table.sources(),
            invented=table.value("invented", BOOLEAN, False),
        )

    def check_decider(
        self, table: Table, options: Sequence[EventOption], decider: str | None
    ) -> None:
        if options and decider is None and not table.has("decider"):
            table.error("decider", "an event with options needs a decider (japan or us)")
        if not options and decider is not None:
            table.error("decider", "a decider is given but the event has no options")
        if len(options) == 1:
            table.error("options", "a choice needs at least two options")

    def read_event_option(self, table: Table) -> EventOption:
        weight = number_in(table, "ai_weight", 1.0, Range(0, None))
        return EventOption(
            id=table.ident(),
            label=table.value("label", TEXT, "", required=True),
            effects=self.read_effects(table),
            description=table.value("description", TEXT, ""),
            ai_weight=weight,
        )

    def read_trigger(self, table: Table) -> Trigger:
        round_min = table.value("round_min", INTEGER, 1)
        round_max = table.value("round_max", INTEGER, 99)
        check_range(table, "round_min", round_min, Range(1, None))
        if round_min > round_max:
            table.error("round_max", f"round_max {round_max} is before round_min {round_min}")
        return Trigger(
            round_min=round_min,
            round_max=round_max,
            meters_above=self.meter_levels(table, "meters_above"),
            meters_below=self.meter_levels(table, "meters_below"),
            after=self.event_list(table, "after"),
            not_after=self.event_list(table, "not_after"),
            player=table.side("player"),
            on_table=self.read_on_table(table),
            signals=self.signal_list(table),
        )

    def meter_levels(self, trigger: Table, name: str) -> tuple[tuple[str, int], ...]:
        table = trigger.table(name)
        if table is None:
            return ()
        levels = table.entries(INTEGER)
        for meter, level in levels:
            self.refs.need(table, meter, "meter", meter, "meter")
            check_range(table, meter, level, PERCENT_METER)
        return tuple(levels)

    def event_list(self, table: Table, name: str) -> tuple[str, ...]:
        events = table.array(name, TEXT)
        for index, event in enumerate(events):
            self.refs.need(table, f"{name}[{index}]", "event", event, "event")
        return tuple(events)

    def signal_list(self, table: Table) -> tuple[str, ...]:
        signals = table.array("signals", TEXT)
        for index, signal in enumerate(signals):
            key = f"signals[{index}]"
            if signal not in SIGNAL_VERBS:
                table.error(key, unknown("signal", signal, SIGNAL_VERBS))
            elif signal not in self.signal_ids:
                table.error(key, f"signal '{signal}' is not offered in this scenario's [[signals]]")
        return tuple(signals)

    def read_on_table(self, trigger: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = trigger.table("on_table")
        if table is None:
            return ()
        found: list[tuple[str, tuple[str, ...]]] = []
        for issue_id in list(table.data):
            options = table.array(issue_id, TEXT)
            self.refs.need(table, issue_id, "issue", issue_id, "issue")
            for index, option in enumerate(options):
                self.refs.option(table, f"{issue_id}[{index}]", issue_id, option)
            found.append((issue_id, tuple(options)))
        return tuple(found)


def _effect_text(table: Table, takes: Sequence[str], name: str) -> str:
    return table.value(name, TEXT, "", required=True) if name in takes else ""


def _effect_rounds(table: Table) -> int:
    rounds = table.value("rounds", INTEGER, 1, required=True)
    check_range(table, "rounds", rounds, Range(1, None))
    return rounds
