"""Plain data passed between ingest stages.

Stages are pure functions over these frozen dataclasses; only ``load`` touches the
database. Keeping the hand-offs explicit means each stage can be tested on its own
and a later stage can never reach back and mutate what an earlier one decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cleaned:
    """Document text with site chrome and markup removed.

    ``offsets[i]`` is the index in the raw (decoded) file of cleaned character ``i``;
    ``offsets[len(text)]`` is one past the last raw character used. Provenance in the
    database is always expressed in raw offsets, so a reader can open the original
    file and find the exact passage even after the cleaner changes.
    """

    text: str
    offsets: Sequence[int]  # an array('q') in practice: 8 bytes a character, not a Python int each
    front_matter: dict[str, object] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of cleaned text back to the raw file."""
        if end <= start:
            pos = self.offsets[min(start, len(self.offsets) - 1)]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class FigureMatch:
    """One quoted number found in a piece of text.

    ``start``/``end`` are offsets into the text that was given to the extractor.
    ``value`` is None for vague amounts ("tens of thousands"), which are kept so the
    reader sees the claim, but can never be summed or compared.
    """

    text: str
    value: float | None
    unit: str | None
    dimension: str | None
    qualifier: str
    noun: str | None
    sentence: str
    start: int
    end: int
