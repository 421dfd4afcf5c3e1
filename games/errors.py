"""The one error type users see: a problem in their input, with file, line and column."""
from __future__ import annotations

import difflib
from typing import Iterable


class GameError(Exception):
    """Base class for every error the engine reports to a user."""


class ScenarioError(GameError):
    """A problem in an input file (or option), located as file:line:column.

    `str(err)` is the one-line message the CLI prints.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None, hint: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class TooLargeError(GameError):
    """The game is too large for the chosen method; the message names one that can cope.
    `reason` is why, in a few words without the way forward ('12,000 support profiles
    remain after removing dominated strategies'), for messages that quote it (the
    whole message when not given)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = message if reason is None else reason


class EnumerationTooLong(GameError):
    """Exact enumeration would run beyond games.limits.MAX_WALK_SECONDS, as estimated
    before it starts (games.solvers.walk_estimate); the message names the estimate and
    the ways forward (--timeout SECONDS, --method numeric). Not a TooLargeError, so the
    automatic method does not switch to a numeric sample on its own."""


class TooManyToList(GameError):
    """The answer is known but longer than a report lists (games.limits
    LISTED_EXTREME_POINTS, LISTED_PROBABILITIES): refused before it is built."""


class SolverTimeout(GameError):
    """A solver ran out of its time budget."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean 'x'?" hint for a misspelt name, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
