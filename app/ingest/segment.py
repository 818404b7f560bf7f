"""Split a cleaned document into statements, using the structure pages really have.

A page about the Coalition is a sequence of lines of a few kinds: headings, date lines,
bylines, speaker labels (``SECRETARY POMPEO: ...``), embedded social posts closed by
``— Name (@handle) date``, attribution lines (``― Feb. 13, in opening remarks at ...``)
and prose. This stage classifies every line, groups them into sections and turns, and
emits one ``Segment`` per continuous text by one speaker in one setting. It decides
*who* only as far as the text says it (a label, a heading, a byline); resolving that to
a speaker is the attribute stage's job.

Rules, written for the kinds of document and not for any one file:
- A heading starts a new section when a date line follows it, when the previous section
  was closed by an attribution or a post, or when the document is a compilation.
- What comes before the first such section in a document that has sections is the
  publisher's introduction: the document's summary, never a statement.
- Speaker labels split a section into turns; a speaker who speaks twice gives two
  statements, in order.
- An embedded post is the one paragraph above its ``— Name (@handle) date`` line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date

from app.ingest.dates import (
    FULL_DATE,
    date_line,
    english_months,
    first_full_date,
    month_day,
    numeric_readings,
    parse_date,
)
from app.ingest.types import Cleaned

# ----------------------------------------------------------------- line patterns

POST_LINE = re.compile(r"^[—–-]{1,2}\s*(?P<name>[^()\n]{1,100}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<rest>.*)$")
ATTRIBUTION_LINE = re.compile(r"^[―—–]{1,2}\s*(?P<rest>\S.{0,300})$")
INSTITUTION = re.compile(
    r"\b(Command|Department|Ministry|Office|Embassy|Mission|Government|Council|Coalition|NATO|Agency|Presidency"
    r"|Secretariat|Organi[sz]ation|Forces|Commission|Parliament|Senate|White House)\b"
)
# "From: Foreign, Commonwealth & Development Office and The Rt Hon James Cleverly MP"
ISSUER_LINE = re.compile(r"^(?:From|Issued by|Source|Released by|Office of origin):\s+(?P<who>[A-Z].{2,200})$")
# "By Name", or with the piece's format before it: "Critical Questions by Jordan K. Mercer",
# "Commentary by …" (the formats of think tanks' analyses; "Remarks by X" is a title).
BYLINE = re.compile(
    r"^(?:(?:Critical Questions|Commentary|(?:Policy |Brief |Expert )?Analysis|Article|Op-Ed|Opinion|Essay"
    r"|Perspective|Blog Post|Explainer|(?:Expert |Issue |Policy )?Brief|Feature)\s+)?"
    r"(?:by|By|BY)\s+(?P<name>[A-Z][^\n]{1,160})$"
)
BYLINE_PARTS = re.compile(r"\s+[|·•]\s+")
AUTHOR_NAME = re.compile(
    r"(?:[A-Z][a-z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'\-]+|[A-Z]\.|al-[A-Z][a-z]+|de|van|von|bin)){1,3}"
)
# "SECRETARY POMPEO: text", or the label alone on its line with the text below it.
# Hansard's "1. Helen Marchbank (Stockport West) (Lab): …": a question number, then the
# Member with constituency and party.
LABEL_LINE = re.compile(
    r"^(?:\d{1,3}\.\s+)?(?P<label>[A-Z][A-Za-z.'’\- ]{0,60}?(?:\s*[\[(][^\])\n]{1,60}[\])]){0,2})\s*:"
    r"(?:\s+(?P<rest>\S.*))?$"
)
# A written question's "Asked by Helen Marchbank" and "Answered on 14 March 2017 by Mike
# Penning": the text below, to the next such line, is that person's.
ASKED_BY = re.compile(
    r"^(?:Asked|Tabled|Answered|Answer given|Question asked)(?:\s+on\s+[\w ,]{3,40}?)?\s+by\s+"
    r"(?P<label>[A-Z][\w’'.\-]+(?:\s+(?:of|de|van|von|St\.?|[A-Z][\w’'.\-]+)){1,6})(?P<rest>)$"
)
# A podcast's or a recording's turn label, the speaker and a timestamp alone on a line:
# "Sarah  00:00:04", "Rania Haddad 12:31" (a label only when the name labels two lines or more).
TIMED_LABEL = re.compile(
    r"^(?P<label>[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){0,3})\s+\(?\d{1,2}:\d{2}(?::\d{2})?\)?(?P<rest>)$"
)
# An archive clip played in a programme: "[CLIP - Brett McGurk, State Department briefing, 21 December 2017]".
CLIP_LABEL = re.compile(
    r"^\[(?:ARCHIVE\s+)?(?:CLIP|AUDIO|SOUNDBITE|SOT|VIDEO CLIP)\s*[-–—:]\s*"
    r"(?P<label>[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){1,3})(?:,[^\]]*)?\](?P<rest>)$",
    re.I,
)
# The Congressional Record's turns: "Chairman ENGEL. The committee will come to order.",
# "Mr. McCAUL. Thank you" — a title, the surname in capitals, a full stop.
RECORD_LABEL = re.compile(
    r"^(?P<label>(?:Chairman|Chairwoman|Chair|Mr\.|Ms\.|Mrs\.|Dr\.|Ambassador|Secretary|General|Admiral|Senator"
    r"|Representative|Governor|Judge|Director)\s+(?:Mc|Mac|De|Van|O['’])?[A-Z]{2,}[A-Z'’\-]*)\.\s+(?P<rest>\S.*)$"
)


# A speaker's full title and name in capitals, longer than LABEL_LINE allows, as a
# ministry's transcript labels a minister's first turn: "DEPUTY PRIME MINISTER AND MINISTER
# OF FOREIGN AFFAIRS DR. FUAD HUSSEIN (in Arabic, via interpreter): …".
CAPS_LABEL_LINE = re.compile(
    r"^(?P<label>[A-Z][A-Z.'’\- ]{20,160}?(?:\s*[\[(][^\])\n]{1,60}[\])]){0,2})\s*:(?:\s+(?P<rest>\S.*))?$"
)
# A ministry briefing's "Q - How many …?" and "R - As we have said, …" (Question / Réponse),
# or "A - …": a press question and the spokesperson's answer.
DASH_TURN = re.compile(r"^(?P<label>Q|R|A)\s?[-–—]\s+(?P<rest>\S.*)$")
ANSWER_LABELS = ("R", "A")
# What a "Label: …" line gives when it is a contact, not a turn: a phone number or an e-mail
# address ("Minister Payne's office: Emma Thornton (02) 6277 7800").
CONTACT = re.compile(r"\(?\+?\d[\d ()\-]{6,}\d|[\w.+\-]+@[\w\-]+\.\w")


def label_match(text: str) -> re.Match[str] | None:
    """A speaker label opening a line: "SECRETARY POMPEO: …" or "Chairman ENGEL. …" (or a
    line that is only a label: "Asked by …", "Sarah  00:00:04", "[CLIP - Name, …]")."""
    return (
        LABEL_LINE.match(text)
        or CAPS_LABEL_LINE.match(text)
        or RECORD_LABEL.match(text)
        or ASKED_BY.match(text)
        or TIMED_LABEL.match(text)
        or CLIP_LABEL.match(text)
        or DASH_TURN.match(text)
    )


SAID = re.compile(r"\b(?:said|says|added|adds|stated|states|noted|notes|declared|explained|continued)\s*$", re.I)
# "NATO Spokesperson [Oana Lungescu]", "MODERATOR (Jane Doe)": a role and the name of who holds it.
BRACKETED_NAME = re.compile(r"^(?P<role>[^\[(]+?)\s*[\[(](?P<name>[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){1,3})[\])]$")
# A Member as Hansard labels one: "Helen Marchbank (Stockport West) (Lab)".
PARTY_LABEL = re.compile(r"^[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){1,3}\s*\([^()]{2,60}\)\s*\([A-Z][\w/ ]{0,12}\)$")
NOTE_LINE = re.compile(r"^(?:\(.{1,200}\)|\[.{1,200}\]|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)$", re.I)
# Words that begin "Label: text" lines which are not speakers.
NOT_LABELS = {
    "fact sheet",
    "readout",
    "media note",
    "press release",
    "note",
    "editor's note",
    "editors note",
    "update",
    "updated",
    "related",
    "source",
    "sources",
    "photo",
    "image",
    "tags",
    "read more",
    "subject",
    "title",
    "date",
    "location",
    "background",
    "context",
    "disclaimer",
    "summary",
    "see also",
    "watch",
    "listen",
    "download",
    "category",
    "published",
    "posted",
    "contact",
    "media contact",
    "email",
    "phone",
    "tel",
    "fax",
    "web",
    "topics",
    "keywords",
    "caption",
    "credit",
    "file",
    "attachment",
    "attachments",
    "bureau",
    "office",
    "press contact",
    "for immediate release",
    "embargoed",
    "transcript",
    "as prepared",
    "as delivered",
    "know this",
    "ps",
    "p s",
    "nb",
    "ie",
    "eg",
}
GENERIC_LABELS = {
    "question",
    "q",
    "moderator",
    "operator",
    "participant",
    "reporter",
    "journalist",
    "audience member",
    "staff",
    "interpreter",
    "all",
}
TITLE_WORDS = (
    "secretary",
    "minister",
    "ambassador",
    "president",
    "prime",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "under",
    "deputy",
    "assistant",
    "special",
    "envoy",
    "general",
    "admiral",
    "mr",
    "ms",
    "mrs",
    "dr",
    "king",
    "crown",
    "chancellor",
    "commissioner",
    "high",
    "vice",
    "foreign",
    "senator",
    "representative",
    "chairman",
    "chair",
    "director",
    "governor",
    "lieutenant",
    "colonel",
    "major",
    "captain",
    "sheikh",
    "his",
    "her",
    "h e",
    "sir",
    "lord",
    "dame",
    "professor",
)

JOINT_CUES = re.compile(
    r"\b(joint (?:communiqu[ée]|statement|declaration)|communiqu[ée](?! de presse)|guiding principles|"
    r"chair'?s (?:statement|summary)|final statement|declaration|in a joint statement|"
    r"(?<!council )conclusions)\b",
    re.I,
)
REMARKS_CUES = re.compile(
    r"\b(remarks|speech|address|keynote|testimony|interview|briefing|statement by (?:the )?"
    r"(?:secretary|minister|president)|in opening remarks|opening statement|toast|op-ed|press conference|"
    r"press availability|doorstep|media availability)\b",
    re.I,
)
PRESS_CUES = re.compile(
    r"\b(press (?:statement|release)|media note|fact sheet|readout|designat\w*|sanction\w*|call with|"
    r"meeting with|phone call|"
    r"announce\w*|statement on)\b",
    re.I,
)
# A news headline about a person ("Prime Minister Barzani receives Coalition delegation",
# "Secretary Austin meets Iraqi counterpart", "Attendance of Mr. X at the Ministerial") reports
# on them; it is not their remarks.
NEWS_VERBS = re.compile(
    r"\b(?:receives|received|meets|met with|hosts|hosted|holds talks|discusses|discussed|welcomes|visits|"
    r"visited|calls on|calls for|urges|stresses|underlines|reaffirms|congratulates|condemns|travels|"
    r"attends|participates|takes part|took part|attendance|participation|visit (?:of|by|to))\b",
    re.I,
)


@dataclass(frozen=True)
class Line:
    """One non-blank line of cleaned text with its offsets and kind."""

    text: str
    start: int
    end: int
    kind: str  # heading | date | byline | label | post | attribution | text
    date: date | None = None


@dataclass(frozen=True)
class Segment:
    """A statement as found in one document, before speakers are resolved.

    ``speaker_text`` is the attribution as written (a label, a heading, a byline, a post
    name); ``speaker_source`` says which, so the attribute stage knows how to read it.
    ``start``/``end`` are offsets in the cleaned text.
    """

    kind: str
    text: str
    start: int
    end: int
    sequence: int
    title: str | None
    speaker_text: str | None
    speaker_source: str  # label | heading | post | author | publisher | group | quote
    date: date | None
    context: str
    role_hint: str | None = None
    signatories: tuple[str, ...] = ()  # a joint statement's list of signers, as written
    asked: str = ""  # an interview answer's question (its bare counts count what it asks about)


@dataclass(frozen=True)
class ParsedDocument:
    """Everything segmentation learns from one document."""

    title: str | None
    date: date | None
    author: str | None
    summary: str | None
    segments: tuple[Segment, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    issuer: str | None = None  # who the page says issued it ("From: ..."), when it says so


# ------------------------------------------------------------------ classification


CAPS_PREFIX = re.compile(r"\b(?:Mc|Mac)(?=[A-Z]{2})")


def _is_label(label: str) -> bool:
    words = label.replace(".", " ").split()
    if not words or len(words) > 14:
        return False
    if BRACKETED_NAME.match(label) or PARTY_LABEL.match(label):
        return True  # "The Secretary of State for Defence (Sir Michael Fallon)", "Name (Seat) (Lab)"
    if len(words) > 7:
        return False
    norm = " ".join(w.casefold().strip("'’") for w in words)
    if SAID.search(label):
        return False  # "Foreign Secretary James Cleverly said:" introduces a quotation, not a turn
    bare = re.sub(r"\s*[\[(].*[\])]$", "", label).strip()
    if norm in NOT_LABELS or bare.casefold() in NOT_LABELS:
        return False
    if bare.casefold() in GENERIC_LABELS:
        return True
    # A surname in capitals keeps its prefix's small letters: "McCARY", "MacLEOD".
    letters = [c for c in CAPS_PREFIX.sub("MC", bare) if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    # Mixed case ("Secretary Pompeo:") only with a title word and capitalised words.
    return words[0].casefold().strip(".") in TITLE_WORDS and all(w[0].isupper() for w in words[:1])


def _is_contact(rest: str | None) -> bool:
    """Whether what follows a label is a contact line's phone number or address, not a turn."""
    return rest is not None and len(rest) <= 100 and CONTACT.search(rest) is not None


def _is_long_label(label: str) -> bool:
    """A long label in capitals names a speaker when it opens with a title and ends with a
    name: "DEPUTY PRIME MINISTER AND MINISTER OF FOREIGN AFFAIRS DR. FUAD HUSSEIN". A heading
    in capitals before a colon ("THE TERRITORIAL DEFEAT OF DAESH: …") opens with no title."""
    bare = re.sub(r"\s*[\[(].*[\])]$", "", label).strip()
    words = [w.casefold().strip(".'’") for w in bare.replace("-", " ").split()]
    if not 4 <= len(words) <= 20 or SAID.search(bare):
        return False
    # A title first, a given name and a surname last (neither a title word nor a connective).
    return any(w in TITLE_WORDS for w in words[:3]) and not any(
        w in TITLE_WORDS or w in ("of", "for", "and", "the", "to", "on", "in") for w in words[-2:]
    )


# A short note in brackets closing a heading: "X's Remarks at the Opening Session (unofficial
# translation)", "Joint Statement (as delivered)".
_HEADING_NOTE = re.compile(r"\s+\((?:[^()\s]+\s?){1,6}\)$")


def _is_heading(text: str) -> bool:
    if text.endswith(")") and (note := _HEADING_NOTE.search(text)) and note.start() > 0:
        text = text[: note.start()]
    if len(text) > 160 or text[-1] in '.!?:;,"”’)' or not (text[0].isupper() or text[0].isdecimal()):
        return False
    words = text.split()
    if len(words) > 20:
        return False
    content = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not content:
        return True
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.5


# "– Check against delivery –", "(Translation of advance text)", "*As prepared for delivery*":
# a note on the text below, never an attribution closing a section.
DELIVERY_NOTE = re.compile(
    r"^[\s\-–—―*(\[]*(?:check against delivery|as prepared(?: for delivery)?|as delivered|embargoed until delivery"
    r"|(?:unofficial )?translation(?: of (?:the )?advance text)?)[\s\-–—―*)\].!]*$",
    re.I,
)


# A statement released in full by the State Department: "The text of the following statement was
# released by …", "Begin Text:" above it and "End Text." below: notes on the text, not of it.
RELEASE_NOTE = re.compile(
    r"^(?:The (?:text of the )?following (?:joint )?statement (?:was|is|has been) (?:released|issued)\b.{0,300}"
    r"|Begin (?:Text|Statement):?|End (?:Text|Statement)\.?)$",
    re.I,
)


def classify(text: str, start: int) -> Line:
    """Decide what one line is."""
    end = start + len(text)
    if len(text) < 60 and DELIVERY_NOTE.match(text):
        return Line(text, start, end, "note")
    if text[0] in "TBEtbe" and RELEASE_NOTE.match(text):
        return Line(text, start, end, "note")
    if (post := POST_LINE.match(text)) and (
        (when := first_full_date(english_months(post.group("rest")))) or not post.group("rest")
    ):
        return Line(text, start, end, "post", when)
    if ATTRIBUTION_LINE.match(text) and not text.startswith("-"):
        return Line(text, start, end, "attribution")
    if (when := date_line(text)) is not None:
        return Line(text, start, end, "date", when)
    if ISSUER_LINE.match(text):
        return Line(text, start, end, "issuer")
    if text[0] in "AQT" and ASKED_BY.match(text):
        return Line(text, start, end, "label")
    if text[0] == "[" and CLIP_LABEL.match(text):
        return Line(text, start, end, "label")
    if BYLINE.match(text) and len(text.split()) <= 20 and text[-1] not in ".!?":
        return Line(text, start, end, "byline")
    # A numbered line ("1. WASHINGTON MINISTERIAL: THE COALITION …") is a section's heading,
    # unless it is a Member's numbered question ("1. Helen Marchbank (Stockport West) (Lab):").
    if (
        ":" in text  # a label ends in ":"
        and (m := LABEL_LINE.match(text))
        and _is_label(m.group("label"))
        and (m.start("label") == 0 or PARTY_LABEL.match(m.group("label")) or BRACKETED_NAME.match(m.group("label")))
        and not _is_contact(m.group("rest"))
    ):
        return Line(text, start, end, "label")
    if ":" in text and text[:3].isupper() and (m := CAPS_LABEL_LINE.match(text)) and _is_long_label(m.group("label")):
        return Line(text, start, end, "label")
    if RECORD_LABEL.match(text):
        return Line(text, start, end, "label")
    if NOTE_LINE.match(text):
        return Line(text, start, end, "note")
    if _is_heading(text):
        return Line(text, start, end, "heading")
    return Line(text, start, end, "text")


def split_lines(text: str) -> list[Line]:
    """Every non-blank line, classified, with offsets into ``text``."""
    lines = []
    pos = 0
    timed = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(classify(stripped, pos + lead))
            timed += stripped[-1].isdecimal() and ":" in stripped
        pos += len(raw) + 1
    if timed >= 2:
        lines = _timed_labels(lines)
    if any(line.kind == "label" and "(" in line.text for line in lines):
        lines = _named_again(lines)
    if any(line.kind == "label" for line in lines):
        lines = _name_labels(lines)
    if any(line.text[0] == "Q" and DASH_TURN.match(line.text) for line in lines):
        lines = _dash_turns(lines)
    return lines


def _timed_labels(lines: list[Line]) -> list[Line]:
    """A line "Sarah  00:00:04" is a label when its name labels two such lines or more."""
    names = [m.group("label") if (m := TIMED_LABEL.match(line.text)) else None for line in lines]
    twice = {n for n in names if n and names.count(n) >= 2}
    return [replace(line, kind="label") if name in twice else line for line, name in zip(lines, names, strict=True)]


def _named_again(lines: list[Line]) -> list[Line]:
    """A speaker first labelled with a description ("Helen Marchbank (Stockport West) (Lab):",
    "The Secretary of State for Defence (Sir Michael Fallon):") is later labelled by name
    alone ("Helen Marchbank:", "Sir Michael Fallon:"): those lines are labels too."""
    known: set[str] = set()
    out = []
    for line in lines:
        m = LABEL_LINE.match(line.text) if ":" in line.text else None
        if m and line.kind == "label":
            label = m.group("label")
            if bracketed := BRACKETED_NAME.match(label):
                known.add(bracketed.group("name"))
            elif PARTY_LABEL.match(label):
                known.add(re.sub(r"\s*\(.*$", "", label))
        elif m and line.kind == "text" and m.group("label").strip() in known:
            line = replace(line, kind="label")
        out.append(line)
    return out


# A press point's turn labelled by a bare name in mixed case: "Josep Borrell: Thank you.",
# "Fuad Hussein: [in English] …" (two to four capitalised words, nothing else).
NAME_LABEL = re.compile(
    r"^(?P<label>[A-Z][a-z’'\-]+(?:\s+(?:[A-Z][a-z’'\-]+|al-[A-Z][a-z]+|bin|ibn|de|van|von)){1,3})\s*:(?:\s+(?P<rest>\S.*))?$"
)


def _name_labels(lines: list[Line]) -> list[Line]:
    """In a transcript that has labelled turns, a bare name before a colon ("Josep Borrell:")
    is a turn label when it opens two lines or more: one speaker taking the floor again.
    Once, it is as likely a heading's "Key Points: …" or a quotation's lead-in."""
    names = [
        m.group("label")
        if line.kind in ("text", "heading") and ":" in line.text[:40] and (m := NAME_LABEL.match(line.text))
        else None
        for line in lines
    ]
    twice = {n for n in names if n and names.count(n) >= 2 and _is_name_label(n)}
    return [replace(line, kind="label") if name in twice else line for line, name in zip(lines, names, strict=True)]


def _dash_turns(lines: list[Line]) -> list[Line]:
    """ "Q - …" and "R - …" lines are turns when the page has both: a question and its answer.
    One alone is a list item or a heading ("A - Introduction")."""
    kinds = [m.group("label") if (m := DASH_TURN.match(line.text)) else None for line in lines]
    if "Q" not in kinds or not any(k in ANSWER_LABELS for k in kinds):
        return lines
    return [replace(line, kind="label") if k else line for line, k in zip(lines, kinds, strict=True)]


def _is_name_label(label: str) -> bool:
    """A name, not a word of the kind that opens metadata lines ("Related Topics:")."""
    words = label.casefold().split()
    return label.casefold() not in NOT_LABELS and not SAID.search(label) and words[0] not in NOT_LABELS


# --------------------------------------------------------------------- sections


@dataclass
class _Section:
    headings: list[Line] = field(default_factory=list)
    dates: list[Line] = field(default_factory=list)
    bylines: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    attribution: Line | None = None
    split: bool = False  # started by a heading that opens a new item
    dek: list[Line] = field(default_factory=list)  # the publisher's standfirst under a title
    issuers: list[Line] = field(default_factory=list)  # "From: Foreign Office and ..."


def _next_kinds(lines: list[Line], i: int, n: int) -> list[str]:
    return [line.kind for line in lines[i + 1 : i + 1 + n]]


def _opens_section(lines: list[Line], i: int, compilation: bool) -> bool:
    """Whether heading ``i`` starts a new item rather than a sub-heading of prose."""
    after = [k for k in _next_kinds(lines, i, 3)]
    following = next((k for k in after if k != "heading"), None)
    if following == "date" or "date" in after[:2] or _dated_lead_in(lines, i):
        return True
    previous = lines[i - 1].kind if i > 0 else None
    if previous in ("attribution", "post"):
        return True
    return compilation


def _is_dek(section: _Section, count: int) -> bool:
    """One or two short paragraphs between a title and its byline or date."""
    body = section.body
    return (
        count == 1
        and bool(section.headings)
        and 0 < len(body) <= 2
        and all(line.kind == "text" for line in body)
        and sum(len(line.text.split()) for line in body) <= 80
    )


def _dated_lead_in(lines: list[Line], i: int) -> bool:
    """Whether a date line follows heading ``i`` after at most two short lines, with more
    headings between: a record's item ("RECOGNIZING … / HON. ELEANOR V. PRUITT / of
    minnesota / in the house of representatives / Thursday, March 23, 2017")."""
    short = 0
    for line in lines[i + 1 : i + 8]:
        if line.kind == "date":
            return short > 0
        if line.kind == "text" and len(line.text) <= _LEAD_IN_CHARS and short < 2:
            short += 1
        elif line.kind != "heading":
            return False
    return False


def _lead_in(section: _Section) -> bool:
    """Whether a titled section's body so far is only the short lines of a record's header
    ("HON. ELEANOR V. PRUITT / of minnesota / in the house of representatives / Thursday,
    March 23, 2017"): a date line there dates the section, as one right under its title does."""
    return bool(section.headings) and all(
        line.kind == "text" and len(line.text) <= _LEAD_IN_CHARS for line in section.body
    )


_LEAD_IN_CHARS = 40


def _sections(lines: list[Line], compilation: bool) -> list[_Section]:
    sections = [_Section()]
    for i, line in enumerate(lines):
        current = sections[-1]
        if line.kind == "heading":
            opens = _opens_section(lines, i, compilation)
            after_doc_header = len(sections) == 1 and bool(current.dates or current.bylines)
            # A date line, then a heading over text: an item of a dated list, after the page's
            # introduction ("Sept. 10, 2014" / "President Barack Obama" / his words)
            dated = len(current.body) > 1 and current.body[-1] is lines[i - 1] and lines[i - 1].kind == "date"
            dated = dated and next((k for k in _next_kinds(lines, i, 3) if k != "heading"), None) == "text"
            if (opens or dated) and (current.body or after_doc_header):
                sections.append(_Section(headings=[line], split=True))
                if dated:
                    sections[-1].dates.append(current.body.pop())
            elif not current.body:
                current.headings.append(line)
                current.split = current.split or len(sections) > 1
            else:
                current.body.append(line)
        elif line.kind in ("date", "byline", "issuer") and _is_dek(current, len(sections)):
            # Title, standfirst, then byline and date: the standfirst is the publisher's.
            current.dek, current.body = current.body, []
            {"date": current.dates, "byline": current.bylines, "issuer": current.issuers}[line.kind].append(line)
        elif line.kind == "date" and (not current.body or _lead_in(current)):
            current.dates.append(line)
        elif line.kind == "byline" and not current.body:
            current.bylines.append(line)
        elif line.kind == "issuer" and not current.body:
            current.issuers.append(line)
        elif line.kind == "note" and (not current.body or RELEASE_NOTE.match(line.text)):
            continue  # "(As delivered)", "2:17 p.m. EDT" above a text describe it; they are not it
        elif line.kind == "attribution":
            current.attribution = line
            sections.append(_Section())
        else:
            current.body.append(line)
    # the first is the page's header whatever it holds (a byline alone, "By US$", is one)
    return [s for n, s in enumerate(sections) if n == 0 or s.body or s.headings or s.attribution]


# --------------------------------------------------------------------- kinds


def _section_kind(title: str, context: str, doc_kind: str | None, names_person: bool) -> str:
    cues = f"{title} {context}"
    if JOINT_CUES.search(cues):
        return "joint_statement"
    if REMARKS_CUES.search(context) or (names_person and not PRESS_CUES.search(title) and not NEWS_VERBS.search(title)):
        return "remarks"
    if PRESS_CUES.search(cues):
        return "press_statement"
    return {
        "analysis": "analysis",
        "press_release": "press_statement",
        "fact_sheet": "press_statement",
        "communique": "joint_statement",
        "transcript": "remarks",
    }.get(doc_kind or "", "press_statement")


# The words that continue a title ("Minister of Foreign Affairs") are taken whole (an atomic
# group): a name never starts inside a portfolio ("Vice-Minister for Foreign Affairs, at …"
# names no one called "Foreign"), nor with a portfolio's word.
PERSON_IN_HEADING = re.compile(
    r"\b(?:Secretary|Minister|Ambassador|President|Prime Minister|Spokesperson|Envoy|General|"
    r"Chancellor|Commissioner|Director|Senator|Mr\.|Ms\.|Dr\.)\b(?>(?:\s+(?:of|General|for|State|"
    r"Defen[cs]e|Foreign|Affairs|the)\b)*)\s+((?:(?!(?:At|In|On|With|To|For|During|Before|After|And|Of|The"
    r"|Foreign|Affairs|Defen[cs]e|State|Interior|Justice|Finance|Trade|Development|International|Cooperation)\b)"
    r"(?:(?:(?:al|el|ad|ar|as|at|an)-|(?:bin|ibn|de|van|von)\s+)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[A-Z][a-z]+)?"
    r"(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*"
    r"|[A-Z]\.)"
    r"(?:['’]s)?(?:\s|$)){1,4}"
    r"(?:(?:II|III|IV|Jr\.|Sr\.)(?:\s|$))?)"
)


def heading_names_person(title: str) -> bool:
    """Whether a heading reads like a person's name with a title ("Secretary of State Rex Tillerson")."""
    return bool(PERSON_IN_HEADING.search(title))


# --------------------------------------------------------------------- assembly


def _join(lines: list[Line], text: str) -> tuple[str, int, int]:
    start, end = lines[0].start, lines[-1].end
    return "\n\n".join(line.text for line in lines), start, end


def _year_context(lines: list[Line], published: date | None) -> int | None:
    for line in lines:
        if line.date:
            return line.date.year
    found = first_full_date(" ".join(line.text for line in lines))
    if found:
        return found.year
    return published.year if published else None


def _norm_title(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _from_title(lines: list[Line], title: object) -> list[Line]:
    """Start the document at its title line when the page shows it below navigation.

    Site chrome above the title (logos, menus, breadcrumbs) is never content; the title
    (from the manifest or the front matter) is the surest landmark a page has.
    """
    if not title or not lines:
        return lines
    wanted = _norm_title(str(title))
    for i, line in enumerate(lines[:60]):
        if i + 1 < len(lines) and _norm_title(f"{line.text} {lines[i + 1].text}") == wanted and line.kind != "label":
            # a cover's title broken over two lines ("Coalition Military Operations Against the" /
            # "Islamic State: Issues for Congress"): the first copy of the title, not the running head
            if any(earlier.kind == "label" for earlier in lines[:i]):
                return lines
            return [Line(f"{line.text} {lines[i + 1].text}", line.start, lines[i + 1].end, "heading"), *lines[i + 2 :]]
        if _norm_title(line.text) == wanted and i > 0:
            if any(earlier.kind == "label" for earlier in lines[:i]):
                return lines
            return [Line(line.text.lstrip("*-•# "), line.start, line.end, "heading"), *lines[i + 1 :]]
        if _norm_title(line.text) == wanted:
            if line.kind == "text":  # a title that asks ("Can the Coalition Survive …?") reads as a sentence
                return [replace(line, kind="heading"), *lines[1:]]
            return lines
    return lines


# What a page's first line may add after the issuer's name: "THE GLOBAL COALITION AGAINST DAESH FACT SHEET".
DOC_KIND_TAIL = re.compile(r"\s+(?:fact ?sheet|press release|news release|newsletter|media note|statement)$", re.I)


def _site_issuer(every_line: list[Line]) -> str | None:
    """A page whose first line is an institution's name ("U.S. Central Command", "THE GLOBAL
    COALITION AGAINST DAESH FACT SHEET") was issued by it."""
    if not every_line or every_line[0].kind != "heading":
        return None
    site = every_line[0].text
    if site.isupper():
        site = DOC_KIND_TAIL.sub("", site).title()
    return site if INSTITUTION.search(site) and len(site.split()) <= 8 else None


# A title that ends with its date after a separator: "Daily press briefing - Statements made by
# the Deputy Spokesperson - 10 March 2020", "Press point | 14 February 2022", "… (10.03.2020)".
TITLE_DATE_TAIL = re.compile(r"(?:\s[-–—|]\s|\()\s*(?P<when>[^-–—|()]{6,24}?)\)?\s*$")


def _title_date(title: str) -> date | None:
    """The date a page's title ends with, when the page has no date line and the manifest none."""
    m = TITLE_DATE_TAIL.search(title)
    if m is None or not any(c.isdecimal() for c in m.group("when")):
        return None
    when = m.group("when")
    return parse_date(when) if len(when.split()) <= 4 else None


_NUMERIC_LINE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_NUMERIC_NEAR_DAYS = 14
_HEADER_LINES = 40  # where a page prints its date
_BYLINE_CHARS = 80


def _numeric_date(lines: list[Line], text: str) -> date | None:
    """The date of a page dated only by a line such as "11.07.2019" under its dateline (a
    DVIDS story), or in a short byline: where both numbers could be the month, the page's
    own date is near the dates its story writes ("Nov. 5, 2019"), so the one reading within
    a fortnight of them is taken; none or both, no date."""
    for line in lines[:_HEADER_LINES]:
        m = _NUMERIC_LINE.fullmatch(line.text.strip())
        if m is None and len(line.text) <= _BYLINE_CHARS:
            m = _NUMERIC_LINE.search(line.text)  # a byline's: "Selin Karaca |14.11.2019 - Update : 15.11.2019"
        if m is None:
            continue
        readings = numeric_readings(*(int(n) for n in m.groups()))
        if len(readings) == 1:
            return readings.pop()  # "14.11.2019": only one number can be the month
        written = [d for found in FULL_DATE.finditer(text[:20_000]) if (d := parse_date(found.group(0)))]
        near = {r for r in readings if any(abs((r - w).days) <= _NUMERIC_NEAR_DAYS for w in written[:20])}
        return near.pop() if len(near) == 1 else None
    return None


def _repeats_title(prose: list[Line], title: str) -> bool:
    """Whether the text before a transcript's first turn is only its title again (wrapped
    over lines, reworded a little: "HR/VP" for "High Representative/Vice-President") with
    chrome around it: most of the title's words are there, and little else."""
    wanted = set(_norm_title(title).split())
    if len(wanted) < 5:
        return False
    words = _norm_title(" ".join(line.text for line in prose)).split()
    shared = wanted.intersection(words)
    return len(shared) >= 0.7 * len(wanted) and len(words) <= 2 * len(wanted) + 10


def _title_not_label(lines: list[Line], title: object) -> list[Line]:
    """The document's title printed as "THE TERRITORIAL DEFEAT OF DAESH: FIVE YEARS OF …" is a
    heading, not a speaker label: a title never becomes a speaker."""
    if not title or not any(line.kind == "label" for line in lines[:60]):
        return lines
    wanted = _norm_title(re.sub(r"\s*\([^)]*\)\s*$", "", str(title)))
    if len(wanted.split()) < 3 or ":" not in str(title):
        return lines
    return [
        replace(line, kind="heading") if line.kind == "label" and _norm_title(line.text).startswith(wanted) else line
        for line in lines
    ]


def segment(cleaned: Cleaned, doc_kind: str | None, published: date | None, title: str | None = None) -> ParsedDocument:
    """Cut one cleaned document into statement segments (see the module docstring)."""
    text = cleaned.text
    page_title = str(title or cleaned.front_matter.get("title") or "")
    every_line = _title_not_label(split_lines(text), title or cleaned.front_matter.get("title"))
    lines = _cards(_from_title(every_line, title or cleaned.front_matter.get("title")))
    if "(@" in text and (thread := _thread_posts(lines)):
        lines = thread
    site_issuer = _site_issuer(every_line)
    if not lines:
        return ParsedDocument(None, published, None, None, ())
    fm = cleaned.front_matter
    sections = _sections(lines, compilation=doc_kind == "compilation")
    header = sections[0]
    doc_title = str(fm.get("title")) if fm.get("title") else (header.headings[0].text if header.headings else None)
    doc_date = header.dates[0].date if header.dates else None
    if doc_date is None and fm.get("date"):
        doc_date = parse_date(str(fm.get("date")))
    if doc_date is None:
        # A date line above the title (with the chrome _from_title skipped): "DECEMBER 7, 2016 / 9:52 PM".
        above = every_line[: max(0, len(every_line) - len(lines))]
        doc_date = next((line.date for line in reversed(above) if line.kind == "date"), None)
    doc_date = doc_date or published
    author = None
    for line in header.bylines:
        if m := BYLINE.match(line.text):
            # "By U.S. Embassy Baghdad | March 25, 2019 | Topics: Press Releases": who, then when.
            parts = BYLINE_PARTS.split(m.group("name"))
            author = parts[0].strip()
            doc_date = doc_date or next((d for p in parts[1:] if (d := first_full_date(p))), None)
    doc_date = doc_date or _title_date(page_title) or _title_date(doc_title or "") or _numeric_date(every_line, text)
    if author is None and fm.get("author"):
        author = str(fm.get("author"))
    posted = next((m for h in header.headings if (m := POSTED_BY.match(h.text))), None)
    if author is None and posted is not None:
        author = posted.group("name")  # "Mette Kjær Lund's Post": a social network's page of one post
    if author is None and doc_kind == "analysis":
        # An analysis signed with a bare name under its title ("Hannah Lindqvist", then the role);
        # a report's cover may list several, each with a role ("Elena M. Castellano" / "Specialist
        # in Middle Eastern Affairs" / "Bradley J. Okonkwo" / "Analyst in U.S. Defense Policy").
        names = _cover_authors(header.headings[1:])
        author = " and ".join(names) if 1 < len(names) <= 4 else None
        author = author or next((h.text for h in header.headings[1:] if AUTHOR_NAME.fullmatch(h.text)), None)
    if author is None and (doc_kind == "analysis" or (doc_kind is None and _first_person(text))):
        author = _dated_name(lines, every_line)
    if author is None and doc_kind == "analysis":
        author = _closing_authors(lines)
    signed_analysis = doc_kind == "analysis"  # the manifest's word: a paper, not a news story's byline
    remarks_like = bool(doc_title and REMARKS_CUES.search(doc_title))
    if doc_kind is None and author and not remarks_like and not any(line.kind == "label" for line in lines):
        doc_kind = "analysis"  # a signed article with no speaker turns
    role_hint = _byline_role(header.headings[1:])
    year = _year_context(lines, doc_date)
    has_items = any(s.split and s.body for s in sections[1:]) or any(s.attribution for s in sections)
    speaker_in_issuer = _issuer_person(header.issuers)
    titled = _titled_speaker(page_title, every_line)

    segments: list[Segment] = []
    summary_parts: list[str] = [line.text for line in header.dek]
    warnings: list[str] = []
    for index, section in enumerate(sections):
        title = " | ".join(h.text for h in section.headings) or None
        is_intro = index == 0 and has_items and not section.attribution and doc_kind in (None, "compilation")
        body = _take_posts(section.body, segments, year)
        if not body:
            continue
        if is_intro and not any(line.kind == "label" for line in body):
            summary_parts.extend(line.text for line in body)
            continue
        context = section.attribution.text.lstrip("―—– ") if section.attribution else ""
        when = section.dates[0].date if section.dates else None
        if when is None and section.attribution is not None and year is not None:
            when = first_full_date(context) or month_day(context, year)
        when = when or (doc_date if index == 0 or not has_items else None) or doc_date
        section_title = title if index > 0 or not doc_title else doc_title
        first_label = next((n for n, line in enumerate(body) if line.kind == "label"), None)
        prose = body if first_label is None else body[:first_label]
        if first_label is not None:
            answerer = (interviewee(" ".join(line.text for line in prose)) if prose else None) or (
                titled.split(",")[0] if titled else None
            )
            segments.extend(_turns(body[first_label:], section_title, when, context, answerer))
        prose, signer = _signature(prose)
        # "Ned Price, Department Spokesperson" under the title: the page's, or an item's (a feed's
        # item whose body opens with its page's own "PRESS STATEMENT / MATTHEW MILLER, …" head).
        signer = signer or _signer(section.headings[1:] + section.dates)
        if not prose or all(line.kind == "note" for line in prose):
            continue
        if first_label is not None and _repeats_title(prose, page_title):
            continue  # a press point's title, wrapped over lines above its first turn: not a statement
        if first_label is not None and sum(len(line.text.split()) for line in prose) < 8:
            warnings.append(f"text before the first speaker label left unattributed: {prose[0].text[:60]!r}")
            continue
        hint_title = title if index > 0 or not has_items else None
        names_person = bool(hint_title) and heading_names_person(hint_title or "")
        kind = _section_kind(title or section_title or "", context, doc_kind, names_person)
        if kind == "analysis" and section.attribution is not None and len(prose) >= 2:
            # A block quotation in an article, signed on the line below: "— Antony J. Blinken,
            # U.S. Secretary of State, at the Riyadh ministerial". The paragraph above the
            # signature is also that person's statement (as an inline quotation is).
            quoted = prose[-1]
            name, _, role = context.partition(",")
            segments.append(
                Segment(
                    "quote",
                    quoted.text,
                    quoted.start,
                    quoted.end,
                    0,
                    section_title,
                    name.strip(),
                    "heading",
                    when,
                    f"{title or ''} {context}".strip(),
                    role.strip() or None,
                )
            )
        joined, start, end = _join(prose, text)
        source, who = _speaker_hint(kind, hint_title, author, names_person, is_item=index > 0)
        if posted is not None and source in ("heading", "publisher"):
            source, who = "author", author  # the post is its author's, whatever its page's headings name
        if source == "publisher" and index == 0 and kind == "press_statement" and (by := _statement_by(section_title)):
            source, who = "heading", by
        elif source == "publisher" and index == 0 and kind == "press_statement" and titled:
            source, who = "heading", titled  # "Statements made by the Deputy Spokesperson, Name"
        elif source == "publisher" and author and INSTITUTION.search(author):
            source, who = "author", author  # "By U.S. Embassy Baghdad": the office that issued it
        if kind == "remarks" and speaker_in_issuer and not names_person and source in ("publisher", "heading"):
            source, who = "heading", speaker_in_issuer  # a speech page's "From: Office and The Rt Hon Name MP"
        if signer and kind in ("press_statement", "remarks"):
            source, who = "heading", signer
        section_role = role_hint
        if index == 0 and kind in ("press_statement", "remarks") and (cover := TESTIMONY_OF.search(title or "")):
            # "STATEMENT OF | BRETT McGURK | SPECIAL PRESIDENTIAL ENVOY …": the witness, not a body the role names.
            source, who, section_role = "heading", cover.group("name"), (cover.group("role") or "").strip() or None
        if kind == "joint_statement" and (chair := _chair_named(section_title or "", joined)):
            kind, source, who = "press_statement", "heading", chair  # not agreed: the Chair's own summary
        signatories = _signatories(prose)
        if signatories and kind in ("joint_statement", "press_statement"):
            kind, source = "joint_statement", "signatories"
        elif index == 0 and kind == "press_statement" and source == "publisher":
            issuers = _honourables(every_line, prose[0].start)
            if len(issuers) == 1:
                source, who = "heading", issuers[0]
            elif issuers:
                source, signatories = "signatories", issuers  # a joint release of two ministers
        elif source == "author" and signed_analysis and len(coauthors := _coauthors(author)) >= 2:
            source, signatories = "signatories", coauthors  # "By Leila Haddad and Thomas Reinholt": both wrote it
        segments.append(
            Segment(
                kind,
                joined,
                start,
                end,
                0,
                section_title,
                who,
                source,
                when,
                f"{title or ''} {context}".strip(),
                section_role if source == "heading" else None,
                signatories,
            )
        )
    ordered = sorted(segments, key=lambda s: s.start)
    numbered = tuple(replace(s, sequence=i, date=s.date or doc_date) for i, s in enumerate(ordered))
    summary = "\n\n".join(summary_parts) or None
    issuer = None
    for line in header.issuers:
        if m := ISSUER_LINE.match(line.text):
            issuer = re.split(r"\s+and\s+(?=[A-Z])|;", m.group("who"))[0].strip()
            break
    return ParsedDocument(doc_title, doc_date, author, summary, numbered, tuple(warnings), issuer or site_issuer)


SIGNATURE = re.compile(r"^(?P<name>(?:[A-Z][a-zA-Z’'\-]+\.?\s){1,3}[A-Z][a-zA-Z’'\-]+),\s+(?P<role>[A-Z][^\n]{2,80})$")


# "Margaret L. Travers, Specialist in Middle Eastern Affairs": an author and the title held.
AUTHOR_LINE = re.compile(rf"^(?P<name>{AUTHOR_NAME.pattern}),\s+(?P<role>[A-Z][^\n]{{2,80}})$")
# The next author after a title, on a joined line: a given name, initials, a surname, a comma.
NEXT_AUTHOR = re.compile(r"(?<=\s)([A-Z][a-z’'\-]+(?:\s+[A-Z]\.)*\s+[A-Z][a-z’'\-]+),\s+[A-Z]")
_FOOTER_LINES = 6  # the most lines a paper's footer (product number, disclaimer) runs after its authors


_FIRST_PERSON = re.compile(r"\b(?:I|my|My|me)\b")
_QUOTED = re.compile(r"[“\"][^”\"\n]{0,2000}[”\"]")


def _first_person(text: str) -> bool:
    """Whether a page's opening speaks in the first person outside quotation marks ("My take",
    "By my count"): a newsletter or a blog post, its author's own word, not a news story that
    prints its reporter's name above the date."""
    return _FIRST_PERSON.search(_QUOTED.sub("", text[:6000])) is not None


def _dated_name(lines: list[Line], every_line: list[Line]) -> str | None:
    """A newsletter's or a blog's author: a bare name on its own line just above the date, near
    the top ("Daniel Okafor" / "Jun 9, 2023"). A name the page prints elsewhere as a line of its
    own (above the title too) is the site's masthead repeated ("Al Arabiya English"), not an author."""
    for i, line in enumerate(lines[:15]):
        if (
            line.kind == "heading"
            and i + 1 < len(lines)
            and lines[i + 1].kind == "date"
            and AUTHOR_NAME.fullmatch(line.text)
            and not INSTITUTION.search(line.text)
            and sum(other.text == line.text for other in every_line) == 1
        ):
            return line.text
    return None


def _closing_authors(lines: list[Line]) -> str | None:
    """The authors a paper names at its end, a "Name, Title" line each, above a short footer
    (a CRS In Focus: "Margaret L. Travers, Specialist in Middle Eastern Affairs", then the
    product number and the disclaimer): "Margaret L. Travers and Daniel R. Achebe"."""
    names: list[str] = []
    for line in reversed(lines[-(_FOOTER_LINES + 4) :]):
        m = AUTHOR_LINE.match(line.text) if line.kind == "heading" else None
        if m and not INSTITUTION.search(m.group("name")):
            # The cleaner may have joined the name lines: "A. Roe, Specialist in X Jane Doe, Analyst in Y".
            names[:0] = [m.group("name"), *NEXT_AUTHOR.findall(m.group("role"))]
        elif names:
            break
    return " and ".join(names) or None


def _cover_authors(headings: list[Line]) -> list[str]:
    """The names among a cover's headings that their role follows ("Specialist in …")."""
    return [
        name.text
        for name, role in itertools.pairwise(headings)
        if AUTHOR_NAME.fullmatch(name.text) and not INSTITUTION.search(name.text) and _AUTHOR_ROLE.match(role.text)
    ]


# A researcher's title under the name: "Specialist in Middle Eastern Affairs", "Analyst in U.S.
# Defense Policy", "Senior Fellow", "Research Associate, …".
_AUTHOR_ROLE = re.compile(
    r"^(?:(?:Senior|Junior|Visiting|Adjunct|Nonresident|Associate|Assistant|Deputy)\s+)?"
    r"(?:Specialist|Analyst|Fellow|Researcher|Research|Director|Professor|Scholar|Editor|Correspondent|Coordinator)\b"
)


def _coauthors(author: str | None) -> tuple[str, ...]:
    """The people a byline names when it names several ("Leila Haddad and Thomas Reinholt",
    "A. Smith, B. Jones & C. Lee"): each part a person's name, none an institution's."""
    if not author or (" and " not in author and "," not in author and "&" not in author):
        return ()
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", author) if p.strip()]
    if len(parts) < 2 or not all(AUTHOR_NAME.fullmatch(p) and not INSTITUTION.search(p) for p in parts):
        return ()
    return tuple(parts)


def _signer(headings: list[Line]) -> str | None:
    """'Ned Price, Department Spokesperson' under a title: the person who issues the text.

    Also found as one part of a metadata line ("Remarks | Antony J. Blinken, Secretary of State | May 11, 2022").
    """
    for part in (p.strip() for line in headings for p in line.text.split("|")):
        m = SIGNATURE.match(part)
        if m and not re.search(r"\b(Department|Ministry|Office|Coalition|Embassy|Council)\b", m.group("name")):
            return part
    # The name and the office a line each ("Heather Nauert" / "Department Spokesperson"), as the
    # State Department's press statements set them under "Press Statement".
    for name, role in itertools.pairwise(headings):
        person = AUTHOR_NAME.fullmatch(name.text) and not INSTITUTION.search(name.text) and name.text[:4] != "The "
        if person and _SIGNER_ROLE.match(role.text) and len(role.text.split()) <= 8:
            return f"{name.text}, {role.text}"
    return None


# An office held by a person, as the line under a signer's name writes it ("Department
# Spokesperson", "Secretary of State"); not a body's ("Office of the Press Secretary").
_SIGNER_ROLE = re.compile(
    r"^(?:[A-Z][\w.\-]*\s+){0,3}(?:Spokes(?:person|man|woman)|Secretary|Minister|Ambassador|Envoy|Coordinator"
    r"|Director|Adviser|Advisor)\b"
)


ATTRIBUTABLE = re.compile(
    r"^(?:The )?(?:below|following)(?: statement)? is attributable to (?:the )?(?P<role>(?:[A-Z][\w’'-]*\s)*?)"
    r"(?P<name>(?:[A-Z][\w’'.-]+\s?){2,4})[:.]?$"
)


SIGNATORY_CUE = re.compile(
    r"^(?:signatories|signatory (?:countries|states|list)|signed by|co-?signed by|endorsed by"
    r"|(?:this|the) (?:joint )?statement (?:is|was|has been) (?:endorsed|signed|joined) by\b.*)\s*:?$",
    re.I,
)
LIST_ITEM = re.compile(r"^[-*•]\s+(?P<item>\S.{0,80})$")


def _signatories(body: list[Line]) -> tuple[str, ...]:
    """The signers a joint statement lists under "Signatories" (two or more list items)."""
    for n, line in enumerate(body):
        if SIGNATORY_CUE.match(line.text):
            items = []
            for after in body[n + 1 :]:
                if SIGNATORY_CUE.match(after.text) and not items:
                    continue
                m = LIST_ITEM.match(after.text)
                if not m:
                    break
                items.append(re.sub(r"^the\s+", "", m.group("item").strip(" .;,")))
            if len(items) >= 2:
                return tuple(items)
    return ()


def _signature(body: list[Line]) -> tuple[list[Line], str | None]:
    """A closing 'Name, Role' line signs the text; so does an opening "The below is
    attributable to Spokesperson Ned Price:". Neither is part of the text."""
    if len(body) > 1 and (m := ATTRIBUTABLE.match(body[0].text)):
        role = m.group("role").strip()
        return body[1:], f"{m.group('name').strip()}, {role}" if role else m.group("name").strip()
    if len(body) > 1 and body[-1].kind == "heading" and (who := _signer([body[-1]])):
        return body[:-1], who
    return body, None


def _byline_role(headings: list[Line]) -> str | None:
    """'Michael R. Pompeo, Secretary of State' under a title gives the speaker's role."""
    for line in headings:
        if "," in line.text:
            _, role = line.text.split(",", 1)
            return role.strip() or None
    return None


# "… – Statement by Jean-Yves Le Drian, Minister for Europe and Foreign Affairs (Paris, …)":
# a press statement whose title names the person who made it.
STATEMENT_BY = re.compile(
    r"\bstatement (?:by|from) (?:the\s+)?"
    r"(?P<who>[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){1,4}(?:,\s+[A-Z][^(|–—\n]{2,80})?)",
    re.I,
)
STATEMENT_BY_NOT_PERSON = re.compile(
    r"\b(?:Ministry|Department|Office|Government|Embassy|Coalition|Council|Union|Spokesperson|Spokesman|"
    r"Press|Group|Members|Ministers|Leaders|Presidency|Commission|Nations|NATO|Alliance)\b"
)


# The cover of a written statement or testimony: "STATEMENT OF | BRETT McGURK | SPECIAL
# PRESIDENTIAL ENVOY …" (heading lines joined by " | "), "Testimony of Jane Doe, Director …".
# The name is in capitals or in title case, and ends its heading line or runs into its role
# after a comma: "Statement of support for …" and "Statement of Support for …" name no one.
_COVER_NAME = (
    r"(?:[A-Z][A-Z'’\-]+|[A-Z]\.)(?:\s+(?:(?:Mc|Mac)?[A-Z][A-Z'’\-]+|[A-Z]\.)){1,3}"
    r"|[A-Z][a-z’'\-]+(?:\s+(?:[A-Z]\.|(?:Mc|Mac)?[A-Z][a-z’'\-]+)){1,3}"
)
TESTIMONY_OF = re.compile(
    r"^(?:(?:PREPARED|WRITTEN|Prepared|Written)\s+)?(?:STATEMENT|TESTIMONY|Statement|Testimony)\s+(?:OF|of)\s*(?:\|\s*)?"
    r"(?:(?:THE\s+HONORABLE|HON\.|AMBASSADOR|GENERAL|MR\.|MS\.|DR\.|The\s+Honorable|Hon\.|Ambassador|Mr\.|Ms\.|Dr\.)\s+)?"
    rf"(?P<name>{_COVER_NAME})(?=\s*[|,]|\s*$)(?:\s*[|,]\s*(?P<role>[A-Z][^|\n]{{2,120}}))?"
)


# A minister named as a Commonwealth release's header names its issuers: "Senator the Hon
# Marise Payne", "The Hon Julie Bishop MP", "The Rt Hon James Cleverly MP".
HONOURABLE_LINE = re.compile(
    r"^(?:Senator\s+)?(?:[Tt]he\s+)?(?:(?:Rt\.?|Right)\s+)?Hon(?:ourable|orable|\.)?\s+"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+)){1,3}?)(?:\s+(?:MP|QC|KC|MLA|MPP|PC|AO|AC))*$"
)


def _issuer_person(issuers: list[Line]) -> str | None:
    """The minister a speech page's "From:" line names beside the department ("From: Foreign,
    Commonwealth & Development Office and The Rt Hon James Cleverly MP"): the speech is theirs."""
    for line in issuers:
        if m := ISSUER_LINE.match(line.text):
            for part in re.split(r"\s+and\s+(?=[A-Z])|;", m.group("who")):
                if honourable := HONOURABLE_LINE.match(part.strip(" ,.")):
                    return honourable.group("name")
    return None


def _honourables(every_line: list[Line], before: int) -> tuple[str, ...]:
    """The ministers a release's header names, one a line, above its text: the release is
    theirs, not the site's (whose name the manifest may give as its publisher)."""
    names = []
    for line in every_line:
        if line.start >= before:
            break
        if len(line.text) < 80 and (m := HONOURABLE_LINE.match(line.text)):
            names.append(m.group("name"))
    return tuple(dict.fromkeys(names))[:6]


# A briefing's title naming its speaker after the role: "Daily press briefing - Statements made
# by the Deputy Spokesperson, Anne-Claire Legendre - 10 March 2020".
STATEMENTS_MADE_BY = re.compile(
    r"\bstatements? (?:made |given )?by (?:the )?(?P<role>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,5}),\s+"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|al-[A-Z]\w+)){1,3})(?=\s*(?:[-–—|(,]|$))",
    re.I,
)


def _titled_speaker(title: str, every_line: list[Line]) -> str | None:
    """The person (with role) a briefing's title names after the role, in the manifest's title
    or the page's own title among its first headings."""
    heads = [line.text for line in every_line[:12] if line.kind == "heading"]
    for text in (title, *heads):
        m = STATEMENTS_MADE_BY.search(text)
        if m and not STATEMENT_BY_NOT_PERSON.search(m.group("name")):
            return f"{m.group('name')}, {m.group('role')}"
    return None


# A social network's page title for one post or article: "Mette Kjær Lund's Post".
POSTED_BY = re.compile(r"^(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){1,3})['’]s\s+(?:Post|Article|Update)$")
CHAIRS_SUMMARY = re.compile(r"\bchair(?:man|person)?['’]s\s+(?:summary|statement)\b", re.I)
# "issued under the sole responsibility of the Chair, the Minister of … of the Italian Republic,
# Luigi Di Maio.": the Chair, maybe a role, then the name.
CHAIR_NAMED = re.compile(
    r"\bthe\s+Chair(?:man|person)?,\s+(?:[^.;]{0,200}?,\s+)?"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.|de|da|van|von|bin|al-\w+)){1,4})(?=[.,;])"
)


def _chair_named(title: str, text: str) -> str | None:
    """The Chair a chair's summary or statement names in its opening: it speaks for the Chair
    alone ("is not a negotiated text"), not for the members as a joint statement does."""
    if CHAIRS_SUMMARY.search(title) is None and CHAIRS_SUMMARY.search(text[:300]) is None:
        return None
    m = CHAIR_NAMED.search(text[:1500])
    return m.group("name") if m else None


def _statement_by(title: str | None) -> str | None:
    """The person a "Statement by …" title names (with their role after a comma), if any."""
    m = STATEMENT_BY.search(title or "")
    if m is None:
        return None
    who = m.group("who").strip(" ,")
    name = who.split(",")[0]
    if "," not in who:  # (the pattern ignores case: "… Adrienne Watson on National …" ends at "on")
        who = name = re.split(r"\s+(?=[a-z])", name)[0]
    roles = list(STATEMENT_BY_NOT_PERSON.finditer(name))
    if not roles:
        return who
    # "Statement from NSC Spokesperson Adrienne Watson on …": the name after the office
    after = name[roles[-1].end() :].split()
    return who if len(after) >= 2 and all(w[0].isupper() for w in after) else None


def _speaker_hint(
    kind: str, title: str | None, author: str | None, names_person: bool, is_item: bool
) -> tuple[str, str | None]:
    """Where the speaker is named. A press release's own title names its subject, not its
    issuer; an item's heading in a compilation ("U.S. Designates ...") may name both."""
    if kind == "analysis":
        return "author", author
    if kind == "joint_statement":
        return "group", title
    if kind == "remarks" and title:
        return "heading", title
    office_news = kind == "press_statement" and PRESS_CUES.search(title or "")  # "Readout of President …'s Call"
    if names_person and title and not NEWS_VERBS.search(title) and not office_news:
        return "heading", title
    if kind == "press_statement" and (who := _statement_by(title)):
        return "heading", who
    return "publisher", title if is_item else None


HANDLE_LINE = re.compile(r"^@\w{1,30}$")
# A post's timestamp as a rendered card shows it: "10:30 AM · Mar 23, 2019 · Twitter Web Client".
CARD_STAMP = re.compile(r"^\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?\s*[·•|-]\s*(?P<date>[^·•|]{6,30}?)\s*(?:[·•|].*)?$")
CARD_COUNTERS = re.compile(
    r"^(?:[\d,.]+[KM]?\s+(?:Retweets?|Likes?|Replies|Quote Tweets|Reposts|Views|Comments|Shares)\s*)+$", re.I
)


def _cards(lines: list[Line]) -> list[Line]:
    """An embedded post rendered as a card — the author's name, "@handle", the text, a
    timestamp line, counters — as the post line and text line the rest of this stage reads."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if HANDLE_LINE.match(line.text) and out and len(out[-1].text.split()) <= 8:
            stamp = next((k for k in range(i + 1, min(len(lines), i + 8)) if CARD_STAMP.match(lines[k].text)), None)
            if stamp is not None and stamp > i + 1:
                name = out.pop()
                when = parse_date(CARD_STAMP.match(lines[stamp].text).group("date"))  # type: ignore[union-attr]
                body = lines[i + 1 : stamp]
                text = " ".join(b.text for b in body)
                out.append(Line(text, body[0].start, body[-1].end, "text"))
                post = f"— {name.text} ({line.text}) {when.strftime('%B %d, %Y') if when else ''}".rstrip()
                out.append(Line(post, lines[stamp].start, lines[stamp].end, "post", when))
                i = stamp + 1
                if i < len(lines) and CARD_COUNTERS.match(lines[i].text):
                    i += 1
                continue
        out.append(line)
        i += 1
    return out


# A thread or timeline export, post by post: the author "Name (@handle)" (with "[verified]",
# "· replying to @x" and a bio after it), a timestamp "Thu 26 Mar 2020 · 09:14 · client",
# the text, then counters "Replies 38 · Reposts 214 · Likes 612". A cleaner may have run
# the author, bio and timestamp into one line, so each is searched for within a line.
THREAD_AUTHOR = re.compile(r"(?P<name>[^()\n]{1,200}?)\s*\((?P<handle>@\w{1,30})\)(?P<rest>.*)$")
THREAD_STAMP = re.compile(
    r"(?:\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?P<date>\b\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})"
    r"\s*[·•|,]\s*\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
)
THREAD_COUNTERS = re.compile(
    r"^(?:(?:Replies|Reposts|Retweets|Quotes|Likes|Views|Bookmarks|Comments|Shares)\s+[\d,.]+[KM]?\s*[·•|]?\s*){2,}",
    re.I,
)
# A post quoted inside another ("┌ Quoting Name (@handle) · date │ text └"): not a post of the export.
QUOTED_POST = re.compile(r"^(?:[┌│└╭╰>]|Quoting\b)")
# "Bio: Official account of Combined Joint Task Force – Operation Inherent Resolve, the …".
OFFICIAL_ACCOUNT = re.compile(
    r"\b[Oo]fficial (?:\w+ )?account (?:of|for) (?:the )?(?P<who>[A-Z][^,.;:\n]{2,100}?)(?=[,.;:]|$)"
)
# What a post's author line may start with: the export's separator "--- [3/10] -----".
_SEPARATOR_RUN = re.compile(r"^.*(?:-{3,}|[\]|·])\s*")


@dataclass(frozen=True)
class _ThreadPost:
    name: str
    handle: str
    when: date | None
    reply_by_other: bool  # a reply by an unverified account
    body: list[Line]
    first: int  # the post's lines, from its author line to its counters
    last: int


def _thread_author(line: Line) -> re.Match[str] | None:
    if "(@" not in line.text or QUOTED_POST.match(line.text) or re.match(r"^(?:[—–―]|-{1,2}(?!-))", line.text):
        return None  # a quoted post, or an embedded post's "— Name (@handle) date" line
    return THREAD_AUTHOR.search(line.text)


def _read_post(lines: list[Line], i: int, author: re.Match[str]) -> _ThreadPost | None:
    """The post whose author line is ``lines[i]``, if a timestamp follows (on the author's
    line, or a few lines down, the bio between)."""
    stamp_at, stamp = None, None
    for k in range(i, min(len(lines), i + 4)):
        seen = lines[k].text[author.end("handle") :] if k == i else lines[k].text
        if k > i and (_thread_author(lines[k]) or THREAD_COUNTERS.match(seen)):
            return None
        if stamp := THREAD_STAMP.search(seen):
            stamp_at = k
            break
    if stamp_at is None or stamp is None:
        return None
    head = " ".join(line.text for line in lines[i : stamp_at + 1])
    name = _SEPARATOR_RUN.sub("", author.group("name")).strip(" |")
    name = re.sub(r"^.*\b(?:reposted|retweeted|boosted|shared)\s+", "", name, flags=re.I)  # a repost's banner
    if not re.search(r"[a-z]", name) and (official := OFFICIAL_ACCOUNT.search(head)):
        name = official.group("who").strip()  # "CJTF-OIR": the body its bio names
    body: list[tuple[int, Line]] = []
    k = stamp_at + 1
    while k < len(lines) and not _thread_author(lines[k]) and not THREAD_COUNTERS.match(lines[k].text):
        line = lines[k]
        if line.kind != "note" and not QUOTED_POST.match(line.text) and not re.match(r"^[=\-]{10,}", line.text):
            body.append((k, line))
        k += 1
    if k < len(lines) and THREAD_COUNTERS.match(lines[k].text):
        last = k  # the counters close the post
    else:
        # Nothing closes it: the post is its first paragraph, what follows is the page's.
        breaks = [n for n in range(1, len(body)) if body[n][1].start - body[n - 1][1].end > 1]
        body = body[: breaks[0]] if breaks else body
        last = body[-1][0] if body else stamp_at
    reply = re.search(r"\breplying to @\w+", author.group("rest")) is not None
    verified = re.search(r"\[verified\]|✓|☑", head, re.I) is not None
    when = parse_date(stamp.group("date"))
    return _ThreadPost(name, author.group("handle"), when, reply and not verified, [b for _, b in body], i, last)


def _thread_posts(lines: list[Line]) -> list[Line] | None:
    """A thread export read as its posts, each a text line and the post line the rest of this
    stage reads ("— Name (@handle) date"); None if the lines hold fewer than two posts (an
    author line and a timestamp each). Replies by unverified accounts other than the thread's
    author are the public's, not the record's. What lies outside the posts is kept only when
    it outweighs them (an article quoting posts): in an export it is the archiving tool's
    header and footer, which no author wrote."""
    posts: list[_ThreadPost] = []
    i = 0
    while i < len(lines):
        author = _thread_author(lines[i])
        post = _read_post(lines, i, author) if author is not None else None
        if post is None:
            i += 1
            continue
        posts.append(post)
        i = post.last + 1
    if len(posts) < 2:
        return None
    inside = {n for post in posts for n in range(post.first, post.last + 1)}
    outside = [n for n in range(len(lines)) if n not in inside and not THREAD_COUNTERS.match(lines[n].text)]
    words = sum(len(line.text.split()) for post in posts for line in post.body)
    keep = sum(len(lines[n].text.split()) for n in outside) > words
    by_first = {post.first: post for post in posts if post.body}
    out: list[Line] = []
    n = 0
    while n < len(lines):
        post = by_first.get(n)
        if post is None:
            if keep and n in outside:
                out.append(lines[n])
            n += 1
            continue
        n = post.last + 1
        if post.reply_by_other and post.handle != posts[0].handle:
            continue  # a member of the public answering the thread
        # A post's lines: wrapped lines (one line break apart) joined, paragraphs kept apart.
        text = post.body[0].text
        for before, line in zip(post.body, post.body[1:], strict=False):
            text += (" " if line.start - before.end <= 1 else "\n\n") + line.text
        out.append(Line(text, post.body[0].start, post.body[-1].end, "text"))
        stamp = post.when.strftime("%B %d, %Y") if post.when else ""
        end = post.body[-1].end
        out.append(Line(f"— {post.name} ({post.handle}) {stamp}".rstrip(), end, end, "post", post.when))
    return out


def _take_posts(body: list[Line], segments: list[Segment], year: int | None) -> list[Line]:
    """Move embedded posts out of a body into their own segments; return the rest."""
    rest: list[Line] = []
    for line in body:
        if line.kind != "post":
            rest.append(line)
            continue
        post = POST_LINE.match(line.text)
        assert post is not None
        if rest and rest[-1].kind == "text":
            content = rest.pop()
            segments.append(
                Segment(
                    "social_post",
                    content.text,
                    content.start,
                    content.end,
                    0,
                    None,
                    f"{post.group('name').strip()} ({post.group('handle')})",
                    "post",
                    line.date,
                    line.text,
                )
            )
    return rest


# Who an interview's answers are by, as the introduction names them: "We put five
# questions to Col. John Dorrian, spokesman for …", "In an interview with Ambassador X",
# "We spoke to X", "X answered our questions".
_INTERVIEWEE_NAME = (
    r"(?:(?:[A-Z][a-z]{0,4}\.|Colonel|General|Ambassador|Minister|Secretary|Admiral|Commander|Dr|Professor)\s+)?"
    r"[A-Z][\w’'\-]*[a-z](?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]*[a-z]|al-[A-Z]\w+|bin|ibn|de|van|von)){1,3}"
)
INTERVIEWEE = re.compile(
    rf"\b(?:questions?\s+(?:to|for|with)|interview(?:ed)?(?:\s+with)?|(?:spoke|talked|talk|speak)\s+(?:to|with)"
    rf"|sat\s+down\s+with)\s+(?P<who>{_INTERVIEWEE_NAME})\b(?!\s+[A-Z])"
    rf"|(?P<who2>{_INTERVIEWEE_NAME})\s+(?:answered|answers|took)\s+(?:our|my|some|a\s+few|the|\w+)?\s*questions\b"
)
_NOT_A_PERSON = re.compile(
    r"\b(?:News|Agency|Press|Times|Post|Radio|Television|TV|Ministry|Department|Office|Council|Coalition|Forces|"
    r"Command|Group|Institute|Center|Centre)\b"
)
# An answer in a question-and-answer interview: "A: Our estimate is …", "ANSWER: …".
ANSWER_LINE = re.compile(r"^(?:A|ANSWER|Answer)\s*:\s+(?P<rest>\S.*)$")


def interviewee(intro: str) -> str | None:
    """The person an interview's introduction names as answering its questions."""
    m = INTERVIEWEE.search(intro)
    who = (m.group("who") or m.group("who2")) if m else None
    return None if who is None or _NOT_A_PERSON.search(who) else who


def _turns(
    body: list[Line], title: str | None, when: date | None, context: str, answerer: str | None = None
) -> list[Segment]:
    """One segment per speaker turn; ``body`` starts with a label line. An interview's
    "A:" turns are the ``answerer``'s, when its introduction names who answers."""
    groups: list[tuple[str, list[Line], str]] = []  # label, lines, the question an answer answers
    for line in body:
        m = label_match(line.text) if line.kind == "label" else None
        if m is None and answerer and groups and (a := ANSWER_LINE.match(line.text)):
            asked = " ".join(q.text for q in groups[-1][1]) if groups[-1][0] != answerer else groups[-1][2]
            groups.append((answerer, [Line(a.group("rest"), line.start + a.start("rest"), line.end, "text")], asked))
        elif m is not None:
            rest = [Line(m.group("rest"), line.start + m.start("rest"), line.end, "text")] if m.group("rest") else []
            label = m.group("label").strip()
            if m.re is DASH_TURN and label in ANSWER_LABELS:
                # "R - …" answers the question above it, for the person the page names ("" if none).
                asked = " ".join(q.text for q in groups[-1][1]) if groups and groups[-1][0] == "Q" else ""
                groups.append((answerer or "", rest, asked))
                continue
            groups.append((label, rest, ""))
        elif groups:
            groups[-1][1].append(line)
    return [
        Segment(
            "remarks",
            "\n\n".join(line.text for line in lines),
            lines[0].start,
            lines[-1].end,
            0,
            title,
            label or None,
            "label" if label else "publisher",
            when,
            context,
            None,
            asked=asked,
        )
        for label, lines, asked in groups
        if lines
    ]
