"""The commands plain mode reads: their short forms, and each one's usage and what it does in
three groups (the source of `help` and of the lists in docs/plain-mode.md)."""

from __future__ import annotations

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
