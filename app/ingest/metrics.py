"""Metrics stage: which of the coalition's running numbers a figure states, the bounds
its words allow, and which points of a series do not sit well together.

Why: analysts ask how the coalition's own numbers moved (territory liberated, forces
trained, money raised), not where a sentence is. The extractor (``figures.py``) says
*what* a number is ("more than 220,000", people, "security and police personnel");
this stage says *which claim* it is, from a curated taxonomy in ``data/metrics.yaml``,
and keeps the cue that decided, so every point of a series can be traced and argued.

Public API, all pure and deterministic:

* ``read_metrics(path) -> Registry``: the taxonomy, validated; a bad file is an
  ``IngestError`` naming the file, the entry and the line.
* ``bounds(value, qualifier) -> (low, high)``: what the words allow.
* ``classify(figure, text, registry, others) -> Classification | None``: at most one
  metric for one figure of a statement (``text``), with its cue and scope.
* ``classify_all(figures, text, registry)``: the same for every figure of a statement.
* ``metric_rows(registry, figure_rows) -> (metric rows, flag rows)``: per-metric
  summaries and the consistency flags, for ``load``.

Decisions
---------
* **At most one metric, never forced.** The first metric in file order whose dimension,
  unit, ``range`` and ``exclude`` admit the figure and one of whose cues matches. Vague
  amounts (no value) are never classified: a series is of numbers.
* **Cues are data** (see the head of ``data/metrics.yaml`` for their syntax): ``phrase``
  is matched anchored at the figure itself, so "trained ... {n}" is about *this*
  number and not another one in the sentence; ``noun`` is matched in the counted noun;
  ``near`` anywhere in its clause (the sentence, or its part between semicolons). The
  words of a phrase reach through coordination: in "liberated 62 percent of the
  territories ... in Iraq and 30 percent in Syria", "liberated" governs both figures
  (the reason then names the figure it went through).
* **Bounds** are inclusive limits of what the words allow; null means the words set
  none. exact: value..value; more_than/at_least: value..null; nearly/less_than/up_to:
  null..value; approximately: value ± half a unit of its last significant digit, at
  most 10% ("approximately 7.7 million": 7.65-7.75 million; "around 200": 180-220).
* **Scope** (where a claim applies) comes from the words next to the figure, else the
  metric's ``default_scope``; points of different scopes are never compared. The
  territory series mixes "62 percent ... in Iraq", "30 percent in Syria" and "98
  percent ... in Iraq and Syria": three scopes of one metric, not three metrics, so the
  metric list stays the analyst's list and a chart draws one line per scope.
* **Series order** is date, then figure id (deterministic); undated points come last
  and are never compared.
* **Flags judge nothing**: they name two points and why they do not sit well together.
  ``cumulative_decrease``: a running total below the highest value said on an earlier
  date (same scope). ``same_date_disjoint``: two points of the same scope and date whose
  bounds do not overlap.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import yaml

from app.ingest.figures import fold_ascii_case
from app.ingest.sources import IngestError, parse_yaml
from app.ingest.types import FigureMatch

GAP_WORDS: Final = 6
APPROXIMATE_AT_MOST: Final = Decimal("0.1")  # "approximately" never allows more than 10% either way
DIMENSIONS: Final = frozenset({"currency", "percent", "fraction", "count", "area", "length", "mass", "duration"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_METRIC_KEYS: Final = frozenset(
    {
        "id",
        "label",
        "description",
        "dimension",
        "unit",
        "cumulative",
        "range",
        "default_scope",
        "scoped",
        "exclude",
        "cues",
    }
)
_CUE_KEYS: Final = frozenset({"phrase", "noun", "near"})
_SCOPE_KEYS: Final = frozenset({"id", "label", "cues"})

# Between two words of a cue: punctuation and spaces; "..." allows up to GAP_WORDS words.
_ADJACENT = r"\W+"
_GAP = rf"\W+(?:\S+\s+){{0,{GAP_WORDS}}}?\W*"
_CONNECTOR_GAP = re.compile(r"^[\w'’\- ]{0,60}?(?:,\s*(?:and|or)?|\band|\bor)\s*$")


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Cue:
    """One way of recognising a metric; ``text`` is how it is recorded as the reason."""

    text: str
    left: re.Pattern[str] | None  # phrase words before {n}, anchored at the figure's start
    right: re.Pattern[str] | None  # phrase words after {n}, anchored at the figure's end
    free: re.Pattern[str] | None  # a phrase without {n}: anywhere in the sentence
    suffix: str  # "{n}-member": what the figure's text ends with ("" for any)
    noun: tuple[re.Pattern[str], ...]  # every one occurs in the counted noun
    near: tuple[re.Pattern[str], ...]  # every one occurs in the sentence
    # What ``left``, ``free`` and each of ``near`` need in a text they match (see _needs):
    # a quick test that rules most sentences out before the regular expression is run.
    left_needs: Needs = ()
    free_needs: Needs = ()
    near_needs: tuple[Needs, ...] = ()


@dataclass(frozen=True)
class MetricDef:
    """A curated metric: what it counts and the cues that identify it."""

    id: str
    label: str
    description: str | None
    dimension: str
    unit: str
    cumulative: bool
    range: tuple[float, float] | None
    default_scope: str | None
    scoped: bool
    exclude: re.Pattern[str] | None
    cues: tuple[Cue, ...]

    def admits(self, fig: FigureMatch) -> bool:
        """Whether the figure is of this metric's kind at all (before any cue)."""
        if fig.value is None or fig.dimension != self.dimension or fig.unit != self.unit:
            return False
        if self.range is not None and not self.range[0] <= fig.value <= self.range[1]:
            return False
        return not (self.exclude is not None and fig.noun and self.exclude.search(fig.noun))


@dataclass(frozen=True)
class ScopeDef:
    """A place a claim can apply to, and the words that name it."""

    id: str
    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    """The metric taxonomy and the scopes, as read from ``metrics.yaml``."""

    metrics: tuple[MetricDef, ...] = ()
    scopes: tuple[ScopeDef, ...] = ()
    scope_pattern: re.Pattern[str] | None = None  # alternation, longest cue first; group sN = scope N

    def metric(self, metric_id: str) -> MetricDef:
        """The metric with this id."""
        return next(m for m in self.metrics if m.id == metric_id)

    def scope_label(self, scope_id: str | None) -> str:
        """A scope's label ("not stated" for none)."""
        return next((s.label for s in self.scopes if s.id == scope_id), "not stated")

    def scope_rank(self, scope_id: str | None) -> int:
        """File order of a scope (widest first by convention); no scope comes last."""
        return next((i for i, s in enumerate(self.scopes) if s.id == scope_id), len(self.scopes))

    @cached_property
    def scope_stems(self) -> tuple[str, ...] | None:
        """Lower-cased literals one of which occurs wherever ``scope_pattern`` matches (one
        from each cue: its first word's beginning, shorter ones standing for longer ones
        that contain them); None when a cue has none ASCII can vouch for (see _needs)."""
        stems: set[str] = set()
        for scope in self.scopes:
            for cue in scope.cues:
                needs = _needs(cue.split())
                if not needs:
                    return None
                stems.update(needs[0])
        return tuple(sorted(s for s in stems if not any(o != s and o in s for o in stems)))

    @cached_property
    def by_kind(self) -> dict[tuple[str, str], tuple[MetricDef, ...]]:
        """The metrics of each (dimension, unit), in file order: the only ones that can admit
        a figure of that kind, so classifying a figure need not ask every metric."""
        kinds: dict[tuple[str, str], list[MetricDef]] = defaultdict(list)
        for metric in self.metrics:
            kinds[metric.dimension, metric.unit].append(metric)
        return {kind: tuple(metrics) for kind, metrics in kinds.items()}


#: For each word of a cue pattern, the lower-cased literal beginnings of its alternatives
#: ("liberat*|freed": ("liberat", "freed")); one of them occurs wherever the pattern matches.
Needs = tuple[tuple[str, ...], ...]


def _needs(tokens: list[str]) -> Needs:
    """What a pattern of these cue words (``...`` and ``{n}`` aside) needs in a text it
    matches. A word with a cased letter outside ASCII is left out: ``fold_ascii_case``
    vouches only for ASCII letters."""
    needs = []
    for token in tokens:
        if token == "..." or _FIGURE.fullmatch(token):
            continue
        stems = tuple(alt.removesuffix("*").lower() for alt in token.split("|"))
        if all(c.isascii() or c.lower() == c.upper() for stem in stems for c in stem):
            needs.append(stems)
    return tuple(needs)


def _lacks(needs: Needs, folded: str | None, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` (a text as ``fold_ascii_case`` returns it, None when it
    could not) lacks a word of ``needs``, so that their pattern cannot match in it."""
    return folded is not None and any(all(folded.find(s, start, end) < 0 for s in stems) for stems in needs)


def _word(token: str) -> str:
    """One cue word: ``a|b`` alternatives, ``word*`` any ending; a possessive 's is allowed."""
    alternatives = []
    for alt in token.split("|"):
        stem = alt.removesuffix("*")
        if not stem or "*" in stem or "{" in stem or "}" in stem:
            raise ValueError(f"{token!r} is not a word (use letters, 'a|b' or 'word*')")
        alternatives.append(re.escape(stem) + (r"\w*" if alt.endswith("*") else r"(?!\w)"))
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:['’]s(?!\w))?"


def _words(text: str) -> str:
    """Adjacent words (``noun``/``near``/``exclude``/scope cues)."""
    tokens = text.split()
    if not tokens or "..." in tokens or any("{" in t for t in tokens):
        raise ValueError(f"{text!r}: give words ('...' and '{{n}}' belong in a phrase)")
    return _ADJACENT.join(_word(t) for t in tokens)


def _any_of(terms: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{_words(t)})" for t in terms), re.IGNORECASE) if terms else None


def _sequence(tokens: list[str]) -> str:
    """Words and gaps, in order (no leading or trailing gap)."""
    out = ""
    gap = False
    for token in tokens:
        if token == "...":
            if gap or not out:
                raise ValueError("'...' must stand between two words or a word and {n}")
            gap = True
            continue
        out += (_GAP if gap else _ADJACENT) + _word(token) if out else _word(token)
        gap = False
    if gap:
        raise ValueError("'...' must stand between two words or a word and {n}")
    return out


_FIGURE = re.compile(r"\{n\}(?P<suffix>\S*)")


def _phrase(phrase: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None, str]:
    """(left, right, free, suffix) patterns of a phrase; see :class:`Cue`."""
    tokens = phrase.split()
    at = [i for i, t in enumerate(tokens) if _FIGURE.fullmatch(t)]
    if len(at) > 1 or any("{" in t for i, t in enumerate(tokens) if i not in at):
        raise ValueError("'{n}' (the figure) may appear once, as a word of its own ('{n}' or '{n}-member')")
    if not at:
        return None, None, re.compile(_sequence(tokens), re.IGNORECASE), ""
    suffix = _FIGURE.fullmatch(tokens[at[0]]).group("suffix")  # type: ignore[union-attr]
    before, after = tokens[: at[0]], tokens[at[0] + 1 :]
    if before[:1] == ["..."] or after[-1:] == ["..."]:
        raise ValueError("'...' must stand between two words or a word and {n}")
    left = right = None
    if before:
        gap = before[-1] == "..."
        body = _sequence(before[:-1] if gap else before)
        tail = rf"(?:\W+\S+){{0,{GAP_WORDS}}}?\W*$" if gap else r"\W*$"
        left = re.compile(body + tail, re.IGNORECASE)
    if after:
        gap = after[0] == "..."
        body = _sequence(after[1:] if gap else after)
        head = rf"\W*(?:\S+\s+){{0,{GAP_WORDS}}}?\W*" if gap else r"\W*"
        right = re.compile(head + body, re.IGNORECASE)
    if left is None and right is None and not suffix:
        raise ValueError("a phrase needs words besides {n}")
    return left, right, None, suffix.lower()


def _terms(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError(f"'{what}' must be a string or a list of strings")
    return [v.strip() for v in items]


def _cue(item: Any) -> Cue:
    if not isinstance(item, dict):
        raise ValueError("a cue must be a mapping with 'phrase', 'noun' and/or 'near'")
    unknown = sorted(set(item) - _CUE_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; a cue has phrase, noun, near")
    phrase = item.get("phrase")
    if phrase is not None and (not isinstance(phrase, str) or not phrase.strip()):
        raise ValueError("'phrase' must be a string")
    nouns, near = _terms(item.get("noun"), "noun"), _terms(item.get("near"), "near")
    if phrase is None and not nouns:
        raise ValueError("a cue needs a 'phrase' or a 'noun'")
    left, right, free, suffix = _phrase(phrase) if phrase else (None, None, None, "")
    tokens = phrase.split() if phrase else []
    before = next((tokens[:i] for i, t in enumerate(tokens) if _FIGURE.fullmatch(t)), [])
    parts = [f'phrase "{phrase.strip()}"'] if phrase else []
    parts += ["noun " + " and ".join(f'"{n}"' for n in nouns)] if nouns else []
    parts += ["near " + " and ".join(f'"{n}"' for n in near)] if near else []
    return Cue(
        " + ".join(parts),
        left,
        right,
        free,
        suffix,
        tuple(re.compile(_words(n), re.IGNORECASE) for n in nouns),
        tuple(re.compile(_words(n), re.IGNORECASE) for n in near),
        left_needs=_needs(before) if left is not None else (),
        free_needs=_needs(tokens) if free is not None else (),
        near_needs=tuple(_needs(n.split()) for n in near),
    )


def _load(path: Path) -> tuple[Any, yaml.Node | None]:
    return parse_yaml(path, "metric registry")


def _section(path: Path, node: yaml.Node | None, data: Any, key: str) -> tuple[list[Any], list[yaml.Node]]:
    """The list under a top-level key, and each item's node (for line numbers)."""
    items = data.get(key) if isinstance(data, dict) else None
    if items is None:
        return [], []
    value = next((v for k, v in node.value if k.value == key), None) if isinstance(node, yaml.MappingNode) else None
    if not isinstance(items, list) or not isinstance(value, yaml.SequenceNode):
        raise IngestError(f"{path}: '{key}' must be a list")
    return items, list(value.value)


def _cue_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        cues = next((v for k, v in node.value if k.value == "cues"), None)
        if isinstance(cues, yaml.SequenceNode):
            return list(cues.value)
    return []


def _scopes(path: Path, items: list[Any], nodes: list[yaml.Node]) -> tuple[ScopeDef, ...]:
    scopes: list[ScopeDef] = []
    for index, (item, node) in enumerate(zip(items, nodes, strict=True)):
        where = f"{path}: scope {index + 1} (line {node.start_mark.line + 1})"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _ID.fullmatch(item["id"]):
            raise IngestError(f"{where}: a scope needs an 'id' in lower-case-with-hyphens")
        unknown = sorted(set(item) - _SCOPE_KEYS)
        if unknown:
            raise IngestError(f"{where}: unknown key(s) {', '.join(unknown)}; a scope has id, label, cues")
        if item["id"] in {s.id for s in scopes}:
            raise IngestError(f"{where}: duplicate scope id {item['id']!r}")
        try:
            cues = _terms(item.get("cues"), "cues")
            for cue in cues:
                _words(cue)
        except ValueError as exc:
            raise IngestError(f"{where}: {exc}") from exc
        if not cues:
            raise IngestError(f"{where}: a scope needs 'cues' (the words that name it)")
        scopes.append(ScopeDef(item["id"], str(item.get("label") or item["id"]), tuple(cues)))
    return tuple(scopes)


def _metric(path: Path, index: int, item: Any, node: yaml.Node, scopes: tuple[ScopeDef, ...]) -> MetricDef:
    ident = item.get("id") if isinstance(item, dict) else None
    where = f"{path}: metric {index + 1}" + (f" {ident!r}" if isinstance(ident, str) else "")
    where += f" (line {node.start_mark.line + 1})"

    def fail(message: str) -> IngestError:
        return IngestError(f"{where}: {message}")

    if not isinstance(item, dict):
        raise fail("a metric must be a mapping with id, label, dimension, unit, cumulative and cues")
    unknown = sorted(set(item) - _METRIC_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; expected some of {', '.join(sorted(_METRIC_KEYS))}")
    for key in ("id", "label", "dimension", "unit"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise fail(f"missing required field '{key}'")
    if not _ID.fullmatch(item["id"]) or len(item["id"]) > 64:
        raise fail("'id' must be lower-case words joined by hyphens (at most 64 characters)")
    if item["dimension"] not in DIMENSIONS:
        raise fail(f"unknown dimension {item['dimension']!r}; expected one of {', '.join(sorted(DIMENSIONS))}")
    for key in ("cumulative", "scoped"):
        if key in item and not isinstance(item[key], bool):
            raise fail(f"'{key}' must be true or false")
    if "cumulative" not in item:
        raise fail("missing required field 'cumulative' (true for a running total)")
    bounds_range = item.get("range")
    if bounds_range is not None and not (
        isinstance(bounds_range, list)
        and len(bounds_range) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in bounds_range)
        and bounds_range[0] <= bounds_range[1]
    ):
        raise fail("'range' must be [min, max] with min <= max")
    default_scope = item.get("default_scope")
    if default_scope is not None and default_scope not in {s.id for s in scopes}:
        raise fail(f"unknown default_scope {default_scope!r}; define it under 'scopes'")
    try:
        exclude = _any_of(_terms(item.get("exclude"), "exclude"))
    except ValueError as exc:
        raise fail(str(exc)) from exc
    raw_cues = item.get("cues")
    if not isinstance(raw_cues, list) or not raw_cues:
        raise fail("'cues' must be a non-empty list")
    cue_nodes = _cue_nodes(node)
    cues = []
    for n, raw in enumerate(raw_cues):
        line = cue_nodes[n].start_mark.line + 1 if n < len(cue_nodes) else node.start_mark.line + 1
        try:
            cues.append(_cue(raw))
        except (ValueError, re.error) as exc:
            raise fail(f"cue {n + 1} (line {line}): {exc}") from exc
    return MetricDef(
        id=item["id"],
        label=item["label"].strip(),
        description=str(item["description"]).strip() if item.get("description") else None,
        dimension=item["dimension"],
        unit=item["unit"].strip(),
        cumulative=item["cumulative"],
        range=(float(bounds_range[0]), float(bounds_range[1])) if bounds_range is not None else None,
        default_scope=default_scope,
        scoped=item.get("scoped", True),
        exclude=exclude,
        cues=tuple(cues),
    )


def read_metrics(path: Path) -> Registry:
    """The metric taxonomy; a missing file means no metrics (nothing is classified)."""
    if not path.exists():
        return Registry()
    data, node = _load(path)
    if data is None:
        return Registry()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise IngestError(f"{path}: metric registry must be a mapping with 'scopes' and 'metrics'")
    unknown = sorted(set(data) - {"scopes", "metrics"})
    if unknown:
        raise IngestError(f"{path}: unknown top-level key(s) {', '.join(map(str, unknown))}; expected scopes, metrics")
    scopes = _scopes(path, *_section(path, node, data, "scopes"))
    items, nodes = _section(path, node, data, "metrics")
    metrics: list[MetricDef] = []
    for index, (item, item_node) in enumerate(zip(items, nodes, strict=True)):
        metric = _metric(path, index, item, item_node, scopes)
        if metric.id in {m.id for m in metrics}:
            raise IngestError(
                f"{path}: metric {index + 1} (line {item_node.start_mark.line + 1}): duplicate id {metric.id!r}"
            )
        metrics.append(metric)
    cues = sorted(((cue, i) for i, s in enumerate(scopes) for cue in s.cues), key=lambda c: (-len(c[0]), c[0]))
    pattern = re.compile("|".join(f"(?P<s{i}_{n}>{_words(c)})" for n, (c, i) in enumerate(cues)), re.IGNORECASE)
    return Registry(tuple(metrics), scopes, pattern if cues else None)


# --------------------------------------------------------------------------- bounds


def bounds(value: float | None, qualifier: str) -> tuple[float | None, float | None]:
    """Inclusive limits the words allow ("more than 40,000": 40,000..null)."""
    if value is None:
        return None, None
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("nearly", "less_than", "up_to"):
        return None, value
    if qualifier == "approximately":
        exact = Decimal(repr(value))
        if exact == 0:
            return value, value
        half = Decimal(5).scaleb(exact.normalize().as_tuple().exponent - 1)  # type: ignore[operator]
        half = min(half, abs(exact) * APPROXIMATE_AT_MOST)
        return float(exact - half), float(exact + half)
    return None, None


# --------------------------------------------------------------------------- classify


@dataclass(frozen=True)
class Classification:
    """The metric a figure states, the cue that matched, and where the claim applies."""

    metric: str
    cue: str
    scope: str | None


@dataclass(frozen=True)
class _Located:
    sentence: str
    start: int  # the figure's offsets in the sentence; -1 when it cannot be found
    end: int
    base: int  # the sentence's offset in the statement text


def _locate(fig: FigureMatch, text: str) -> _Located:
    at = text.find(fig.sentence)
    while at != -1:
        if at <= fig.start and fig.end <= at + len(fig.sentence):
            return _Located(fig.sentence, fig.start - at, fig.end - at, at)
        at = text.find(fig.sentence, at + 1)
    inside = fig.sentence.find(fig.text)
    return _Located(fig.sentence, inside, inside + len(fig.text) if inside >= 0 else -1, -1)


def _coordinated(a: FigureMatch, b: FigureMatch, text: str) -> bool:
    """ "62 percent of the territories ... in Iraq and 30 percent": ``a`` and ``b`` share a predicate."""
    return a.sentence == b.sentence and a.end <= b.start and _CONNECTOR_GAP.match(text[a.end : b.start]) is not None


class _Place:
    """Where a figure is in its sentence, with the parts of the sentence its cues look at:
    computed once per figure rather than once per metric and cue."""

    __slots__ = ("after", "before", "clause", "clause_end", "clause_start", "folded", "where")

    def __init__(self, where: _Located) -> None:
        self.where = where
        self.folded = fold_ascii_case(where.sentence)  # for quick tests (see _lacks)
        self.clause_start, self.clause_end = _clause_bounds(where)
        self.clause = where.sentence[self.clause_start : self.clause_end]
        self.before = where.sentence[: where.start] if where.start >= 0 else ""
        self.after = where.sentence[where.end :] if where.start >= 0 else ""


class _Statement:
    """A statement's text and figures, with what classifying its figures would otherwise
    compute again for every figure, metric and cue: the figures in text order, where each
    is in its sentence, and the chains of coordinated figures."""

    def __init__(self, text: str, others: Sequence[FigureMatch]) -> None:
        self.text = text
        self.others = others
        self.ordered = sorted(others, key=lambda o: o.start)
        self.first: dict[FigureMatch, int] = {}  # the position of the first figure equal to each
        for i, other in enumerate(self.ordered):
            self.first.setdefault(other, i)
        self._places: dict[int, _Place] = {}
        self._chains: dict[tuple[int, int], list[int]] = {}

    def place(self, i: int) -> _Place:
        """The place of the figure at position ``i`` of ``ordered``."""
        place = self._places.get(i)
        if place is None:
            place = self._places[i] = _Place(_locate(self.ordered[i], self.text))
        return place

    def chain(self, i: int, step: int) -> list[int]:
        """The positions of the figures coordinated with the one at ``i``, in order away
        from it (before it for ``step`` -1, after it for +1): the words outside a
        coordination govern all of its figures."""
        chain = self._chains.get((i, step))
        if chain is None:
            chain = self._chains[i, step] = []
            ordered = self.ordered
            while 0 <= i + step < len(ordered):
                a, b = (ordered[i + step], ordered[i]) if step < 0 else (ordered[i], ordered[i + step])
                if not _coordinated(a, b, self.text):
                    break
                i += step
                chain.append(i)
        return chain


def _cue_matches(cue: Cue, fig: FigureMatch, place: _Place, position: int | None, statement: _Statement) -> str | None:
    """None, or how the cue matched: "" directly, or the coordinated figure it went through.
    ``position``: the figure's in ``statement.ordered`` (None when it is not there)."""
    if cue.noun and not (fig.noun and all(p.search(fig.noun) for p in cue.noun)):
        return None
    folded, start, end = place.folded, place.clause_start, place.clause_end
    near_needs = cue.near_needs or ((),) * len(cue.near)
    if any(
        _lacks(needs, folded, start, end) or not p.search(place.clause)
        for p, needs in zip(cue.near, near_needs, strict=True)
    ):
        return None
    if cue.free is not None and (_lacks(cue.free_needs, folded, start, end) or not cue.free.search(place.clause)):
        return None
    if cue.suffix and not fig.text.lower().endswith(cue.suffix):
        return None
    through: list[str] = []
    for pattern, step in ((cue.left, -1), (cue.right, +1)):
        if pattern is None:
            continue
        needs = cue.left_needs if step < 0 else ()
        found = fig if _context_matches(pattern, step, place, needs) else None
        for j in statement.chain(position, step) if found is None and position is not None else ():
            other = statement.ordered[j]
            if _context_matches(pattern, step, place if other is fig else statement.place(j), needs):
                found = other
                break
        if found is None:
            return None
        if found is not fig:
            through.append(f'"{found.text}"')
    return ", ".join(through)


def _clause_bounds(where: _Located) -> tuple[int, int]:
    """Where the part of the sentence between semicolons that holds the figure is."""
    if where.start < 0:
        return 0, len(where.sentence)
    start = where.sentence.rfind(";", 0, where.start) + 1
    end = where.sentence.find(";", where.end)
    return start, end if end >= 0 else len(where.sentence)


def _context_matches(pattern: re.Pattern[str], step: int, place: _Place, needs: Needs) -> bool:
    """``pattern`` before the figure (``step`` -1) or after it (+1) in its sentence;
    ``needs``: what a match before it needs, tested first."""
    if place.where.start < 0:
        return False
    if step < 0:
        return not _lacks(needs, place.folded, 0, place.where.start) and pattern.search(place.before) is not None
    return pattern.match(place.after) is not None


def _lacks_scope(registry: Registry, folded: str | None, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` (see ``_lacks``) can name no scope at all."""
    stems = registry.scope_stems
    return folded is not None and stems is not None and all(folded.find(s, start, end) < 0 for s in stems)


def _scope_of(registry: Registry, match: re.Match[str]) -> str:
    return registry.scopes[int((match.lastgroup or "s0").removeprefix("s").split("_")[0])].id


def _scope_in(
    registry: Registry, sentence: str, start: int, end: int, folded: str | None, last: bool = False
) -> str | None:
    """The first (``last``: the last) scope named in ``sentence[start:end]``; ``folded``:
    the sentence as ``fold_ascii_case`` returns it, for a quick no."""
    text = sentence[start:end]
    if not text or registry.scope_pattern is None or _lacks_scope(registry, folded, start, end):
        return None
    if not last:
        first = registry.scope_pattern.search(text)
        return _scope_of(registry, first) if first else None
    found = list(registry.scope_pattern.finditer(text))
    return _scope_of(registry, found[-1]) if found else None


def _scope(
    registry: Registry, metric: MetricDef, fig: FigureMatch, place: _Place, others: Sequence[FigureMatch]
) -> str | None:
    """The first place named after the figure (its noun included) up to the next figure;
    else the last one before it back to the previous figure; else the sentence's one
    place; else the metric's default."""
    if not metric.scoped:
        return None
    where, folded = place.where, place.folded
    if where.start >= 0:
        sentence = where.sentence
        after_end, before_start = len(sentence), 0
        if where.base >= 0:
            for other in others:
                o_start, o_end = other.start - where.base, other.end - where.base
                if where.end <= o_start < after_end:
                    after_end = o_start
                if before_start < o_end <= where.start:
                    before_start = o_end
        if scope := _scope_in(registry, sentence, where.end, after_end, folded):
            return scope
        if scope := _scope_in(registry, sentence, before_start, where.start, folded, last=True):
            return scope
    if registry.scope_pattern is not None and not _lacks_scope(registry, folded, 0, len(where.sentence)):
        named = {_scope_of(registry, m) for m in registry.scope_pattern.finditer(where.sentence)}
        if len(named) == 1:
            return named.pop()
    return metric.default_scope


def classify(
    fig: FigureMatch, text: str, registry: Registry, others: Sequence[FigureMatch] = ()
) -> Classification | None:
    """The one metric ``fig`` (a figure of statement ``text``) states, or None.

    ``others`` are the statement's figures (``fig`` among them): phrases reach through
    figures coordinated with ``fig``, and they bound the words searched for a scope, so
    "62 percent ... in Iraq and 30 percent in Syria" gives each figure its place.
    """
    return _classify(fig, registry, _Statement(text, others))


def classify_all(figures: Sequence[FigureMatch], text: str, registry: Registry) -> list[Classification | None]:
    """:func:`classify` for every figure of a statement."""
    if not registry.metrics:
        return [None] * len(figures)
    statement = _Statement(text, figures)
    return [_classify(fig, registry, statement) for fig in figures]


def _classify(fig: FigureMatch, registry: Registry, statement: _Statement) -> Classification | None:
    if fig.value is None or fig.dimension is None or fig.unit is None:
        return None  # no metric admits it
    position = statement.first.get(fig)
    place: _Place | None = None
    for metric in registry.by_kind.get((fig.dimension, fig.unit), ()):
        if not metric.admits(fig):
            continue
        if place is None:
            place = statement.place(position) if position is not None else _Place(_locate(fig, statement.text))
        for cue in metric.cues:
            through = _cue_matches(cue, fig, place, position, statement)
            if through is not None:
                reason = f"{cue.text} (through coordinated {through})" if through else cue.text
                scope = _scope(registry, metric, fig, place, statement.others)
                return Classification(metric.id, reason, scope)
    return None


# --------------------------------------------------------------------------- series


@dataclass(frozen=True)
class Point:
    """A classified figure as a point of its metric's series."""

    figure_id: str
    scope: str | None
    date: date | None
    value: float
    low: float | None
    high: float | None
    text: str
    qualifier: str


def series_key(point: Point) -> tuple[bool, date, str]:
    """Series order: by date, undated last, then by figure id."""
    return (point.date is None, point.date or date.min, point.figure_id)


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def _interval(point: Point) -> str:
    low, high = point.low, point.high
    if low is not None and low == high:
        return _num(low)
    if low is None and high is None:
        return "no bounds"
    if high is None:
        return f"at least {_num(low)}"
    if low is None:
        return f"at most {_num(high)}"
    return f"{_num(low)} to {_num(high)}"


def _overlap(a: Point, b: Point) -> bool:
    return not (
        (a.high is not None and b.low is not None and a.high < b.low)
        or (b.high is not None and a.low is not None and b.high < a.low)
    )


@dataclass(frozen=True)
class Flag:
    """Two points of a series that do not sit well together, and why (no verdict)."""

    id: str
    metric: str
    kind: str
    scope: str | None
    figure_id: str
    other_figure_id: str
    reason: str


def _flag(metric: MetricDef, kind: str, point: Point, other: Point, reason: str) -> Flag:
    ident = hashlib.sha256(f"{metric.id}|{kind}|{point.figure_id}|{other.figure_id}".encode()).hexdigest()[:16]
    return Flag(ident, metric.id, kind, point.scope, point.figure_id, other.figure_id, reason)


def review(metric: MetricDef, points: Sequence[Point], registry: Registry) -> list[Flag]:
    """Flags for one metric's points (see the module docstring); in series order."""
    by_scope: dict[str | None, list[Point]] = defaultdict(list)
    for p in sorted(points, key=series_key):
        if p.date is not None:
            by_scope[p.scope].append(p)
    flags: list[Flag] = []
    for scope in sorted(by_scope, key=registry.scope_rank):
        where = registry.scope_label(scope)
        series = by_scope[scope]
        for i, p in enumerate(series):
            for q in series[:i]:
                if q.date == p.date and not _overlap(p, q):
                    reason = (
                        f'Same date ({p.date}), bounds do not overlap: "{q.text}" ({_interval(q)}) and '
                        f'"{p.text}" ({_interval(p)}); scope: {where}.'
                    )
                    flags.append(_flag(metric, "same_date_disjoint", p, q, reason))
            earlier = [q for q in series[:i] if q.date is not None and p.date is not None and q.date < p.date]
            if metric.cumulative and earlier:
                peak = max(earlier, key=lambda q: (q.value, q.date, q.figure_id))
                if p.value < peak.value:
                    contradiction = (
                        "the bounds overlap, so the words alone allow both"
                        if _overlap(p, peak)
                        else "the bounds do not overlap"
                    )
                    reason = (
                        f'A running total falls: "{p.text}" on {p.date} is below "{peak.text}" on {peak.date}; '
                        f"{contradiction}; scope: {where}."
                    )
                    flags.append(_flag(metric, "cumulative_decrease", p, peak, reason))
    return flags


def _value(point: Point) -> dict[str, Any]:
    return {
        "figure_id": point.figure_id,
        "date": point.date.isoformat() if point.date else None,
        "scope": point.scope,
        "value": point.value,
        "low": point.low,
        "high": point.high,
        "qualifier": point.qualifier,
        "text": point.text,
    }


def _latest(points: Sequence[Point], registry: Registry) -> Point | None:
    """The most recent point; on one date the widest scope (file order), then the larger value."""
    dated = [p for p in points if p.date is not None]
    if not dated:
        return None
    return max(dated, key=lambda p: (p.date, -registry.scope_rank(p.scope), p.value, p.figure_id))


def _summary(points: Sequence[Point], registry: Registry) -> dict[str, Any]:
    dates = sorted(p.date for p in points if p.date is not None)
    latest = _latest(points, registry)
    return {
        "figure_count": len(points),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "latest": _value(latest) if latest else None,
    }


def metric_rows(
    registry: Registry, figure_rows: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for the ``metrics`` and ``metric_flags`` tables, from the classified figure rows."""
    by_metric: dict[str, list[Point]] = defaultdict(list)
    for row in figure_rows:
        if row.get("metric_id") and row.get("value") is not None:
            by_metric[row["metric_id"]].append(
                Point(
                    row["id"],
                    row["scope"],
                    row["date"],
                    row["value"],
                    row["low"],
                    row["high"],
                    row["text"],
                    row["qualifier"],
                )
            )
    metrics: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    for position, metric in enumerate(registry.metrics):
        points = sorted(by_metric.get(metric.id, []), key=series_key)
        found = review(metric, points, registry)
        summary = _summary(points, registry)
        scopes = []
        for scope in sorted({p.scope for p in points}, key=registry.scope_rank):
            inside = [p for p in points if p.scope == scope]
            part = _summary(inside, registry)
            scopes.append(
                {
                    "id": scope,
                    "label": registry.scope_label(scope) if metric.scoped else metric.label,
                    **part,
                    "first_date": part["first_date"].isoformat() if part["first_date"] else None,
                    "last_date": part["last_date"].isoformat() if part["last_date"] else None,
                }
            )
        metrics.append(
            {
                "id": metric.id,
                "position": position,
                "label": metric.label,
                "description": metric.description,
                "dimension": metric.dimension,
                "unit": metric.unit,
                "cumulative": metric.cumulative,
                "default_scope": metric.default_scope,
                "cues": [cue.text for cue in metric.cues],
                **summary,
                "flag_count": len(found),
                "scopes": scopes,
            }
        )
        flags.extend(
            {
                "id": f.id,
                "metric_id": f.metric,
                "kind": f.kind,
                "scope": f.scope,
                "figure_id": f.figure_id,
                "other_figure_id": f.other_figure_id,
                "reason": f.reason,
            }
            for f in found
        )
    return metrics, flags
