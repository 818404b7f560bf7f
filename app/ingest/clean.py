"""Clean stage: turn a saved web page into plain prose, keeping raw offsets.

Why this stage exists: the corpus is web pages saved as text exactly as scraped —
skip links, donation banners, "Related Program" promos, author boxes, markdown link
syntax, hard-wrapped Markdown. Later stages (segmenting, figure and date extraction)
must see only the publisher's prose, or they would "find" statements in a
navigation menu. But provenance must still point into the untouched raw file, so
every cleaned character carries the raw index it came from (``Cleaned.offsets``).

How: the text and its offsets travel together in a ``_Doc`` and are only ever
changed through ``_rewrite`` (sorted, non-overlapping span edits). Each step is one
linear pass, so a 50 MB page or a million small ones stay cheap. Offsets are never
recovered afterwards by searching.

Order of the passes (each one is a small function below):

1. characters: CRLF -> LF, NBSP and other odd spaces -> " ", zero-width chars dropped;
2. YAML front matter parsed and removed;
3. hard-wrapped paragraphs joined (only when the document is wrapped at all);
4. bare autolinks ``(<https://...>)`` removed, even when split over a blank line;
5. site chrome removed, line by line, using the tables just below;
6. inline markdown unwrapped (links, emphasis, escapes, heading markers, ...);
7. whitespace normalised: one space inside lines, paragraphs separated by "\\n\\n".

Chrome rules are written for the *kind* of page, not for the five corpus files:
a line matching ``CHROME_LINES`` is dropped; a ``TRAILING_HEADINGS`` heading followed
only by links / short lines / teasers up to the end drops all of that; "Also available
in" and "About the author(s)" drop the language links / author names and bios after
them; runs of 3+ short link-only lines are menus. A "Contents" heading drops the
contents entries under it, a "References"/"Notes" heading its numbered citations, and a
"Related releases" heading the titles listed under it even when a footer follows; a list
item that is a title ("1. Saudi Exports Rise 4.2% in October", "* ... 1445/5/20") is a
teaser of a trailing block even when longer than a short line. Lines over 400 characters are prose
and never chrome.

Decisions:

* the closing author bio at the end of an article ("Matthew Levitt is The Washington
  Institute's ... ❖") is kept as prose, without its end-mark glyph; only an explicit
  "ABOUT THE AUTHOR(S)" box is chrome. Labels such as "Brief Analysis" are kept;
* images (``![alt](src)``) are dropped with their alt text; captions are prose;
* front matter that is not valid YAML (or not a mapping) is left in the text and
  ``front_matter`` is {};
* hard wraps are only joined when the document looks wrapped (most lines that
  continue end just short of one width); a line ending in "letter-" is joined to a
  next line starting with a letter/digit without a space ("counter-terrorism");
  "—", "―" and "--" start an attribution line only before a capital, digit, "@" or
  quote, so a wrapped "-- the group" still joins; a contents entry ending in its page
  number, or a line ending in a date set apart in a column, is never joined to the next.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

import yaml

from app.ingest.types import Cleaned

# --------------------------------------------------------------------------------------
# Pattern tables. Every pattern is matched case-insensitively against the whole "plain"
# text of one line (markdown removed, whitespace collapsed, stripped).
# --------------------------------------------------------------------------------------

#: A line matching one of these is dropped wherever it occurs.
CHROME_LINES: tuple[tuple[str, str], ...] = (
    (
        "skip link",
        r"skip (?:to|over) (?:the )?(?:main )?(?:content|navigation|search)"
        r"|skip navigation|jump to (?:the )?(?:main )?content",
    ),
    (
        "donation banner",
        r"united24\b.*|.{0,60}\bmake an? charitable donation\b[^.]{0,80}|donate(?: now| today)?!?",
    ),
    (
        "read time",
        r"\d+\s*(?:min(?:ute)?s?)\.?\s*read(?:ing)?(?: time)?"
        r"|(?:estimated )?reading time:?\s*\d+\s*min(?:ute)?s?\.?",
    ),
    (
        "mailing list",
        r"(?:join|sign up (?:for|to)|subscribe to|get)\b.{0,80}?"
        r"\b(?:mailing list|newsletters?|e-?mail (?:list|alerts|updates))\b[^.]{0,40}\.?"
        r"|subscribe(?: now)?!?",
    ),
    ("also available in", r"also available in\b.{0,200}"),
    ("bare web address", r"(?:https?://|www\.)\S{3,200}"),  # a PDF's cover: "www.crs.gov"
    ("editor's note", r"editor['’]s note\b.*"),
    ("more information", r"for more information\b.{0,200}"),
    (
        "share / print buttons",
        r"(?:[\[\s]*(?:share(?: this)?(?: page| article| story)?(?: on \w+)?|print(?: this)?"
        r"(?: page| article)?|tweet(?: this)?|e-?mail(?: this)?|facebook|twitter|linkedin"
        r"|whatsapp|reddit|telegram|copy link|download pdf|pdf)[\s|·•,/\[\]:]*)+",
    ),
    ("read more", r"(?:read|learn) more\W*|continue reading\W*|(?:read|see) (?:also|more|next)\s*:.{1,200}"),
    # "▶ Listen  9 min", "Listen to this article": an audio or video player's button
    (
        "media player",
        r"[▶►⏵]\s*(?:listen|play|watch)\b.{0,30}"
        r"|(?:listen|play|watch)(?: to this (?:article|story))?\s+\d{1,3}\s*min(?:ute)?s?"
        r"|listen to this (?:article|story)",
    ),
    # "♡ 42   💬 7   ↗ Share": a post's likes, comments and share buttons
    ("engagement counters", r"(?:[♡♥❤💬🗨↗⤴🔁🔗]\s*(?:\d[\d,.]*\s*[km]?|share|comments?|likes?|restack)?\s*){2,}"),
    (
        "navigation",
        r"(?:main )?(?:menu|navigation)|toggle navigation|open menu|close menu|search"
        r"|back to top|home(?:\s*[>/»›|]\s*[^>/»›|]+)+",
    ),
    ("copyright", r"(?:©|copyright\s*(?:©\s*)?\d{4}|\(c\)\s*\d{4}).{0,200}|all rights reserved\.?"),
    ("market data notice", r"all quotes (?:are )?delayed\b.{0,200}"),
    # "Tel: +90 (312) 292 10 00 | Call Center: …", "P.O. Box 24063 Safat, 13101 Kuwait | Tel: …"
    (
        "contact details",
        r".{0,200}\b(?:tel|fax|phone|telephone|switchboard|call cent(?:er|re)|p\.?\s?o\.?\s?box)\b\.?\s*:?\s*"
        r"\+?[\d(].{0,200}"
        # a footer's address, its parts set apart by dots or bars, ending with the phone number:
        # "… · Washington, DC 20004-3027 · (202) 691-4000"
        r"|.{10,200}[·|•]\s*\+?\(?\d{2,4}\)?[\s.-]?\d{3}[\s.-]\d{4}",
    ),
    # a table of contents: "Hearing Notice ............................ 58"
    ("contents line", r".{1,200}?(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})"),
    ("advertising", r"advertisement|sponsored(?: content)?|ad|paid (?:content|post)"),
    (
        "account and cookies",
        r"(?:subscribe|sign in|log ?in|sign up|register|my account)(?:\s*[|/]?\s*(?:subscribe|sign in|log ?in"
        r"|sign up|register|my account))*"
        r"|cookies on .{1,40}|(?:accept|reject) (?:additional |all |analytics )?cookies|view cookies|cookie settings"
        r"|is this page useful\??.{0,60}|report a problem with this page|print this page",
    ),
    # "Home > International > Syria", "Opinion > Comment": a breadcrumb trail
    ("breadcrumbs", r"[^>»›\n]{1,40}(?:\s[>»›]\s[^>»›\n]{1,40})+"),
    # "News | Opinion | Business | World": a menu of a few short words, no digits
    ("menu bar", r"[A-Za-z&' ]{2,20}(?:\s\|\s[A-Za-z&' ]{2,20}){2,}"),
    ("lone glyph", r"[◆❖◇♦•·■□▪▫●○★☆✦✧⁂※—―*_=~|\s-]+"),
)

#: "Related releases": a list of other items' titles, wherever it stands (see ``_drop_related``).
RELATED_HEADING = (
    r"related(?: programs?| content| articles?| posts| stories| reading| links"
    r"| publications| resources| experts| news| coverage| documents| topics| (?:media |press |news )?releases)?"
    r"|explore more|more to explore"
)

#: A heading that starts a trailing block of links/short lines running to the end
#: of the page; the heading and everything after it is dropped.
TRAILING_HEADINGS: tuple[str, ...] = (
    RELATED_HEADING,
    r"recommended(?: reading| for you| articles)?",
    r"(?:topics|tags|keywords)(?::.{0,200})?|regions?(?: (?:&|and) countries)?|countries",
    r"more on this topic|more from\b.{1,40}|you (?:may|might) also like|read (?:next|more|also)|also read",
    r"see also|further reading|most (?:read|popular|viewed|shared|commented)|popular(?: posts| articles| now)?",
    r"more like this|trending(?: now| stories)?",
    r"latest(?: news| articles| posts)?|share this(?: page| article)?",
    r"(?:author )?contact information|media contacts?",
    r"(?:next|previous) (?:post|article|story)|stay connected",
)

#: Headings whose following lines (language links) are dropped with them.
ALSO_AVAILABLE_HEADING = r"also available in:?"
#: Headings of an author box: author link/name lines and their bios follow.
AUTHOR_BOX_HEADING = r"about the authors?:?"
#: Headings followed by link-only lines that belong to them.
LINK_LIST_HEADINGS = r"for more information:?"

#: A table of contents heading, and the entries under it ("- 1.1 Formation", "II. The
#: Military Campaign ........ 2"): the entries are dropped with it.
CONTENTS_HEADING = r"(?:table of )?contents(?:\s*\[(?:hide|show)\])?:?"
CONTENTS_ENTRY = (
    r"(?:[-*+•]\s+)?(?:\(top\)|(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivxlc]{1,6}\.)\s+[^\d\s].{0,80}"
    r"|.{1,160}?(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6}))"
)
#: The heading of a list of references ("References [edit]", "Notes"), and its numbered or
#: bulleted citations: titles, authors and dates of other documents, dropped with it.
REFERENCES_HEADING = (
    r"(?:references|footnotes|citations|bibliography|works cited|notes(?: and references)?)(?:\s*\[edit\])?:?"
)
CITATION_ENTRY = r"(?:\d{1,3}[.)]|\[\d{1,3}\]|[-*•^↑])\s+.{1,600}|\d{1,3}\s+[A-Z\"“«].{1,600}"

#: Language names that may follow "Also available in" when links were stripped.
_LANGUAGES = """
    english arabic العربية عربي farsi persian فارسی french français spanish español
    german deutsch russian русский turkish türkçe chinese 中文 kurdish kurdî کوردی
    hebrew עברית portuguese português italian italiano urdu اردو pashto پښتو dari
    japanese 日本語 korean 한국어
"""
LANGUAGE_NAMES: frozenset[str] = frozenset(_LANGUAGES.split())

# --------------------------------------------------------------------------------------
# Markdown and structure patterns.
# --------------------------------------------------------------------------------------

_URL_IN_PARENS = r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*"
_LINK_TEXT = r"(?:\\.|[^\[\]\n\\]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*"
#: ``[text \(url\)]`` — the URL a scraper appended to the link text.
_ESCAPED_PAREN_URL = re.compile(r"\\\((?:https?://|www\.|mailto:|/|#)[^\s]*?\\\)")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(" + _URL_IN_PARENS + r"(?:[ \t]+\"[^\"\n]*\")?\)")
_LINK = re.compile(
    r"\[(?P<text>" + _LINK_TEXT + r")\]"
    r"(?:\(" + _URL_IN_PARENS + r"(?:[ \t]+\"[^\"\n]*\")?\)|\[[^\[\]\n]*\])"
)
#: URLs that are not link text: ``\(url\)`` inside link text, ``(<https://...>)`` or
#: ``(https://...)`` after a link (also when split over a blank line), bare ``<url>``.
_STRAY_URL = re.compile(
    _ESCAPED_PAREN_URL.pattern + r"|\(<?(?:https?://|www\.)[^\s<>()\\]*(?:>?\)|>?\n[ \t]*\n?[ \t]*[^\s<>()\\]+>?\))"
    r"|<(?:https?://|mailto:|www\.)[^\s<>]*>"
)
_STRONG_STAR = re.compile(r"\*\*(?=\S)(?P<inner>[^\n]+?)(?<=\S)\*\*")
_STRONG_UNDERSCORE = re.compile(r"__(?=\S)(?P<inner>[^\n]+?)(?<=\S)__")
_EM_STAR = re.compile(r"\*(?<![\w*\\]\*)(?=[^\s*])(?P<inner>[^\n*]+?)(?<=[^\s*\\])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"_(?<![\w\\]_)(?=[^\s_])(?P<inner>[^\n_]+?)(?<=[^\s_\\])_(?!\w)")
_CODE = re.compile(r"`(?P<inner>[^`\n]+)`")


@dataclass(frozen=True)
class _LinePattern:
    """A pattern for whole lines; ``group("line")`` is the line without its "\\n".

    It is scanned through the "\\n" before each line, a literal prefix the regex
    engine finds quickly, instead of testing ``^`` at every character.
    """

    first: re.Pattern[str]
    rest: re.Pattern[str]

    @classmethod
    def compile(cls, body: str) -> _LinePattern:
        line = rf"(?P<line>{body})$"
        return cls(re.compile(r"\A" + line, re.M), re.compile("\n" + line, re.M))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        first = self.first.match(text)
        if first is not None:
            yield first
        yield from self.rest.finditer(text)

    def sub(self, repl: str, line: str) -> str:
        """Substitute in a single line (classification only)."""
        return self.first.sub(repl, line, count=1)


_HEADING = _LinePattern.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?P<inner>.*?)(?:[ \t]+#+)?[ \t]*")
_BLOCKQUOTE = _LinePattern.compile(r"[ \t]{0,3}(?:>[ \t]?)+(?P<inner>.*)")
#: Rules, setext underlines, table separators, link definitions, empty headings.
_MARKUP_ONLY_LINE = _LinePattern.compile(
    r"[ \t]*(?:(?:[-*_][ \t]*){3,}|=+|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?"
    r"|\[[^\]\n]+\]:[ \t]*\S+.*|#{1,6})[ \t]*"
)
_ESCAPE = re.compile(r"\\(?P<inner>[!-/:-@\[-`{-~])")
#: "Read more" after a teaser's last sentence, and an end-of-article mark after the
#: last sentence ("... Intelligence. ❖"); each checked by ``_delete_tail``.
_TAILS: tuple[str, ...] = ("Read more", "Continue reading", "◆", "❖", "■", "□", "▪")
_TAIL_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    # The literal comes first so that the regex engine can scan for it quickly.
    re.compile(f"{re.escape(tail)}(?:{re.escape(tail)})*" + r"[ \t]*(?:[»›→…]|\.\.\.)?[ \t]*$", re.M)
    for tail in _TAILS
)
_SENTENCE_END = '.!?"”’)]:'

_MARKUP_CHARS = re.compile(r"[\[\]*_\\`<>#]")
_LINK_ONLY = re.compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?:(?:!?\["
    + _LINK_TEXT
    + r"\]\("
    + _URL_IN_PARENS
    + r"\)|<https?://[^>\s]*>)[ \t/|·•,–-]*)+"
)
_LINK_COUNT = re.compile(r"\]\(")

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    r"[ \t]*(?:[A-Za-z]+day,?[ \t]+)?(?:" + _MONTH + r"[ \t]+\d{1,2},?[ \t]+\d{4}"
    r"|\d{1,2}[ \t]+" + _MONTH + r",?[ \t]+\d{4}|\d{4}-\d{2}-\d{2})[ \t]*",
    re.I,
)
#: A date set apart at the end of a line by a run of spaces, as in a list of related items.
_DATE_COLUMN = re.compile(
    r"\S[ \t]{3,}(?:" + _MONTH + r"[ \t]+\d{1,2},?[ \t]+\d{4}|\d{1,2}[ \t]+" + _MONTH + r",?[ \t]+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,4}/\d{1,2}/\d{1,4})$",
    re.I,
)
#: Lines that start a new structural unit and are never joined onto the line above.
_STRUCTURAL_START = re.compile(
    r"[ \t]*(?:[-*+•][ \t]|\d{1,3}[.)][ \t]|\||#{1,6}(?:[ \t]|$)|```|~~~|<"
    r"|(?:—|―|--)[ \t]*[A-Z0-9@\"“‘'(]"
    r"|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|\[[^\]\n]+\]:"
    r"|[A-Z][A-Z.'’\- ]{0,40}[A-Z.]:(?:[ \t]|$)|[QA]:[ \t])"
)
#: Lines that end their unit: headings, table rows, fences, rules, markdown hard breaks.
_UNIT_END_START = re.compile(r"[ \t]*(?:#{1,6}[ \t]|\||```|~~~|(?:[-*_=][ \t]*){3,}$)")
#: The end of a table-of-contents line: a dotted leader and a page number.
_LEADER_END = re.compile(r"(?:\.[ \t]?){4,}[ \t]*(?:\d{1,4}|[ivxlcIVXLC]{1,6})$")
#: Columns set apart by a run of spaces inside a line: a plain-text table's row.
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_STAGE_NOTE = re.compile(r"[ \t]*(?:\[[^\[\]\n]*\]|\([^()\n]*\))")
_HARD_BREAK_ENDS = ("  ", "\\", "<br>", "<br/>", "<br />")
_QUOTE_MARKER = re.compile(r"[ \t]*(?:>[ \t]?)+")

_CHROME_LINE = re.compile("|".join(f"(?:{p})" for _, p in CHROME_LINES), re.I)
#: What each of the costliest chrome patterns cannot match without (a digit or "(" after
#: the "Tel:", four dots, a ">", a "|"): each is tried only on the lines holding it, so a
#: line of prose is not scanned back and forth by every one of them. With the others in
#: one pattern, they match exactly the lines ``_CHROME_LINE`` matches.
_CHROME_GATES: dict[str, str] = {
    "contact details": r"[\d(]",
    "contents line": r"\.\s?\.\s?\.\s?\.",
    "breadcrumbs": r"[>»›]",
    "menu bar": r"\|",
}
_CHROME_UNGATED = re.compile("|".join(f"(?:{p})" for name, p in CHROME_LINES if name not in _CHROME_GATES), re.I)
_CHROME_GATED: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(_CHROME_GATES[name], re.I), re.compile(p, re.I)) for name, p in CHROME_LINES if name in _CHROME_GATES
)
_TRAILING_HEADING = re.compile("|".join(f"(?:{p})" for p in TRAILING_HEADINGS), re.I)
_ALSO_AVAILABLE = re.compile(ALSO_AVAILABLE_HEADING, re.I)
_AUTHOR_BOX = re.compile(AUTHOR_BOX_HEADING, re.I)
_LINK_LIST = re.compile(LINK_LIST_HEADINGS, re.I)
_CONTENTS = re.compile(CONTENTS_HEADING, re.I)
_RELATED = re.compile(RELATED_HEADING, re.I)
_TAGS = re.compile(r"(?:tags|topics|keywords):?", re.I)
_SENTENCE = re.compile(r"[.!?][\"”’)]*(?:\s|$)")
_CONTENTS_ENTRY = re.compile(CONTENTS_ENTRY, re.I)
_REFERENCES = re.compile(REFERENCES_HEADING, re.I)
_CITATION = re.compile(CITATION_ENTRY)
_READ_MORE_END = re.compile(r"(?:read more|continue reading)\W*$", re.I)
_NAME_LINE = re.compile(r"(?:[A-Z][\w.'’-]*\s){0,4}[A-Z][\w'’-]+")

#: Character -> replacement of the same length (so offsets are unaffected).
_ODD_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SAME_LENGTH = {c: " " for c in _ODD_SPACES + "\u202f\u205f\u3000"} | {c: "\n" for c in "\r\x0b\x0c\x85\u2028\u2029"}
_CRLF = re.compile("\r(?=\n)")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Front matter is short metadata; a longer "---" block is a rule around prose.
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?P<body>.{0,20000}?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

_PROMO_MAX_CHARS = 80
#: A list's heading ("Related", "READ MORE:") is short; longer lines are not even matched.
_HEADING_MAX_CHARS = 40
#: Chrome lines are short; longer lines are prose and are not even classified.
_CHROME_MAX_CHARS = 400
_JOIN_FULLNESS = 0.7

# --------------------------------------------------------------------------------------
# Text + offsets, edited together.
# --------------------------------------------------------------------------------------

#: (start, end, replacement, anchor): replace text[start:end]; the replacement's
#: characters take the raw offset of the current character at ``anchor``.
_Edit = tuple[int, int, str, int]


@dataclass(frozen=True)
class _Doc:
    text: str
    offs: array[int]


def _rewrite(doc: _Doc, edits: Iterable[_Edit]) -> _Doc:
    """Apply sorted, non-overlapping edits to text and offsets in one linear pass."""
    text, offs = doc.text, doc.offs
    parts: list[str] = []
    new = array("q")
    pos = 0
    changed = False
    for start, end, repl, anchor in edits:
        if start < pos or (start == end and not repl):
            continue
        changed = True
        if start > pos:
            parts.append(text[pos:start])
            new.extend(offs[pos:start])
        if len(repl) == 1:
            parts.append(repl)
            new.append(offs[anchor])
        elif repl:
            parts.append(repl)
            new.extend(array("q", [offs[anchor]]) * len(repl))
        pos = end
    if not changed:
        return doc
    parts.append(text[pos:])
    new.extend(offs[pos:])
    return _Doc("".join(parts), new)


_EditMaker = Callable[[re.Match[str]], list[_Edit]]


def _sub(doc: _Doc, pattern: re.Pattern[str], edits: _EditMaker, gate: str = "") -> _Doc:
    """Rewrite every match of ``pattern`` with the edits ``edits`` makes for it.

    ``gate`` is a substring every match contains; without it the scan is skipped.
    """
    if gate not in doc.text:
        return doc
    return _rewrite(doc, (e for m in pattern.finditer(doc.text) for e in edits(m)))


class _Finder(Protocol):
    def finditer(self, string: str, /) -> Iterator[re.Match[str]]: ...


#: One deletion pass: the pattern, what it deletes of each match, and its gate.
_Pass = tuple[_Finder, _EditMaker, str]


def _delete_all(doc: _Doc, passes: Sequence[_Pass], extra: Iterable[_Edit] = ()) -> _Doc:
    """Run deletion passes on the same text and apply the union of their deletions.

    Equivalent to running them one after another as long as no pattern needs an
    earlier one's deletions to match; it saves a full copy of the text per pass.
    ``extra`` are more deletions, in the same coordinates.
    """
    found = list(extra)
    found += [
        edit
        for pattern, edits, gate in passes
        if gate in doc.text
        for m in pattern.finditer(doc.text)
        for edit in edits(m)
    ]
    found.sort()
    merged: list[_Edit] = []
    for start, end, _, _ in found:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end, "", 0)
        else:
            merged.append((start, end, "", 0))
    return _rewrite(doc, merged)


def _outer(m: re.Match[str]) -> tuple[int, int]:
    """The span to edit: the ``line`` group of a line pattern, else the match."""
    return m.span("line") if "line" in m.re.groupindex else m.span()


def _keep_inner(m: re.Match[str]) -> list[_Edit]:
    """Delete a match except its ``inner`` (or ``text``) group."""
    outer_start, outer_end = _outer(m)
    start, end = m.span("inner" if "inner" in m.re.groupindex else "text")
    if start < 0:
        return [(outer_start, outer_end, "", 0)]
    return [(outer_start, start, "", 0), (end, outer_end, "", 0)]


def _delete(m: re.Match[str]) -> list[_Edit]:
    start, end = _outer(m)
    return [(start, end, "", 0)]


def _blank_start(m: re.Match[str]) -> int:
    """Where the match starts if the spaces/tabs just before it are included."""
    text, start = m.string, m.start()
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


def _delete_stray_url(m: re.Match[str]) -> list[_Edit]:
    """Delete a stray URL and the blanks before it, but not a ``[text](url)`` target."""
    if m.group().startswith("(") and m.start() > 0 and m.string[m.start() - 1] in "]\\":
        return []
    return [(_blank_start(m), m.end(), "", 0)]


def _delete_tail(m: re.Match[str]) -> list[_Edit]:
    """Delete a line's tail and the blanks before it, if it follows a sentence end."""
    start = _blank_start(m)
    if start == m.start() or m.string[start - 1] not in _SENTENCE_END:
        return []
    return [(start, m.end(), "", 0)]


def _lines(text: str) -> tuple[list[str], list[int]]:
    """Split into lines (without "\\n") and the index where each one starts."""
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return lines, starts


# --------------------------------------------------------------------------------------
# Passes.
# --------------------------------------------------------------------------------------


_INVISIBLE_PASSES: list[_Pass] = [(_CRLF, _delete, "\r")] + [(re.compile(c), _delete, c) for c in _INVISIBLE]


_ODD_CHARS = re.compile("[" + "".join(_SAME_LENGTH) + _INVISIBLE + "]")


# Typographic ligatures a PDF-to-text conversion leaves ("ﬁghters"): spelt out.
_LIGATURES = dict(
    zip("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06", ("ff", "fi", "fl", "ffi", "ffl", "st", "st"), strict=True)
)
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")


# The Government Publishing Office's quotation marks, two backticks and two apostrophes:
# "As Secretary Tillerson told the ministers yesterday, ``ISIS has lost …''".
_GPO_QUOTE = re.compile(r"``(?=\S)([^`'\n]|'(?!')|\n(?![ \t]*\n)){1,3000}?(?<=\S)''")


def _normalise_chars(doc: _Doc) -> _Doc:
    """CRLF -> LF, odd spaces -> " ", zero-width characters dropped, ligatures spelt out,
    GPO quotation marks as curly ones (offsets kept)."""
    if _LIGATURE.search(doc.text):
        spelt = ((m.start(), m.end(), _LIGATURES[m.group()], m.start()) for m in _LIGATURE.finditer(doc.text))
        doc = _rewrite(doc, spelt)
    if "``" in doc.text:
        marks = [
            edit
            for m in _GPO_QUOTE.finditer(doc.text)
            for edit in ((m.start(), m.start() + 2, "“", m.start()), (m.end() - 2, m.end(), "”", m.end() - 2))
        ]
        doc = _rewrite(doc, marks)
    if _ODD_CHARS.search(doc.text) is None:
        return doc
    doc = _delete_all(doc, _INVISIBLE_PASSES)
    # One character for one character: the offsets stay valid as they are.
    text = doc.text
    for char, replacement in _SAME_LENGTH.items():
        if char in text:
            text = text.replace(char, replacement)
    return _Doc(text, doc.offs)


def _split_front_matter(doc: _Doc) -> tuple[_Doc, dict[str, object]]:
    """Parse and remove a leading YAML block; on bad YAML keep the text, return {}."""
    m = _FRONT_MATTER.match(doc.text)
    if m is None:
        return doc, {}
    try:
        data = yaml.safe_load(m.group("body") or "")
    except (yaml.YAMLError, RecursionError):
        return doc, {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return doc, {}
    front = {str(k): v for k, v in data.items()}
    return _rewrite(doc, [(0, m.end(), "", 0)]), front


# A text browser's dump (lynx, w3m): each link's number before its text ("[11]Press
# Statement", "[12]share"), and the numbered list of their URLs under "References" at the end.
_LINK_NUMBER = re.compile(r"\[\d{1,4}\](?=[^\s\d\[\]])")
_LINK_NUMBERS_MIN = 3  # fewer are footnote marks or a citation, not a dump's links
_REFERENCE_LIST = re.compile(r"\n[ \t]*References[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*\d{1,4}\.[ \t]+\S+[ \t]*(?:\n|$))+\s*$")


def _drop_link_numbers(doc: _Doc) -> _Doc:
    """A text browser's link numbers and its list of their URLs go: they are not the page's text."""
    if "[" not in doc.text or len(_LINK_NUMBER.findall(doc.text, 0, 20_000)) < _LINK_NUMBERS_MIN:
        return doc
    return _delete_all(doc, [(_LINK_NUMBER, _delete, "["), (_REFERENCE_LIST, _delete, "References")])


def _strip_autolinks(doc: _Doc) -> _Doc:
    """Drop URLs that are not link text; they may span lines, so go before chrome."""
    return _sub(doc, _STRAY_URL, _delete_stray_url)


# ---- hard wrap -----------------------------------------------------------------------


def _wrap_width(lines: Sequence[str]) -> int | None:
    """Estimate the column a hard-wrapped document was wrapped at, or None.

    In a wrapped document nearly every line that continues onto the next one ends
    just short of the wrap column, and almost no line is longer than it.
    """
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    continued = sorted(len(line.rstrip()) for line, nxt in pairwise(lines) if line.strip() and nxt.strip())
    if len(continued) < 3:
        return None
    width = continued[int(0.9 * (len(continued) - 1))]
    if not 30 <= width <= 150:
        return None
    near = sum(1 for n in continued if _JOIN_FULLNESS * width <= n <= width)
    too_long = sum(1 for n in lengths if n > width * 1.15 + 5)
    if too_long > 0.2 * len(lengths):
        return None
    if near < 0.6 * len(continued):
        # A page wrapped everywhere also has many short lines followed by another line
        # (menus, labels such as "Sarah  00:00:04", sign-offs): judged only by the lines
        # of some length, as long as no line runs on far past the width (a page whose
        # paragraphs are single long lines is not wrapped, whatever its short lines are).
        longish = sum(1 for n in continued if n >= 0.4 * width)
        if near < 0.6 * longish or longish == 0 or any(n > 2 * width for n in lengths):
            return None
    return width


def _join_edit(line: str, start: int, nxt: str, nxt_start: int, width: int) -> _Edit | None:
    """The edit joining ``line`` with the next line, or None if they stay apart."""
    if not nxt or nxt.isspace():
        return None
    body = line.rstrip()
    if len(body) < _JOIN_FULLNESS * width:
        # Not "full", unless the next line's first word could not have fitted here.
        words = nxt.split(maxsplit=1)
        if not words or len(body) + 1 + len(words[0]) <= width:
            return None
    if line.endswith(_HARD_BREAK_ENDS) or _UNIT_END_START.match(line):
        return None
    if body[-1] in "])" and _STAGE_NOTE.fullmatch(body):
        return None  # a stage note on its own line: "[CLIP - Brett McGurk, briefing, 21 December 2017]"
    lead = len(nxt) - len(nxt.lstrip())
    if nxt[lead] == ">":
        if line.lstrip()[:1] != ">":
            return None
        lead = _QUOTE_MARKER.match(nxt, lead).end()
    rest = nxt[lead:]
    if not rest or rest.isspace() or _STRUCTURAL_START.match(rest):
        return None
    if len(rest) < 40 and _DATE_LINE.fullmatch(rest):
        return None
    if rest[0] in "[(" and _STAGE_NOTE.fullmatch(rest.rstrip()):
        return None  # nor onto one
    if _LEADER_END.search(body):
        return None  # a contents entry ends with its page number: "II. The Campaign ........ 2"
    if _DATE_COLUMN.search(body):
        return None  # a teaser with its date in a column: "> Task Group Taji 5 returns     4 December 2017"
    if _COLUMN_GAP.search(body.lstrip()) and _COLUMN_GAP.search(rest.rstrip()):
        return None  # two rows of a plain-text table: "Demining (Iraq and Syria)     380     300"
    hyphenated = body.endswith("-") and body[-2:-1].isalnum() and rest[0].isalnum()
    glue = "" if hyphenated else " "
    newline = start + len(line)
    return (start + len(body), nxt_start + lead, glue, newline)


def _unwrap_hard_wraps(doc: _Doc) -> _Doc:
    """Join the lines of hard-wrapped paragraphs; leave structural lines alone."""
    lines, starts = _lines(doc.text)
    width = _wrap_width(lines)
    if width is None:
        return doc
    edits: list[_Edit] = []
    in_fence = False
    # Under a "Related" / "READ MORE:" heading, a title a line: from the heading (and the blank
    # lines right under it) to the blank line after its titles.
    listing, titles = False, False
    for i in range(len(lines) - 1):
        if "```" in lines[i] or "~~~" in lines[i]:
            in_fence ^= lines[i].lstrip().startswith(("```", "~~~"))
        if not lines[i].strip():
            listing = listing and not titles
        elif len(lines[i]) <= _HEADING_MAX_CHARS and _TRAILING_HEADING.fullmatch(_plain(lines[i]).rstrip(":")):
            listing, titles = True, False
        else:
            titles = listing
        if in_fence or listing or not lines[i]:
            continue
        edit = _join_edit(lines[i], starts[i], lines[i + 1], starts[i + 1], width)
        if edit is not None:
            edits.append(edit)
    return _rewrite(doc, edits)


# ---- chrome --------------------------------------------------------------------------


def _plain(line: str) -> str:
    """The visible text of one line, for classification only (no offsets)."""
    if _MARKUP_CHARS.search(line):
        line = _ESCAPED_PAREN_URL.sub("", line)
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\g<text>", line)
        line = _STRONG_STAR.sub(r"\g<inner>", line)
        line = _STRONG_UNDERSCORE.sub(r"\g<inner>", line)
        line = _EM_STAR.sub(r"\g<inner>", line)
        line = _EM_UNDERSCORE.sub(r"\g<inner>", line)
        line = _HEADING.sub(r"\g<inner>", line)
        line = _BLOCKQUOTE.sub(r"\g<inner>", line)
        line = _ESCAPE.sub(r"\g<inner>", line)
    return " ".join(line.split())


class _Lines:
    """Lines of a document with lazily computed plain text and a drop mask."""

    def __init__(self, text: str) -> None:
        self.raw, self.starts = _lines(text)
        self._plain: list[str | None] = [None] * len(self.raw)
        self.drop = [False] * len(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def plain(self, i: int) -> str:
        cached = self._plain[i]
        if cached is None:
            cached = self._plain[i] = _plain(self.raw[i])
        return cached

    def blank(self, i: int) -> bool:
        line = self.raw[i]
        return not line or line.isspace()

    def link_only(self, i: int) -> bool:
        return "](" in self.raw[i] and _LINK_ONLY.fullmatch(self.raw[i]) is not None

    def next_nonblank(self, i: int) -> int | None:
        for j in range(i, len(self.raw)):
            if not self.blank(j):
                return j
        return None


def _is_chrome_line(lines: _Lines, i: int) -> bool:
    if len(lines.raw[i]) > _CHROME_MAX_CHARS:
        return False
    plain = lines.plain(i)
    return not plain or _matches_chrome(plain)


def _matches_chrome(plain: str) -> bool:
    """``_CHROME_LINE.fullmatch(plain)``, the costly patterns gated (``_CHROME_GATES``)."""
    if _CHROME_UNGATED.fullmatch(plain) is not None:
        return True
    return any(gate.search(plain) is not None and rule.fullmatch(plain) is not None for gate, rule in _CHROME_GATED)


_FOOTER_MENU = re.compile(r"[^|]{1,40}(?:\|[^|]{1,40}){3,}")


#: A teaser in a list: a list marker, a title with no full stop, maybe its date at the end
#: ("* KSrelief Distributes 1,500 Food Baskets in Syria's Idlib 1445/5/20", "» Title",
#: ">> KICRI: Over 2,000 companies register 11/02/2018").
_TEASER = re.compile(
    r"(?:[-*+•>›»]{1,2}|\d{1,2}[.)])\s+(?P<title>.{1,120}?[^.!?:;,\s])"
    r"(?:\s+(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}\s+"
    + _MONTH
    + r",?\s+\d{4}|"
    + _MONTH
    + r"\s+\d{1,2},?\s+\d{4}))?",
    re.I,
)


def _is_teaser(plain: str) -> bool:
    """A list item that is a title (see ``_TEASER``): longer than a promo line may be."""
    return len(plain) <= 2 * _PROMO_MAX_CHARS and _TEASER.fullmatch(plain) is not None


def _is_quoted_teaser(raw: str) -> bool:
    """A teaser whose marker reads as Markdown quotation marks (">> Title   11/02/2018"),
    which the plain text of the line no longer shows."""
    return raw.lstrip().startswith(">") and _is_teaser(" ".join(raw.split()))


def _is_promo_line(lines: _Lines, i: int) -> bool:
    """A line that can belong to a trailing list of links / teasers (or a footer's menu:
    "Contact | Site map | Legal notice | Accessibility: partially compliant | …")."""
    plain = lines.plain(i)
    return (
        len(plain) <= _PROMO_MAX_CHARS
        or _is_teaser(plain)
        or _is_quoted_teaser(lines.raw[i])
        or _FOOTER_MENU.fullmatch(plain) is not None
        or lines.link_only(i)
        or _READ_MORE_END.search(plain) is not None
        or _is_chrome_line(lines, i)
    )


def _drop_trailing_block(lines: _Lines) -> None:
    """Drop from the first trailing chrome heading to the end, if only promos follow."""
    start: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        if lines.blank(i):
            continue
        if _TRAILING_HEADING.fullmatch(lines.plain(i)):
            start = i
        elif not _is_promo_line(lines, i):
            break
    if start is not None:
        for i in range(start, len(lines)):
            lines.drop[i] = True


def _drop_followers(lines: _Lines, i: int, keep_going: Callable[[int], bool]) -> None:
    """Drop non-blank lines after heading ``i`` while ``keep_going`` says so."""
    j = lines.next_nonblank(i + 1)
    while j is not None and keep_going(j):
        lines.drop[j] = True
        j = lines.next_nonblank(j + 1)


def _is_language_line(lines: _Lines, i: int) -> bool:
    if lines.link_only(i):
        return True
    words = re.split(r"[\s/|·•,]+", lines.plain(i).lower())
    return all(w in LANGUAGE_NAMES for w in words if w)


def _drop_author_box(lines: _Lines, i: int) -> None:
    """Drop author name (link) lines and the bio paragraph right after each name."""
    j = lines.next_nonblank(i + 1)
    while j is not None:
        nxt = lines.next_nonblank(j + 1)
        name = lines.plain(j)
        surname = name.split()[-1] if name.split() else ""
        has_bio = bool(nxt is not None and surname and surname in lines.plain(nxt)[:150])
        if lines.link_only(j) or (has_bio and _NAME_LINE.fullmatch(name)):
            lines.drop[j] = True
            if has_bio and nxt is not None and not lines.link_only(nxt):
                lines.drop[nxt] = True
                nxt = lines.next_nonblank(nxt + 1)
            j = nxt
            continue
        break


def _drop_list(lines: _Lines, i: int, entry: re.Pattern[str]) -> None:
    """Drop heading ``i`` and the lines after it that are ``entry`` lines (a contents list, a
    list of references), when there is at least one: a heading alone is kept."""
    j = lines.next_nonblank(i + 1)
    if j is None or entry.fullmatch(lines.plain(j)) is None:
        return
    lines.drop[i] = True
    _drop_followers(lines, i, lambda k: entry.fullmatch(lines.plain(k)) is not None)


def _drop_related(lines: _Lines, i: int) -> None:
    """Drop a "Related releases" heading and the promo lines (titles, teasers with dates)
    right under it, up to a blank line, even when more of the page follows (a footer), and the
    paragraphs after them that are promos too (a program's blurb ending "Read more")."""
    end = _promo_paragraph(lines, i + 1)
    if end is None:
        return  # nothing listed, or the list runs into prose
    while (more := _promo_paragraph(lines, end)) is not None:
        end = more
    for k in range(i, end):
        lines.drop[k] = True


def _promo_paragraph(lines: _Lines, start: int) -> int | None:
    """Where the paragraph from the first line at or after ``start`` ends, if each of its lines is
    a promo line (``_is_promo_line``); None if there is none, or it runs into prose."""
    j = start
    while j < len(lines) and lines.blank(j):
        j += 1
    end = j
    while end < len(lines) and not lines.blank(end) and _is_promo_line(lines, end):
        end += 1
    return None if end == j or (end < len(lines) and not lines.blank(end)) else end


def _mark_chrome(lines: _Lines) -> None:
    """Mark chrome lines and the blocks introduced by chrome headings."""
    for i in range(len(lines)):
        if lines.blank(i) or lines.drop[i] or len(lines.raw[i]) > _CHROME_MAX_CHARS:
            continue
        plain = lines.plain(i)
        if _ALSO_AVAILABLE.fullmatch(plain):
            _drop_followers(lines, i, lambda j: _is_language_line(lines, j))
        elif _LINK_LIST.fullmatch(plain):
            _drop_followers(lines, i, lines.link_only)
        elif _AUTHOR_BOX.fullmatch(plain):
            lines.drop[i] = True
            _drop_author_box(lines, i)
        elif _CONTENTS.fullmatch(plain):
            _drop_list(lines, i, _CONTENTS_ENTRY)
        elif _REFERENCES.fullmatch(plain):
            _drop_list(lines, i, _CITATION)
        elif _RELATED.fullmatch(plain):
            _drop_related(lines, i)
        elif _TAGS.fullmatch(plain):
            # "Tags" and its tags, a line of names or several (no sentence among them)
            lines.drop[i] = True
            _drop_followers(
                lines, i, lambda j: len(lines.raw[j]) <= _CHROME_MAX_CHARS and not _SENTENCE.search(lines.plain(j))
            )
        if _is_chrome_line(lines, i):
            lines.drop[i] = True
    _drop_page_furniture(lines)
    _drop_nav_runs(lines)
    _drop_trailing_block(lines)


# A PDF page's footer or header saved with the text: its words, a wide gap, the page number
# ("Congressional Research Service                    6"), or the number first.
_PAGE_FOOTER = re.compile(
    r"[ \t]*(?P<head>\S.{2,80}?)[ \t]{3,}(?:Page[ \t]+)?(?P<n>\d{1,4})[ \t]*"
    r"|[ \t]*(?:Page[ \t]+)?(?P<m>\d{1,4})[ \t]{3,}(?P<tail>\S.{2,80}?)[ \t]*"
)


def _drop_page_furniture(lines: _Lines) -> None:
    """A PDF's page footers (the same words on two pages or more, the page number rising) and
    the running head each is followed by when that repeats too (the report's title atop each
    page): they cut the text at every page, and are none of it."""
    pages: dict[str, list[tuple[int, int]]] = {}
    for i, raw in enumerate(lines.raw):
        if len(raw) <= 160 and "   " in raw and (m := _PAGE_FOOTER.fullmatch(raw)):
            words = (m.group("head") or m.group("tail")).strip()
            pages.setdefault(words, []).append((i, int(m.group("n") or m.group("m"))))
    heads: dict[str, list[int]] = {}
    for found in pages.values():
        numbers = [n for _, n in found]
        if len(found) < 2 or numbers != sorted(set(numbers)):
            continue
        for i, _ in found:
            lines.drop[i] = True
            if (j := lines.next_nonblank(i + 1)) is not None:
                heads.setdefault(lines.raw[j].strip(), []).append(j)
    for rows in heads.values():
        if len(rows) >= 2:
            for j in rows:
                lines.drop[j] = True


def _is_nav_link_line(lines: _Lines, i: int) -> bool:
    return lines.link_only(i) and len(lines.plain(i)) <= 40


def _drop_nav_runs(lines: _Lines) -> None:
    """Drop menus: a line of 3+ bare links, or a run of 3+ short link-only lines."""
    run: list[int] = []
    for i in [*range(len(lines)), -1]:
        if i >= 0 and lines.blank(i):
            continue
        if i >= 0 and not lines.drop[i] and _is_nav_link_line(lines, i):
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                lines.drop[j] = True
        run = []
        if i >= 0 and lines.link_only(i) and len(_LINK_COUNT.findall(lines.raw[i])) >= 3:
            lines.drop[i] = True


def _remove_chrome(doc: _Doc) -> _Doc:
    lines = _Lines(doc.text)
    _mark_chrome(lines)
    edits = [
        (lines.starts[i], lines.starts[i] + len(lines.raw[i]) + 1, "", 0) for i in range(len(lines)) if lines.drop[i]
    ]
    if edits and edits[-1][1] > len(doc.text):
        start = edits[-1][0]
        edits[-1] = (start, len(doc.text), "", 0)
    return _rewrite(doc, edits)


# ---- markdown & whitespace -----------------------------------------------------------


def _unwrap_markdown(doc: _Doc) -> _Doc:
    """Keep the visible text of links, emphasis, code, headings; drop the markup."""
    # Links first: once their URLs are gone, "__" or "*" inside a URL cannot pair up
    # with emphasis markers in the prose.
    doc = _delete_all(doc, [(_IMAGE, _delete, "!["), (_LINK, _keep_inner, "[")])
    markup: list[_Pass] = [
        (_STRONG_STAR, _keep_inner, "**"),
        (_STRONG_UNDERSCORE, _keep_inner, "__"),
        (_EM_STAR, _keep_inner, "*"),
        (_EM_UNDERSCORE, _keep_inner, "_"),
        (_CODE, _keep_inner, "`"),
        (_HEADING, _keep_inner, "#"),
        (_BLOCKQUOTE, _keep_inner, ">"),
        (_MARKUP_ONLY_LINE, _delete, ""),
        (_ESCAPE, _keep_inner, "\\"),
    ]
    doc = _delete_all(doc, markup)
    # Tails look at the character before them, so they run on the unwrapped text.
    tails = zip(_TAIL_PATTERNS, [_delete_tail] * len(_TAILS), _TAILS, strict=True)
    return _delete_all(doc, list(tails))


#: A line break with the blank lines after it (spaces before it are added in Python),
#: and a run of 2+ spaces. Both start with a literal, so the regex scan is quick.
_LINE_BREAKS = re.compile(r"\n[ \n]*")
_SPACE_RUN = re.compile(r"  +")


def _squeeze_breaks(m: re.Match[str]) -> list[_Edit]:
    """Keep one "\\n" or "\\n\\n" (real characters) of a break; nothing at either end."""
    text, start, end = m.string, _blank_start(m), m.end()
    if start == 0 or end == len(text):
        return [(start, end, "", 0)]
    first = m.start()
    second = text.find("\n", first + 1, end)
    if second < 0:
        return [(start, first, "", 0), (first + 1, end, "", 0)]
    return [(start, first, "", 0), (first + 1, second, "", 0), (second + 1, end, "", 0)]


def _squeeze_spaces(m: re.Match[str]) -> list[_Edit]:
    return [(m.start() + 1, m.end(), "", 0)]


def _normalise_whitespace(doc: _Doc) -> _Doc:
    """One space inside lines, no blanks at line ends, paragraphs split by one blank line."""
    text = doc.text
    edges = [
        (0, len(text) - len(text.lstrip(" \n")), "", 0),
        (len(text.rstrip(" \n")), len(text), "", 0),
    ]
    passes: list[_Pass] = [(_LINE_BREAKS, _squeeze_breaks, "\n"), (_SPACE_RUN, _squeeze_spaces, "  ")]
    return _delete_all(doc, passes, edges)


# --------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------


#: ``array("q", range(n))`` built once and sliced for each document (a copy, made at
#: memory speed: building it number by number cost a quarter of the clean), up to this
#: length, so that a worker does not keep a huge one for one huge document.
_IDENTITY_MAX = 1 << 20
_identity: list[array[int]] = [array("q")]


def _identity_offsets(n: int) -> array[int]:
    """``array("q", range(n))``: each character its own raw index."""
    if n > _IDENTITY_MAX:
        return array("q", range(n))
    if len(_identity[0]) < n:
        _identity[0] = array("q", range(min(_IDENTITY_MAX, max(n, 2 * len(_identity[0]), 1 << 16))))
    return _identity[0][:n]


# ---- a feed or a page saved as its markup -------------------------------------------

#: A document that is markup, not text: a feed's XML (RSS, Atom) or a page's HTML as saved.
_MARKUP_DOCUMENT = re.compile(r"\s*<(?:\?xml|rss\b|feed\b|!doctype|html\b)", re.I)
#: Elements that hold no prose (a feed's machinery, a page's head and scripts): dropped whole.
_NO_PROSE = (
    r"link|guid|category|comments|generator|language|lastBuildDate|updated|id|icon|logo|image|enclosure"
    r"|width|height|url|script|style|head|noscript|svg|(?:sy|slash|wfw|atom|media|feedburner):[\w-]+"
)
_MARKUP = re.compile(
    rf"<(?P<drop>{_NO_PROSE})\b[^>]*?(?:/>|>.*?</(?P=drop)\s*>)"  # a whole element
    r"|<(?P<block>/?(?:p|div|br|hr|li|ul|ol|h[1-6]|item|entry|channel|title|subtitle|description|summary"
    r"|content(?::encoded)?|dc:creator|author|name|pubDate|published|blockquote|tr|table|section|article"
    r"|header|footer|figure|figcaption)\b)[^>]*>"  # a tag that ends a line
    r"|<!\[CDATA\[|\]\]>|<!--.*?-->|<\?xml[^>]*\?>|<!doctype[^>]*>"  # markers
    r"|</?[a-zA-Z][\w:-]*\b[^>]*>"  # any other tag, within a line
    r"|&(?P<entity>#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});",
    re.I | re.S,
)


def _strip_markup(doc: _Doc) -> _Doc:
    """A document saved as markup read as text: a feed's items or a page's paragraphs, one a
    paragraph (a block tag ends a line), its entities as characters ("$601&nbsp;million",
    "Coalition&#8217;s"), the rest of its markup gone. A text merely quoting a tag is left
    alone: only a document that opens as markup is read so."""
    if _MARKUP_DOCUMENT.match(doc.text) is None:
        return doc

    def edit(m: re.Match[str]) -> list[_Edit]:
        if m.group("block"):
            return [(m.start(), m.end(), "\n", m.start())]
        if entity := m.group("entity"):
            char = html.unescape(f"&{entity};")
            if len(char) != 1:  # an unknown name stays as written
                return []
            return [(m.start(), m.end(), " " if char == "\xa0" else char, m.start())]
        return [(m.start(), m.end(), "", 0)]

    return _rewrite(doc, (e for m in _MARKUP.finditer(doc.text) for e in edit(m)))


# A printed page's break marker on its own line: the Congressional Record's "[[Page E378]]",
# "[Page 12]". Cut with the blank lines around it, so a sentence it splits is joined again.
_PAGE_MARKER = re.compile(r"(?:\n[ \t]*)+\n[ \t]*\[\[?Page [A-Z]?\d{1,5}\]\]?[ \t]*(?=\n)(?:\n[ \t]*)+(?=\n)")


def _drop_page_markers(doc: _Doc) -> _Doc:
    """A page break marker goes, and the paragraph it splits mid-sentence is one line again
    (a wrapped line follows on: the next line starts in lower case); else a paragraph break."""

    def edit(m: re.Match[str]) -> list[_Edit]:
        if m.string[m.end() + 1 : m.end() + 2].islower():
            return [(m.start(), m.end() + 1, " ", m.start())]
        return [(m.start(), m.end(), "\n", m.start())]

    return _sub(doc, _PAGE_MARKER, edit, "Page ")


def clean(raw: str) -> Cleaned:
    """Strip site chrome and markup from ``raw``; map every kept char to its raw index."""
    doc = _normalise_chars(_Doc(raw, _identity_offsets(len(raw))))
    doc, front_matter = _split_front_matter(doc)
    doc = _strip_markup(doc)
    doc = _drop_page_markers(doc)
    doc = _drop_link_numbers(doc)
    doc = _unwrap_hard_wraps(doc)
    doc = _strip_autolinks(doc)
    doc = _remove_chrome(doc)
    doc = _unwrap_markdown(doc)
    doc = _normalise_whitespace(doc)
    offsets = doc.offs
    offsets.append(offsets[-1] + 1 if len(offsets) else 0)
    return Cleaned(text=doc.text, offsets=offsets, front_matter=front_matter)
