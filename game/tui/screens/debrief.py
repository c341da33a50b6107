"""The debrief, from the end screen (`d`): what the game came to and what it teaches, in four tabs.

- Result: the ending, both sides' points and scores (0 = no deal, 100 = the best deal the other
  side takes), the final terms beside the real deal of 22 July 2025 term by term, the money left
  on the table and the missed trades in words.
- Dance: every offer by its value to each side over the frontier, the Nash point, both no-deal
  values, the outcome and the real deal (game.present.dance's picture), then the offers and the
  concessions per round as tables.
- Teaching: the teaching points, each naming its moment; Enter shows that moment in the
  transcript.
- Transcript: the whole game, moves numbered as in the teaching points.

The Result, Dance and Teaching tabs are the debrief document's sections
(game.present.debrief_document), the same words `tnt export` and plain mode give, drawn by
game.tui.widgets.document; `x` writes that export beside the save. Every figure comes from a
`Debrief` (game.present.debrief), computed when the screen is opened: it takes a few
milliseconds, so no worker. The game is over: both sides' numbers are shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from game.present.debrief import Debrief, Moment, TeachingPoint, moment_line
from game.present.debrief_document import debrief_document
from game.present.document import Para
from game.present.exports import export_debrief
from game.present.narrate import event_lines
from game.present.prepare import prepare_debrief
from game.present.words import side_name
from game.session.session import Session
from game.tui.screens.base import (
    HORIZONTAL,
    TOO_SMALL_CLASSES,
    VERTICAL,
    WIDE,
    TooSmall,
    binding_help,
)
from game.tui.widgets.dance_plot import DancePlot
from game.tui.widgets.document import content_of, document_widgets, split_at_headings

_TABS = Binding.Group("Tabs", compact=True)
# the plot's size: its rows and columns of marks, each odd so that 50 falls on a row and a
# column; what is left of the terminal goes to the axes, titles and the tab bar
_PLOT_COLUMNS = (41, 121)
_PLOT_ROWS = (11, 41)
_PLOT_MARGIN = (11, 9)  # columns: padding, scrollbar, axes; rows: bars, titles, axes
# from the wide layout on, the legend goes beside the plot, in this many columns
_LEGEND = 48
_MARKER = "▶ "


def open_debrief(session: Session, content_dir: Path, concepts: Mapping[str, str]) -> DebriefScreen:
    """The debrief screen of a finished session. Broken teaching content (which `tnt check`
    reports) costs only the teaching points: the screen says so in their place."""
    prepared = prepare_debrief(session, content_dir)
    return DebriefScreen(prepared.debrief, session, concepts, prepared.teaching_problem)


class DebriefScreen(Screen[None]):
    """A full screen over the end screen. Not a GameScreen: the app hands it no turns (the game
    is over), and starting a new game from the palette takes it away with the end screen."""

    HORIZONTAL_BREAKPOINTS = HORIZONTAL
    VERTICAL_BREAKPOINTS = VERTICAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab('result')", "Result", group=_TABS, tooltip="Scores and the real deal"),
        Binding("2", "tab('dance')", "Dance", group=_TABS, tooltip="The negotiation dance"),
        Binding("3", "tab('teaching')", "Teaching", group=_TABS, tooltip="The teaching points"),
        Binding("4", "tab('transcript')", "Transcript", group=_TABS, tooltip="The whole game"),
        Binding("x", "export", "Export", tooltip="The debrief as Markdown, beside the save"),
        Binding("escape,q", "close", "Back", tooltip="Back to the end screen"),
    ]

    def __init__(
        self,
        debrief: Debrief,
        session: Session,
        concepts: Mapping[str, str] | None = None,
        teaching_problem: str = "",
    ) -> None:
        super().__init__()
        self.debrief = debrief
        self.session = session
        self.concepts = dict(concepts or {})
        self.teaching_problem = teaching_problem
        self.document = debrief_document(
            debrief, None, self.concepts, you=True, teaching_problem=teaching_problem
        )
        self._marked: int | None = None  # the transcript line marked as a moment
        self._scroll_pending = False

    def compose(self) -> ComposeResult:
        yield from self._body()
        yield TooSmall()

    def _body(self) -> ComposeResult:
        debrief = self.debrief
        who = (
            "two players (hotseat)"
            if debrief.hotseat
            else f"you played {side_name(debrief.player)}"
        )
        yield Static(
            Content(f"Debrief · {who}, seed {debrief.seed} · 1–4 tabs · Esc back"),
            classes="topbar",
        )
        with TabbedContent(id="debrief-tabs"):
            with TabPane("Result", id="result"), VerticalScroll(classes="debrief-page"):
                yield from document_widgets(self.document.section("result").blocks)
            with TabPane("Dance", id="dance"), VerticalScroll(classes="debrief-page"):
                yield from document_widgets(
                    self.document.section("dance").blocks, lambda: DancePlot(id="dance-plot")
                )
            with TabPane("Teaching", id="teaching"):
                yield from self._teaching_widgets()
            with TabPane("Transcript", id="transcript"):
                yield Static(id="moment-note", classes="para")
                # hundreds of lines, out of sight at first: mounted after the first frame
                yield Lazy(
                    VerticalScroll(
                        *transcript_widgets(debrief.transcript),
                        id="transcript-lines",
                        classes="debrief-page",
                    )
                )
        yield Footer()

    def _teaching_widgets(self) -> Iterator[Widget]:
        """The document's teaching points, one option each, so Enter can show a moment."""
        intro, points_ = split_at_headings(self.document.section("teaching").blocks)
        for block in intro:
            if isinstance(block, Para):
                yield Static(Content(block.text), classes="para debrief-page")
        if not points_:
            return
        yield Static(
            Content("↑/↓ choose a point; Enter shows its moment in the transcript."),
            classes="para debrief-page",
        )
        options: list[Option | None] = []
        for n, point in enumerate(points_):
            if n:
                options.append(None)  # a rule between points
            options.append(Option(content_of(point), id=f"point-{n}"))
        yield OptionList(*options, id="points")

    def on_mount(self) -> None:
        self._draw_dance()
        self.query_one("#result VerticalScroll", VerticalScroll).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._draw_dance()
        self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        # back from below the minimum size (which hid the page and took its focus): the page
        # has the keys again, and the footer shows them
        if self.focused is None and not self._too_small():
            self._focus_tab(self.query_one(TabbedContent).active)
        self.refresh_bindings()

    def _draw_dance(self) -> None:
        from game.present.dance import draw_dance

        columns, rows = dance_size(self.size.width, self.size.height)
        self.query_one(DancePlot).picture = draw_dance(self.debrief, columns, rows)

    # -----------------------------------------------------------------------------------------
    # Tabs and moments

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.call_after_refresh(self._focus_tab, tab)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # the tab bar clicked or switched with ←/→: the page follows, so ↑/↓ read it
        if event.pane.id is not None and not self.query_one("Tabs").has_focus:
            self._focus_tab(event.pane.id)
        if event.pane.id == "transcript" and self._scroll_pending:
            # only now is the transcript laid out where it will be shown
            self.call_after_refresh(self._scroll_to_mark)

    def _scroll_to_mark(self) -> None:
        self._scroll_pending = False
        if self._marked is not None:
            lines = self.query_one("#transcript-lines", VerticalScroll)
            lines.scroll_to_widget(self._line(self._marked), top=True, animate=False)

    def _focus_tab(self, tab: str) -> None:
        pages = self.query_one(f"#{tab}", TabPane).query("OptionList, VerticalScroll")
        if pages:  # the transcript is mounted a moment after the rest
            pages.first().focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("point-"):
            self.show_moment(self.debrief.teaching[int(option_id.removeprefix("point-"))])

    def show_moment(self, point: TeachingPoint) -> None:
        """The transcript tab, scrolled to the line of the point's moment, which is marked."""
        index = moment_line(self.debrief.transcript, point.moment, self._head(point.moment))
        lines = self.query_one("#transcript-lines", VerticalScroll)
        if self._marked is not None:
            self._line(self._marked).update(Content(_shown(self.debrief.transcript[self._marked])))
            self._line(self._marked).remove_class("-moment")
        target = self._line(index)
        target.update(Content(_MARKER + _shown(self.debrief.transcript[index])))
        target.add_class("-moment")
        self._marked = index
        self.query_one("#moment-note", Static).update(
            Content(f"{_MARKER}{point.moment.describe()} — the moment of “{point.title}”.")
        )
        self.query_one("#moment-note").add_class("-shown")
        tabs = self.query_one(TabbedContent)
        self._scroll_pending = True
        if tabs.active == "transcript":
            self.call_after_refresh(self._scroll_to_mark)
        tabs.active = "transcript"
        lines.focus()

    def _head(self, moment: Moment) -> str:
        """The first line the transcript gives the moment's event."""
        events_ = self.session.transcript
        if not 0 <= moment.event_index < len(events_):
            return ""
        lines = event_lines(events_[moment.event_index], self.session.state, None)
        return lines[0] if lines else ""

    def _line(self, index: int) -> Static:
        return self.query_one(f"#line-{index}", Static)

    # -----------------------------------------------------------------------------------------
    # Export and leaving

    def action_export(self) -> None:
        session = self.session
        if session.save_path is None:
            self.notify(
                "This game is not being saved, so there is no saves folder to write to.",
                severity="warning",
            )
            return
        try:
            path = export_debrief(
                session, self.debrief, self.concepts, session.save_path, self.teaching_problem
            )
        except OSError as exc:
            self.notify(
                f"The debrief could not be written ({exc.strerror or exc}).",
                title="Not exported",
                severity="error",
                markup=False,
            )
            return
        self.notify(
            f"Debrief written to {path.name} in {path.parent}.", title="Exported", markup=False
        )
        if self.app.is_web:  # `tnt serve`: the file is on the server; the browser gets a copy
            self.app.deliver_text(path, encoding="utf-8")
            self.notify(f"{path.name} is on its way to your downloads.", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # as on every game screen: below the minimum size, no key acts on what cannot be seen
        return not self._too_small()

    def _too_small(self) -> bool:
        return any(self.has_class(name) for name in TOO_SMALL_CLASSES)

    def help_keys(self) -> list[tuple[str, str]]:
        return [
            *binding_help(self),
            ("← / →", "On the tab bar: the tab before or after"),
            ("↑ / ↓ / PgUp / PgDn", "Read the page"),
            ("Enter", "On a teaching point: show its moment in the transcript"),
        ]


# ---------------------------------------------------------------------------------------------
# What the tabs show besides the document: the transcript a line a widget, the teaching points


def transcript_widgets(transcript: Sequence[str]) -> Iterator[Widget]:
    """One Static per line, so lines wrap at words and a moment can be scrolled to; round
    headers stand out and the details under a move are indented."""
    for index, line in enumerate(transcript):
        if not line.strip():
            continue
        kind = "log-round" if _is_round(line) else "detail" if line.startswith("  ") else "line"
        yield Static(Content(_shown(line)), classes=kind, id=f"line-{index}")


def dance_size(width: int, height: int) -> tuple[int, int]:
    """(columns, rows) of marks for a terminal of `width` × `height`."""

    def odd(value: int, bounds: tuple[int, int]) -> int:
        value = min(bounds[1], max(bounds[0], value))
        return value if value % 2 else value - 1

    room = width - _PLOT_MARGIN[0] - (_LEGEND if width >= WIDE else 0)
    return odd(room, _PLOT_COLUMNS), odd(height - _PLOT_MARGIN[1], _PLOT_ROWS)


# ---------------------------------------------------------------------------------------------
# Small pieces


def _is_round(line: str) -> bool:
    return line.startswith("== ") and line.endswith(" ==")


def _shown(line: str) -> str:
    """A transcript line as the tab shows it: round headers without their rules, details
    without their indent (the style indents them, and wraps them under themselves)."""
    return line[3:-3] if _is_round(line) else line.strip()
