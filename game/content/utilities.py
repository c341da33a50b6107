"""Reading utilities.toml (each side's weights and values) and checking that a zone of possible
agreement exists in every variant and difficulty. A part of the scenario reader."""

from __future__ import annotations

from collections.abc import Mapping

from game.content.tables import NUMBER, TEXT, UNIT, Table, check_range, joined, unknown
from game.engine.frontier import pareto_frontier
from game.engine.model import SIDES, Difficulty, Issue, Scenario, Setup, Utility
from game.engine.variants import cut

_WEIGHT_TOLERANCE = 0.001
# a deal must beat no deal by more than rounding noise to count as a zone of agreement
_ZONE_EPSILON = 1e-9


class UtilityReading:
    """The utilities half of the scenario reader; the reader supplies these fields."""

    files: Mapping[str, Table]
    issues: tuple[Issue, ...]

    def issue(self, table: Table, issue_id: str) -> Issue | None:
        """The issue named by a key of `table`, or None (reported) when there is no such issue."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        table.error(issue_id, unknown("issue", issue_id, [i.id for i in self.issues]))
        return None

    # -- utilities.toml -------------------------------------------------------------------------

    def read_utilities(self) -> tuple[Utility, Utility]:
        root = self.files["utilities"]
        japan, us = (self.read_utility(root, side) for side in SIDES)
        return (japan, us)

    def read_utility(self, root: Table, side: str) -> Utility:
        table = root.table(side, required=True)
        if table is None:
            return Utility((), ())
        return Utility(
            weights=self.read_weights(table),
            values=self.read_values(table),
            note=table.value("note", TEXT, ""),
        )

    def read_weights(self, side: Table) -> tuple[float, ...]:
        table = side.table("weights", required=True)
        if table is None:
            return tuple(0.0 for _ in self.issues)
        weights = dict.fromkeys((issue.id for issue in self.issues), 0.0)
        for issue_id, weight in table.entries(NUMBER):
            if self.issue(table, issue_id) is not None:
                weights[issue_id] = weight
                check_range(table, issue_id, weight, UNIT)
        self.check_covers(side, "weights", table, "must name every issue")
        total = sum(weights.values())
        if abs(total - 1) > _WEIGHT_TOLERANCE:
            side.error("weights", f"weights must sum to 1 (±0.001), not {total:.4g}")
        return tuple(weights.values())

    def check_covers(self, parent: Table, name: str, table: Table, words: str) -> None:
        missing = [issue.id for issue in self.issues if issue.id not in table.data]
        if missing:
            parent.error(name, f"{words}; missing: {joined(missing)}")

    def read_values(self, side: Table) -> tuple[tuple[float, ...], ...]:
        table = side.table("values", required=True)
        values = {issue.id: [0.0] * len(issue.options) for issue in self.issues}
        if table is None:
            return tuple(tuple(v) for v in values.values())
        for issue_id, issue_table in table.subtables():
            issue = self.issue(table, issue_id)
            if issue is not None:
                values[issue_id] = self.read_issue_values(issue_table, issue)
        self.check_covers(side, "values", table, "must value every issue")
        return tuple(tuple(v) for v in values.values())

    def read_issue_values(self, table: Table, issue: Issue) -> list[float]:
        values = [0.0] * len(issue.options)
        options = [option.id for option in issue.options]
        for option_id, value in table.entries(NUMBER):
            if option_id in options:
                values[options.index(option_id)] = value
                check_range(table, option_id, value, UNIT)
            else:
                table.error(
                    option_id, unknown("option", option_id, options, f" of issue '{issue.id}'")
                )
        missing = [option.id for option in issue.options if option.id not in table.data]
        if missing:
            table.source.error(
                table.path, f"every option needs a value; missing: {joined(missing)}"
            )
        return values


def _frontier(japan: Utility, us: Utility) -> list[tuple[float, float]]:
    return [point.utilities for point in pareto_frontier(japan, us).points]


def check_zone(scenario: Scenario, top: Table) -> None:
    """A zone of possible agreement: some package both sides prefer to no deal."""
    japan, us = scenario.utilities
    reservation = (japan(scenario.no_deal), us(scenario.no_deal))
    frontier = _frontier(japan, us)
    if not any(
        a > reservation[0] + _ZONE_EPSILON and b > reservation[1] + _ZONE_EPSILON
        for a, b in frontier
    ):
        top.error(
            "no_deal",
            "no zone of possible agreement: no package is better than no deal for both sides "
            f"(reservation values: japan {reservation[0]:.3f}, us {reservation[1]:.3f})",
        )


def check_variant_zones(scenario: Scenario, root: Table) -> None:
    """A zone of possible agreement in every variant, at every difficulty, for either role."""
    levels = scenario.difficulties or (Difficulty("normal", "Normal"),)
    for v_index, variant in enumerate(scenario.variants):
        # the frontier depends on the variant's issues only; the levels move the reservations
        cut_scenario = cut(
            scenario, Setup(variant.id, levels[0].id if scenario.difficulties else "")
        )
        japan, us = cut_scenario.utilities
        frontier = _frontier(japan, us)
        no_deal = (japan(cut_scenario.no_deal), us(cut_scenario.no_deal))
        for level in levels:
            for player in SIDES:
                shift = {side: level.counterpart_reservation for side in SIDES}
                shift[player] = level.player_reservation
                rv = (no_deal[0] + shift[SIDES[0]], no_deal[1] + shift[SIDES[1]])
                if not any(
                    a > rv[0] + _ZONE_EPSILON and b > rv[1] + _ZONE_EPSILON for a, b in frontier
                ):
                    root.error(
                        f"variants[{v_index}]",
                        f"no zone of possible agreement in variant '{variant.id}' at difficulty "
                        f"'{level.id}' with the player as {player} (reservation values: japan "
                        f"{rv[0]:.3f}, us {rv[1]:.3f})",
                    )
