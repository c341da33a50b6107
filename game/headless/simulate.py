"""Many games between a player bot and the AI, summed up for content authors and balancing.

`simulate` plays complete games through `Session` (the same code a player runs, without saves),
each with its own seed derived from one master seed, so a report is reproducible: the same
scenario, seed, bot, role and persona give the same report, byte for byte in JSON. A game that
raises is not allowed to stop the run: it is recorded as a crash with its seed, so it can be
replayed, and `tnt simulate` exits 1.

The bot `mix` (the default of `tnt simulate`) deals the games out among every built-in bot in
turn, on alternating sides, against the AI's personas in turn, so one run reaches every kind of
game an author needs to see: quick deals, deals turned down at home, walk-outs and deadlines.
"""

from __future__ import annotations

import json
import traceback
from collections import Counter
from collections.abc import Sequence
from typing import Any

from attrs import frozen

from game.content.tables import did_you_mean
from game.engine.events import DealSigned, GameEnded
from game.engine.model import SIDES, Ending, Scenario, other
from game.engine.rng import Rng
from game.headless.bots import BOTS, MIX, Bot
from game.session.session import Session

# A game of this many player moves is a bug (a real one takes a few dozen), not a long game.
_MAX_PLAYER_MOVES = 5_000
_ENDINGS = tuple(e.value for e in Ending)


@frozen
class GameResult:
    index: int
    seed: int
    role: str  # the bot's side
    persona: str  # the AI's persona
    bot: str  # the bot's name
    ending: str | None  # None when the game crashed
    utilities: tuple[float, float]  # japan, us: the outcome in force
    deal_round: int | None  # the round a deal was signed in, if any
    fired: tuple[str, ...]  # side-events in the order they fired (repeats counted)
    error: str | None = None
    trace: str = ""  # the traceback of a crash, shown with --debug only


# ---------------------------------------------------------------------------------------------
# Playing


def game_seeds(seed: int, games: int) -> list[int]:
    """The seeds of the games of a run: a fixed stream from the master seed, kept to 31 bits so
    they read well in a report and paste into `tnt play --seed`."""
    rng = Rng.seeded(seed)
    seeds = []
    for _ in range(games):
        value, rng = rng.next_u64()
        seeds.append(value >> 33)
    return seeds


def play_game(
    scenario: Scenario,
    bot: Bot,
    role: str,
    persona: str,
    seed: int,
    index: int = 0,
    name: str = "",
) -> GameResult:
    """One complete game of `bot` (called `name` in the result) on `role` against the AI as
    `persona`; never raises."""
    session: Session | None = None
    try:
        session = Session.start(scenario, role, seed, persona=persona, saves_dir=None)
        # The bot draws from its own stream so its choices never shift the game's generator.
        rng = Rng.seeded(seed).fork("bot")
        for _ in range(_MAX_PLAYER_MOVES):
            if session.over:
                break
            if session.choices().only_proceed:
                session.proceed_if_only_move()
                continue
            command, rng = bot(session.state, rng)
            session.submit(command)
        else:
            raise RuntimeError(f"no ending after {_MAX_PLAYER_MOVES} player moves")
        return _result(session, index, seed, role, persona, name)
    except Exception as exc:  # a crash is a finding to report, not a reason to stop the run
        state = session.state if session is not None else None
        return GameResult(
            index=index,
            seed=seed,
            role=role,
            persona=persona,
            bot=name,
            ending=None,
            utilities=(0.0, 0.0),
            deal_round=None,
            fired=tuple(e for e, _ in state.fired) if state is not None else (),
            error=f"{type(exc).__name__}: {exc}",
            trace=traceback.format_exc(),
        )


def _result(
    session: Session, index: int, seed: int, role: str, persona: str, name: str
) -> GameResult:
    transcript = session.transcript
    end = next(e for e in reversed(transcript) if isinstance(e, GameEnded))
    signed = [e.round for e in transcript if isinstance(e, DealSigned)]
    return GameResult(
        index=index,
        seed=seed,
        role=role,
        persona=persona,
        bot=name,
        ending=end.ending.value,
        utilities=end.utilities,
        deal_round=signed[-1] if signed else None,
        fired=tuple(e for e, _ in session.state.fired),
    )


def schedule(
    scenario: Scenario, games: int, role: str | None, persona: str | None
) -> list[tuple[str, str]]:
    """(bot's side, AI persona) for each game: sides alternate unless fixed, and personas cycle
    through every persona of the AI's side unless one is named. Raises ValueError for a persona
    that is unknown or sits on the bot's own side."""
    if persona is not None:
        try:
            chosen = scenario.persona(persona)
        except KeyError:
            known = ", ".join(p.id for p in scenario.personas)
            hint = did_you_mean(persona, [p.id for p in scenario.personas])
            raise ValueError(f"unknown persona {persona!r}{hint}; known: {known}") from None
        if role is not None and chosen.side == role:
            raise ValueError(f"persona {persona!r} plays {chosen.side}, the bot's own side")
        role = other(chosen.side)
    cycles: dict[str, list[str]] = {}
    for side in SIDES:
        ids = [p.id for p in scenario.personas if p.side == side]
        cycles[side] = ids or [scenario.default_personas[SIDES.index(side)]]
    played: Counter[str] = Counter()
    plan = []
    for i in range(games):
        bot_side = role if role is not None else SIDES[i % 2]
        ai_side = other(bot_side)
        if persona is not None:
            ai_persona = persona
        else:
            ai_persona = cycles[ai_side][played[ai_side] % len(cycles[ai_side])]
            played[ai_side] += 1
        plan.append((bot_side, ai_persona))
    return plan


def simulate(
    scenario: Scenario,
    games: int,
    seed: int,
    bot: str | Bot,
    role: str | None = None,
    persona: str | None = None,
) -> SimulationReport:
    """Play `games` complete games and sum them up. `bot` is a name in BOTS, `mix` (every bot
    in turn) or a bot itself. Raises KeyError for an unknown bot name and ValueError for an
    unusable persona (before any game is played)."""
    players: list[tuple[str, Bot]]
    if bot == MIX:
        name, players = MIX, list(BOTS.items())
    elif isinstance(bot, str):
        name, players = bot, [(bot, BOTS[bot])]
    else:
        name = getattr(bot, "__name__", type(bot).__name__.lower())
        players = [(name, bot)]
    plan = schedule(scenario, games, role, persona)
    played = []
    for i, ((side, ai_persona), game_seed) in enumerate(
        zip(plan, game_seeds(seed, games), strict=True)
    ):
        bot_name, player = players[i % len(players)]
        played.append(play_game(scenario, player, side, ai_persona, game_seed, i, bot_name))
    results = tuple(played)
    personas = sorted({p for _, p in plan})
    return SimulationReport(
        scenario=scenario.id,
        bot=name,
        seed=seed,
        # a named persona fixes the bot's side even when no role was given
        role=plan[0][0] if plan and (role or persona) else role,
        persona=persona,
        event_ids=tuple(e.id for e in scenario.events),
        personas=tuple(personas),
        bots=tuple(n for n, _ in players),
        results=results,
    )


# ---------------------------------------------------------------------------------------------
# The report


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _r(value: float | None) -> float | None:
    """Rounded for stable, readable JSON (and identical text across platforms)."""
    return None if value is None else round(value, 4)


@frozen
class SimulationReport:
    scenario: str
    bot: str
    seed: int
    role: str | None
    persona: str | None
    event_ids: tuple[str, ...]
    personas: tuple[str, ...]
    bots: tuple[str, ...]
    results: tuple[GameResult, ...]

    @property
    def games(self) -> int:
        return len(self.results)

    @property
    def completed(self) -> list[GameResult]:
        return [r for r in self.results if r.ending is not None]

    @property
    def crashes(self) -> list[GameResult]:
        return [r for r in self.results if r.ending is None]

    @property
    def deals(self) -> list[GameResult]:
        return [r for r in self.results if r.ending == Ending.RATIFIED.value]

    @property
    def deal_rate(self) -> float:
        return len(self.deals) / self.games if self.games else 0.0

    def own_utilities(self, bot: str | None = None) -> list[float]:
        """The outcome's worth to the bot's own side in each completed game (of `bot` only, when
        named): what a player playing like that bot would have got."""
        return [
            r.utilities[SIDES.index(r.role)] for r in self.completed if bot is None or r.bot == bot
        ]

    def unreached_endings(self) -> list[str]:
        reached = {r.ending for r in self.completed}
        return [e for e in _ENDINGS if e not in reached]

    @property
    def never_fired(self) -> list[str]:
        fired = {e for r in self.results for e in r.fired}
        return [e for e in self.event_ids if e not in fired]

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.never_fired:
            out.append("side-events that never fired: " + ", ".join(self.never_fired))
        return out

    def to_dict(self) -> dict[str, Any]:
        games = self.games
        completed = self.completed
        deals = self.deals
        endings = Counter(r.ending for r in completed)

        def rate(n: int, of: int) -> float:
            return round(n / of, 4) if of else 0.0

        def utilities(results: Sequence[GameResult]) -> dict[str, float | None]:
            return {
                side: _r(_mean([r.utilities[i] for r in results])) for i, side in enumerate(SIDES)
            }

        def breakdown(key: str, values: Sequence[str]) -> dict[str, dict[str, Any]]:
            out = {}
            for value in values:
                mine = [r for r in self.results if getattr(r, key) == value]
                won = sum(1 for r in mine if r.ending == Ending.RATIFIED.value)
                out[value] = {"games": len(mine), "deals": won, "deal_rate": rate(won, len(mine))}
            return out

        fired_games: Counter[str] = Counter()
        fired_times: Counter[str] = Counter()
        # crashed games count too: an event that fired before the crash did fire
        for r in self.results:
            fired_games.update(set(r.fired))
            fired_times.update(r.fired)
        return {
            "scenario": self.scenario,
            "bot": self.bot,
            "seed": self.seed,
            "role": self.role,
            "persona": self.persona,
            "games": games,
            "completed": len(completed),
            "deals": len(deals),
            "deal_rate": rate(len(deals), games),
            "endings": {
                e: {"count": endings[e], "share": rate(endings[e], games)} for e in _ENDINGS
            },
            "mean_utility": utilities(completed),
            "mean_utility_deals": utilities(deals),
            "mean_rounds_to_deal": _r(_mean([float(r.deal_round or 0) for r in deals])),
            "by_persona": breakdown("persona", self.personas),
            "by_role": breakdown(
                "role", [s for s in SIDES if any(r.role == s for r in self.results)]
            ),
            "by_bot": {
                name: {
                    **rates,
                    "mean_own_utility": _r(_mean(self.own_utilities(name))),
                }
                for name, rates in breakdown("bot", self.bots).items()
            },
            "events": {
                e: {
                    "games": fired_games[e],
                    "share": rate(fired_games[e], games),
                    "times": fired_times[e],
                }
                for e in self.event_ids
            },
            "never_fired": self.never_fired,
            "unreached_endings": self.unreached_endings(),
            "warnings": self.warnings,
            "crashes": [
                {
                    "game": r.index,
                    "seed": r.seed,
                    "role": r.role,
                    "persona": r.persona,
                    "error": r.error,
                }
                for r in self.crashes
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=2)

    def to_text(self) -> str:
        d = self.to_dict()
        games = d["games"]
        crashes = d["crashes"]
        fixed = [f"bot plays {self.role}"] if self.role else []
        fixed += [f"AI persona {self.persona}"] if self.persona else []
        title = f"Simulation: {games} games of {self.scenario}, bot {self.bot!r}, seed {self.seed}"
        endings = [[e, str(v["count"]), _pct(v["share"])] for e, v in d["endings"].items()]
        endings.append(["crashed", str(len(crashes)), _pct(len(crashes) / games if games else 0)])
        mu, md = d["mean_utility"], d["mean_utility_deals"]
        rounds = d["mean_rounds_to_deal"]
        sections = [
            title + "".join(f"; {f}" for f in fixed),
            f"deal rate {_pct(d['deal_rate']).strip()} ({d['deals']} of {games} ratified)",
            _table(["ending", "games", "share"], endings),
            _table(
                ["mean utility", *SIDES],
                [
                    ["outcome in force", *(_num(mu[s]) for s in SIDES)],
                    ["deals only", *(_num(md[s]) for s in SIDES)],
                ],
            )
            + f"\nmean rounds to a deal: {'-' if rounds is None else f'{rounds:.2f}'}",
            _rates_table("AI persona", d["by_persona"]),
            _rates_table("bot plays", d["by_role"]),
            _table(
                ["bot", "games", "deals", "deal rate", "own utility"],
                [
                    [
                        k,
                        str(v["games"]),
                        str(v["deals"]),
                        _pct(v["deal_rate"]),
                        _num(v["mean_own_utility"]),
                    ]
                    for k, v in d["by_bot"].items()
                ],
            ),
            _table(
                ["side-event", "games", "share", "times"],
                [
                    [e, str(v["games"]), _pct(v["share"]), str(v["times"])]
                    for e, v in d["events"].items()
                ],
            ),
        ]
        tail = [f"warning: {w}" for w in d["warnings"]]
        if crashes:
            tail.append(f"CRASHES: {len(crashes)} game(s) failed")
            tail += [
                f"  game {c['game']}, seed {c['seed']}, bot plays {c['role']} "
                f"vs {c['persona']}: {c['error']}"
                for c in crashes
            ]
        else:
            tail.append("crashes: none")
        return "\n\n".join(sections) + "\n\n" + "\n".join(tail)


def _rates_table(title: str, rates: dict[str, dict[str, Any]]) -> str:
    return _table(
        [title, "games", "deals", "deal rate"],
        [[k, str(v["games"]), str(v["deals"]), _pct(v["deal_rate"])] for k, v in rates.items()],
    )


def _pct(share: float) -> str:
    return f"{100 * share:5.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, right-aligned numbers, two spaces between columns."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), *(line(row) for row in rows)])
