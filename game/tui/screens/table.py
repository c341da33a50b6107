"""The table: the offer builder, the offer on the table, the meters, the round and the transcript.

The screen owns what is the player's alone and not yet the game's: the draft package and which
issue is highlighted. Every move goes up to the app as a `Move`; the app hands back each turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from game.engine.commands import Accept, Propose, Reject, Signal, WalkAway
from game.engine.machine import proposal_base
from game.engine.model import SignalDef, Terms
from game.engine.view import PlayerView
from game.present.view import (
    legend_text,
    log_entries,
    meter_items,
    news_text,
    offer_view,
    status_text,
    table_key,
)
from game.session.choices import Choices
from game.session.session import Session
from game.tui.messages import Move
from game.tui.screens.base import GameScreen
from game.tui.turn import Turn
from game.tui.widgets.lines import MeterLine
from game.tui.widgets.offer_table import OfferTable
from game.tui.widgets.transcript import Transcript

_SIGNAL_GROUP = Binding.Group("Signal", compact=True)
# the keys that make a move, and whether the engine would take that move now
_MOVES: dict[str, Callable[[Choices], bool]] = {
    "propose": lambda choices: choices.can_propose,
    "accept": lambda choices: choices.can_accept,
    "reject": lambda choices: choices.can_reject,
    "walk": lambda choices: choices.can_walk_away,
    "signal": lambda choices: choices.can_signal,
    "signals": lambda choices: choices.can_signal,
}
MAX_SIGNALS = 9


def _signal_binding(n: int) -> Binding:
    return Binding(
        str(n),
        f"signal({n})",
        f"Signal {n}",
        group=_SIGNAL_GROUP,
        tooltip="Send your signal number {n} (s lists them)",
    )


class TableScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "issue(-1)", "Previous issue", show=False),
        Binding("down", "issue(1)", "Next issue", show=False),
        Binding("left", "option(-1)", "Draft: previous option", show=False),
        Binding("right", "option(1)", "Draft: next option", show=False),
        Binding("enter", "propose", "Propose", tooltip="Propose your draft package"),
        Binding("a", "accept", "Accept", tooltip="Accept the offer on the table"),
        Binding("r", "reject", "Reject", tooltip="Turn the offer down without a counter-offer"),
        Binding("w", "walk", "Walk out", tooltip="Leave the talks for good (you confirm)"),
        *(_signal_binding(n) for n in range(1, MAX_SIGNALS + 1)),
        Binding("s", "signals", "Signals…", show=False, tooltip="List your signals"),
        Binding("x", "reset_draft", "Reset draft", show=False, tooltip="Draft = the table"),
        Binding("i", "issue_info", "About this issue", show=False),
        Binding("b", "brief", "Brief", show=False, tooltip="Your confidential brief"),
        Binding("m", "meters", "Meters", show=False, tooltip="What each meter means"),
        Binding("pageup", "scroll_log(-1)", "Transcript up", show=False),
        Binding("pagedown", "scroll_log(1)", "Transcript down", show=False),
    ]

    def __init__(
        self,
        session: Session,
        surprise: bool = False,
        side: str | None = None,
        who: str = "",
        meters_since: tuple[int, ...] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise
        # whose table this is: the player's, or in hotseat the side at the keyboard (`who`
        # names its player in the top bar; "" against the computer)
        self.side = side or session.player
        self.who = who
        self.cursor = 0
        state = session.view(self.side).state
        self.draft: Terms = proposal_base(state, self.side)
        self._table_key: tuple[object, ...] | None = None
        # meters are shown with how they moved since the player's last move here; before the
        # first one, since the game began
        first = not any(o.by == self.side for o in state.offers)
        self._meters_mark: tuple[int, ...] | None = meters_since or (
            tuple(m.initial for m in state.scenario.meters) if first else None
        )
        self._busy = False
        self._ready = False  # composed: turns handed down before that wait for on_mount
        self._shown = 0  # how much of the session's transcript the log shows
        self._news = "The talks begin. Their move and yours are told here and in the log below."

    @property
    def seen(self) -> PlayerView:
        """The game as this table's side may know it: every drawing reads this, never the
        session's full state (moves still go to the session)."""
        return self.session.view(self.side)

    @property
    def signals(self) -> list[SignalDef]:
        player = self.side
        return [s for s in self.seen.state.scenario.signals if player in s.sides]

    def compose_body(self) -> ComposeResult:
        yield Static(id="status", classes="topbar")
        yield Static(id="news")
        with Horizontal(id="table-body"):
            with Vertical(id="table-left"):
                yield OfferTable(id="offers")
                yield Static(id="detail")
                yield Static(id="legend")
                yield MeterLine(id="meters")
            with Vertical(id="table-right"):
                yield Transcript(id="log")
        # the palette's key is in the help: the table's own keys need the whole footer
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._ready = True
        self._catch_up()
        self._redraw()

    # -- what the app hands down -----------------------------------------------------------------

    def show_turn(self, turn: Turn) -> None:
        news = news_text(turn.events, self.seen)
        if news:
            self._news = news
        if self._ready:
            self._catch_up()
            self._redraw()

    def show_busy(self, busy: bool) -> None:
        self._busy = busy
        if self._ready:
            self._render_status()

    # -- rendering -------------------------------------------------------------------------------

    def _catch_up(self) -> None:
        """Add what the log has not shown yet (everything, the first time)."""
        transcript = self.session.transcript
        new = transcript[self._shown :]
        self._shown = len(transcript)
        if new:
            entries = log_entries(new, self.seen)
            self.query_one(Transcript).add(entries)

    def _redraw(self) -> None:
        seen = self.seen
        key = table_key(seen)
        if key != self._table_key:
            # a new offer or round on the table: the draft starts again from it
            self._table_key = key
            self.draft = proposal_base(seen.state, self.side)
        self._render_status()
        self._render_offer()
        self.query_one("#news", Static).update(Content(self._news))
        self.query_one("#legend", Static).update(Content(legend_text(seen)))
        self.query_one(MeterLine).set_items(meter_items(seen, self._meters_mark))
        self.refresh_bindings()  # the moves open now: Accept only with an offer to accept

    def _render_status(self) -> None:
        text = status_text(self.seen, self._busy)
        if self.who:  # hotseat: the player's name says whose move it is
            text = f"{self.who} · {text.rsplit(' · ', 1)[0]}"
        self.query_one("#status", Static).update(Content(text))

    def _render_offer(self) -> None:
        view = offer_view(self.seen, self.draft, self.cursor)
        self.query_one(OfferTable).view = view
        self.query_one("#detail", Static).update(Content(view.detail))

    # -- the offer builder -----------------------------------------------------------------------

    def action_issue(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.seen.state.scenario.issues)
        self._render_offer()

    def action_option(self, step: int) -> None:
        options = len(self.seen.state.scenario.issues[self.cursor].options)
        pick = min(options - 1, max(0, self.draft.picks[self.cursor] + step))
        self.draft = self.draft.with_pick(self.cursor, pick)
        self._render_offer()

    def on_offer_table_row_clicked(self, message: OfferTable.RowClicked) -> None:
        self.cursor = message.row
        self._render_offer()

    def action_reset_draft(self) -> None:
        self.draft = proposal_base(self.seen.state, self.side)
        self._render_offer()

    # -- moves -----------------------------------------------------------------------------------

    def _move(self, command: Propose | Accept | Reject | WalkAway | Signal) -> None:
        # the meters show what moved since the player's last move at the table, events included
        self._meters_mark = self.seen.state.meters
        self.post_message(Move(command))

    def action_propose(self) -> None:
        self._move(Propose(self.side, self.draft))

    def action_accept(self) -> None:
        seen = self.seen
        player = self.side
        standing = seen.state.standing
        if standing is None or standing.by == player:
            self._move(Accept(player))  # the engine says why not
            return
        if seen.utility(standing.terms) >= seen.reservation:
            self._move(Accept(player))
            return
        from game.tui.screens.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._move(Accept(player))

        self.app.push_screen(
            ConfirmDialog(
                "This offer is worth less to you than no deal. Accept it anyway?",
                yes="Accept anyway",
                no="Keep negotiating",
            ),
            confirmed,
        )

    def action_reject(self) -> None:
        self._move(Reject(self.side))

    def action_walk(self) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        player = self.side

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._move(WalkAway(player))

        self.app.push_screen(
            ConfirmDialog(
                "Walk away from the talks for good? There will be no deal, and the no-deal "
                "terms apply.",
                yes="Walk away",
                no="Stay at the table",
            ),
            confirmed,
        )

    def _signal(self, signal: SignalDef) -> Signal:
        issue = self.seen.state.scenario.issues[self.cursor].id if signal.needs_issue else ""
        return Signal(self.side, signal.id, issue)

    def action_signal(self, number: int) -> None:
        signals = self.signals
        if 1 <= number <= len(signals):
            self._move(self._signal(signals[number - 1]))

    def action_signals(self) -> None:
        from game.tui.screens.signals import SignalMenu

        issue = self.seen.state.scenario.issues[self.cursor]

        def chosen(signal_id: str | None) -> None:
            if signal_id is not None:
                self._move(self._signal(self.seen.state.scenario.signal(signal_id)))

        self.app.push_screen(SignalMenu(self.signals, issue.name), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A move's key only when the engine would take the move now (`Session.choices`):
        Accept and Reject with an offer of theirs on the table, none while an event waits for
        an answer. A signal key stays greyed (None) once this turn's signal is sent, so the
        player still sees it exists."""
        if not super().check_action(action, parameters):
            return False
        if action not in _MOVES:
            return True
        choices = self.session.choices(self.side)
        if action == "signal":
            (number,) = parameters
            # only as many signal keys as this side has signals
            if not isinstance(number, int) or number > len(self.signals):
                return False
            return True if self.signals[number - 1].id in choices.signal_ids else None
        if action == "signals":
            return choices.can_signal or None
        return _MOVES[action](choices)

    def help_keys(self) -> list[tuple[str, str]]:
        # the numbered signal keys are listed by what they say, and only as many as there are
        keys = [(k, what) for k, what in super().help_keys() if not what.startswith("Signal ")]
        for n, signal in enumerate(self.signals, 1):
            about = " (about the highlighted issue)" if signal.needs_issue else ""
            keys.append((str(n), f"Signal: {signal.label}{about}"))
        return keys

    # -- reading ---------------------------------------------------------------------------------

    def action_issue_info(self) -> None:
        from game.tui.screens.info import issue_dialog

        self.app.push_screen(issue_dialog(self.seen, self.cursor, self.draft))

    def action_brief(self) -> None:
        from game.tui.screens.brief import BriefDialog

        self.app.push_screen(BriefDialog(self.session, self.surprise, self.side, bool(self.who)))

    def action_meters(self) -> None:
        from game.tui.screens.info import meters_dialog

        self.app.push_screen(meters_dialog(self.seen.state))

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one(Transcript)
        if direction < 0:
            log.scroll_page_up()
        else:
            log.scroll_page_down()
