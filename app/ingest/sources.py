"""Reading the manifest, the registries and the source files — the ingest's inputs.

Every problem here is an ``IngestError`` whose message names the file, the manifest
entry and, where YAML knows it, the line: the person fixing a manifest should never
have to guess which of a hundred entries is wrong. Nothing here writes anything.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from app.ingest.dates import coerce_date

DOCUMENT_KINDS = (
    "compilation",
    "transcript",
    "analysis",
    "press_release",
    "communique",
    "fact_sheet",
)
SPEAKER_KINDS = ("person", "group", "organization")
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
# libyaml's safe loader when PyYAML was built with it: a manifest of 100,000 entries loads
# in seconds instead of a minute.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class IngestError(Exception):
    """Bad input: the message says which file, entry or line and why."""


@dataclass(frozen=True)
class SourceEntry:
    """One manifest entry, validated, with the file's bytes already checked."""

    file: Path
    title: str
    publisher: str | None
    url: str | None
    published: date | None
    kind: str | None
    index: int
    line: int
    dollar: str | None = None  # the currency a bare "$" stands for, when the manifest says


@dataclass(frozen=True)
class SourceText:
    """A document's decoded text and checksum."""

    entry: SourceEntry
    raw: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Role:
    """A role held over a period (open ends unknown)."""

    role: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class SpeakerEntry:
    """A curated speaker."""

    name: str
    kind: str
    organization: str | None
    roles: tuple[Role, ...]
    aliases: tuple[str, ...]

    def role_on(self, when: date | None) -> str | None:
        """The role held on a date; the latest known role when the date is unknown."""
        if not self.roles:
            return None
        if when is not None:
            for role in self.roles:
                if (role.start is None or role.start <= when) and (role.end is None or when < role.end):
                    return role.role
        return self.roles[0].role


@dataclass(frozen=True)
class MeetingEntry:
    """A meeting: curated in the registry, or (``curated=False``) described by a document."""

    id: str
    name: str
    date: date | None
    date_precision: str
    city: str | None
    country: str | None
    format: str | None
    participants: int | None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    curated: bool = True


# --------------------------------------------------------------------------- YAML


def parse_yaml(path: Path, what: str) -> tuple[Any, yaml.Node | None]:
    """Read and parse a YAML file: its data and its node tree (for line numbers).

    Every failure is an ``IngestError`` naming the file and, for syntax, the line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: {what} not found") from exc
    except IsADirectoryError as exc:
        raise IngestError(f"{path}: {what} is a directory, not a file") from exc
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: {what} is not UTF-8 text (byte {exc.start})") from exc
    try:
        return yaml.load(text, Loader=LOADER), yaml.compose(text, Loader=LOADER)  # LOADER is a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise IngestError(f"{path}:{where}: YAML syntax error: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise IngestError(f"{path}: YAML error: {exc}") from exc


def _yaml_nodes(path: Path, what: str) -> tuple[Any, list[int]]:
    """Parse a YAML list, returning the data and the 1-based line of each item."""
    data, node = parse_yaml(path, what)
    if data is None:
        return [], []
    if not isinstance(data, list) or node is None or not isinstance(node, yaml.SequenceNode):
        raise IngestError(f"{path}: {what} must be a YAML list of entries")
    lines = [item.start_mark.line + 1 for item in node.value]
    return data, lines


def _entry_error(path: Path, index: int, line: int, message: str) -> IngestError:
    return IngestError(f"{path}: entry {index + 1} (line {line}): {message}")


def _optional_str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return None if value is None else str(value).strip() or None


# ----------------------------------------------------------------------- manifest


def read_manifest(path: Path) -> list[SourceEntry]:
    """Validate the manifest: required fields, kinds, dates, duplicates."""
    data, lines = _yaml_nodes(path, "manifest")
    entries: list[SourceEntry] = []
    seen: dict[Path, int] = {}
    for index, (item, line) in enumerate(zip(data, lines, strict=True)):
        if not isinstance(item, dict):
            raise _entry_error(path, index, line, "an entry must be a mapping with 'file' and 'title'")
        for key in ("file", "title"):
            if not item.get(key):
                raise _entry_error(path, index, line, f"missing required field '{key}'")
        file = Path(str(item["file"]))
        if not file.is_absolute():
            file = (path.parent / file).resolve()
        if file in seen:
            raise _entry_error(
                path,
                index,
                line,
                f"duplicate entry: {item['file']} is already entry {seen[file] + 1}",
            )
        seen[file] = index
        published = item.get("published")
        published_date = coerce_date(published)
        if published is not None and published_date is None:
            raise _entry_error(
                path,
                index,
                line,
                f"'published' is not a date: {published!r} (use YYYY-MM-DD or null)",
            )
        kind = _optional_str(item, "kind")
        if kind is not None and kind not in DOCUMENT_KINDS:
            raise _entry_error(
                path,
                index,
                line,
                f"unknown kind {kind!r}; expected one of {', '.join(DOCUMENT_KINDS)}",
            )
        dollar = _optional_str(item, "dollar")
        if dollar is not None and not re.fullmatch(r"[A-Z]{3}", dollar):
            raise _entry_error(
                path, index, line, f"'dollar' is not a currency code: {dollar!r} (use an ISO 4217 code like CAD)"
            )
        entries.append(
            SourceEntry(
                file=file,
                title=str(item["title"]).strip(),
                publisher=_optional_str(item, "publisher"),
                url=_optional_str(item, "url"),
                published=published_date,
                kind=kind,
                index=index,
                line=line,
                dollar=dollar,
            )
        )
    return entries


def read_source(entry: SourceEntry, manifest: Path) -> SourceText:
    """Read and check one document: present, a file, not empty, UTF-8 text, not too big."""
    where = f"{manifest}: entry {entry.index + 1} (line {entry.line}): {entry.file}"
    if not entry.file.exists():
        raise IngestError(f"{where}: file not found")
    if not entry.file.is_file():
        raise IngestError(f"{where}: not a regular file")
    size = entry.file.stat().st_size
    if size == 0:
        raise IngestError(f"{where}: file is empty")
    if size > MAX_DOCUMENT_BYTES:
        raise IngestError(
            f"{where}: file is {size / 1e6:.1f} MB, over the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB limit "
            "for one document; split it into the documents it holds"
        )
    data = entry.file.read_bytes()
    if b"\x00" in data[:65536] or b"\x00" in data:
        raise IngestError(f"{where}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(f"{where}: not UTF-8 text (invalid byte at offset {exc.start}, line {line})") from exc
    raw = raw.removeprefix("\ufeff")
    if not raw.strip():
        raise IngestError(f"{where}: file holds no text")
    return SourceText(entry=entry, raw=raw, sha256=hashlib.sha256(data).hexdigest(), size=size)


# --------------------------------------------------------------------- registries


def _norm_alias(text: str) -> str:
    return re.sub(r"[^\w@#]+", " ", text.casefold()).strip()


def read_speakers(path: Path) -> list[SpeakerEntry]:
    """Curated speakers; an alias claimed by two speakers is an error."""
    if not path.exists():
        return []
    data, lines = _yaml_nodes(path, "speaker registry")
    speakers: list[SpeakerEntry] = []
    owner: dict[str, str] = {}
    for index, (item, line) in enumerate(zip(data, lines, strict=True)):
        if not isinstance(item, dict) or not item.get("name"):
            raise _entry_error(path, index, line, "a speaker needs a 'name'")
        kind = str(item.get("kind") or "person")
        if kind not in SPEAKER_KINDS:
            raise _entry_error(
                path,
                index,
                line,
                f"unknown kind {kind!r}; expected one of {', '.join(SPEAKER_KINDS)}",
            )
        roles = []
        for role in item.get("roles") or []:
            if isinstance(role, str):
                roles.append(Role(role))
            elif isinstance(role, dict) and role.get("role"):
                roles.append(
                    Role(
                        str(role["role"]),
                        coerce_date(role.get("from")),
                        coerce_date(role.get("to")),
                    )
                )
            else:
                raise _entry_error(path, index, line, "each role needs a 'role'")
        if item.get("role"):
            roles.append(Role(str(item["role"])))
        name = str(item["name"]).strip()
        aliases = tuple(str(a).strip() for a in item.get("aliases") or [])
        for alias in (name, *aliases):
            key = _norm_alias(alias)
            if key in owner and owner[key] != name:
                raise _entry_error(path, index, line, f"alias {alias!r} is already claimed by {owner[key]!r}")
            owner[key] = name
        roles.sort(key=lambda r: r.start or date.min, reverse=True)
        speakers.append(SpeakerEntry(name, kind, _optional_str(item, "organization"), tuple(roles), aliases))
    return speakers


def read_meetings(path: Path) -> list[MeetingEntry]:
    """Curated meetings; ids must be unique."""
    if not path.exists():
        return []
    data, lines = _yaml_nodes(path, "meeting registry")
    meetings: list[MeetingEntry] = []
    ids: set[str] = set()
    for index, (item, line) in enumerate(zip(data, lines, strict=True)):
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise _entry_error(path, index, line, "a meeting needs an 'id' and a 'name'")
        meeting_id = str(item["id"])
        if meeting_id in ids:
            raise _entry_error(path, index, line, f"duplicate meeting id {meeting_id!r}")
        ids.add(meeting_id)
        when = coerce_date(item.get("date"))
        if item.get("date") is not None and when is None:
            raise _entry_error(path, index, line, f"'date' is not a date: {item.get('date')!r}")
        participants = item.get("participants")
        meetings.append(
            MeetingEntry(
                id=meeting_id,
                name=str(item["name"]),
                date=when,
                date_precision=str(item.get("date_precision") or "day"),
                city=_optional_str(item, "city"),
                country=_optional_str(item, "country"),
                format=_optional_str(item, "format"),
                participants=int(participants) if participants is not None else None,
                aliases=tuple(str(a) for a in item.get("aliases") or []),
            )
        )
    return meetings
