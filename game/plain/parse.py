"""Reading what the player types in plain mode, and the words of its prompts: issues, options,
changes, signals and answers matched by id, number or a unique start, with a did-you-mean for a
near miss. Pure functions of the scenario; the game at the table is in plain.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from game.content.tables import closest
from game.engine.model import Scenario, SideEvent, Terms
from game.session.choices import Choices


class InputError(Exception):
    """A line the player typed that names nothing known; the message is one line for them."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The player's wording of the content reader's near miss: " Did you mean x?"."""
    close = closest(word, choices)
    return f" Did you mean {close}?" if close else ""


def _norm(word: str) -> str:
    return word.strip().lower()


def listing(items: Sequence[str], last: str = "or") -> str:
    """'a, b or c': the answers of a prompt."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def prompt_moves(choices: Choices) -> list[str]:
    """The moves a negotiation prompt offers: exactly those `choices` allows, in plain words."""
    moves = []
    if choices.can_accept:
        moves.append("accept")
    if choices.can_reject:
        moves.append("reject")
    if choices.can_propose:
        moves += ["offer ISSUE=OPTION", "draft", "propose"]
    if choices.can_signal:
        moves.append("signal")
    if choices.can_walk_away:
        moves.append("walk")
    return moves


def paragraphs(text: str) -> list[str]:
    """A content text as one line per paragraph: TOML's wrapped lines joined, blank lines kept
    as the breaks between paragraphs."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


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
