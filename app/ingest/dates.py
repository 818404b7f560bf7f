"""Dates as documents write them.

Source pages date things in many ways: a date line under a title ("November 14, 2019",
"Nov 7, 2019"), a feed's RFC 2822 stamp ("Mon, 28 Jun 2021 14:20:22 +0000"), an ISO
date in front matter, an attribution with no year ("― Feb. 13, in opening remarks").
A whole line is a date line only when nothing but a date stands on it, so a sentence
that mentions a date is never mistaken for one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as dateparser

MONTHS = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)"

# "November 14, 2019", "Nov 7, 2019", "Monday, November 14, 2019"
_MDY = rf"{WEEKDAY}?{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
# "14 November 2019", "3rd March 2019", "Mon, 28 Jun 2021 14:20:22 +0000"
# (a British page's clock has a dot: "Mon 15 Sep 2014 15.47 BST")
_TIME = r"(?:\s+\d{1,2}[:.]\d{2}(?::\d{2})?)?(?:\s*(?:[+-]\d{4}|GMT|UTC|[A-Z]{3}))?"
_DMY = rf"{WEEKDAY}?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\s+\d{{4}}{_TIME}"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"

FULL_DATE = re.compile(rf"(?:{_MDY}|{_DMY}|{_ISO})")
# A wire story's date line gives its clock's zone with no time: "December 9, 2017 GMT".
_ZONE = r"\s+(?-i:GMT|UTC|[ECMP][SD]T)"
DATE_LINE = re.compile(
    rf"^\s*[|•·]?\s*(?:(?:Last\s+|First\s+)?(?:Published|Posted|Updated|Date|Dated|Released|Issued)(?:\s+on)?)?:?\s*"
    rf"(?:{_MDY}|{_DMY}|{_ISO})(?:,?\s+\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?|{_ZONE})?"
    rf"\s*[.|•·–—-]?\s*$",
    re.IGNORECASE,
)
# "Feb. 13", "February 13": a day without a year (the year comes from context).
MONTH_DAY = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})")


@lru_cache(maxsize=65_536)
def parse_date(text: str) -> date | None:
    """Parse one date as written; None when it is not a complete, valid date.

    Remembered: a corpus writes the same dates again and again, and dateutil's parser is
    most of what linking a document to its meetings costs."""
    text = text.strip().rstrip(".")
    text = re.sub(
        r"^[|•·\s]*(?:(?:Last\s+|First\s+)?(?:Published|Posted|Updated|Date|Dated|Released|Issued)(?:\s+on)?)?:?\s*",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"[\s|•·–—-]+$", "", text)
    text = re.sub(rf"(?<=\d{{4}}){_ZONE}$", "", text)  # dateutil reads no zone without a time
    text = re.sub(r"(?<=\d{4}\s)(\d{1,2})\.(\d{2})\b", r"\1:\2", text)  # "15.47 BST", a clock
    try:
        parsed = dateparser.parse(text, default=datetime(1900, 1, 1), ignoretz=True)
    except (ValueError, OverflowError):
        return None
    if parsed.year == 1900:
        return None
    return parsed.date()


# A dateline with a place before the date and a stamp after it: "Brussels, 22/03/2017 -
# 23:41, UNIQUE ID: 170322_17", "DECEMBER 7, 2016 / 9:52 PM / 8 YEARS AGO", "Paris, 14 February 2018",
# a news site's ISO timestamp with its counter: "2021-03-30T09:41:00Z        Views: 1,284".
# "22/03/2017"; "14.02.2022", the dotted form, is always day first (a European page's) and
# read only on a dateline that names its place.
_NUMERIC = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
# A dateline's credit after a bar: "Brussels, 14.02.2022 | EEAS Press Team   Video: …" (a
# place and a date, then who issued it; nothing after a bar there is prose).
_CREDIT = r"(?:\s*\|\s*[^|\n]{1,80})?"
_STAMP = (
    r"(?:\s*[-–—/,|·]?\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?"
    r"|unique id:?\s*\S+|\d+\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\s+ago|\d+\s*min(?:ute)?s?\.?\s*read"
    r"|(?:views?|reads?|hits|comments?|shares?)\s*:?\s*\d[\d,.]*[kKM]?"
    r"|\d[\d,.]*[kKM]?\s+(?:views?|reads?|hits|comments?|shares?)))*"
    # a section's name after the date, two to five words in title case: "18 May 2023    Peace and
    # Security" (UN News)
    r"(?-i:[ \t]+[A-Z][a-z]+(?:\s+(?:and|&|of|[A-Z][a-z]+)){1,4})?"
)
DATELINE = re.compile(
    rf"^\s*(?:(?P<place>[A-Z][\w.'’\- ]{{1,30}}(?:,\s+[A-Z][\w.]{{1,20}})?,\s+)|(?P<section>[A-Z][a-z]{{2,20}}\s+))?"
    rf"(?P<date>{_MDY}|{_DMY}|{_ISO}|{_NUMERIC}){_STAMP}(?:(?<=\d)(?P<credit>{_CREDIT}))?\s*[.|]?\s*$",
    re.IGNORECASE,
)


def numeric_readings(first: int, second: int, year: int) -> set[date]:
    """The dates "first/second/year" can be, day first or month first ("22/03/2017": one;
    "11/07/2019": two; "31/31/2019": none)."""
    found = set()
    for day, month in ((first, second), (second, first)):
        try:
            found.add(date(year, month, day))
        except ValueError:
            continue
    return found


def _numeric(text: str, day_first: bool) -> date | None:
    """ "22/03/2017": day first where the page says so (a European dateline) or the numbers do."""
    first, second, year = (int(n) for n in text.split("/"))
    if first <= 12 and second <= 12:  # 04/05/2017: only the page can say which is the month
        return date(year, second, first) if day_first else None
    readings = numeric_readings(first, second, year)
    return readings.pop() if readings else None


_DIGIT = re.compile(r"\d")
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


def date_line(line: str) -> date | None:
    """The date if the whole line is a date line, else None."""
    if _DIGIT.search(line) is None:
        return None  # every date DATE_LINE and DATELINE read has a digit: most prose lines have none
    if DATE_LINE.match(line):
        return parse_date(line)
    m = DATELINE.match(line)
    if m is None:
        return None
    if m.group("credit") and m.group("place") is None:
        return None  # a credit after a bar only on a dateline that names its place
    if _DOTTED.fullmatch(m.group("date")):
        # Only after a place: a related item's "Article  18.05.2021" dates no page.
        return _numeric(m.group("date").replace(".", "/"), day_first=True) if m.group("place") else None
    if "/" in m.group("date"):
        return _numeric(m.group("date"), day_first=m.group("place") is not None)
    return parse_date(m.group("date"))


# A post's or an item's stamp: a line that opens with a full date and holds nothing else
# but a time, a zone or the client it was posted from, after separators: "Thu 26 Mar 2020 ·
# 09:14 · Twitter for iPhone", "November 14, 2019 | 10:32", a bare date line. Matched from
# the line break before it, a literal the regex engine finds fast (see ``stamps``); the
# lookahead (under the same flags) skips the lines that cannot start with a date.
STAMP_LINE = re.compile(
    rf"\n[ \t]*(?=[\dADFJMNOSTW])(?P<date>{_MDY}|{_DMY}|{_ISO})"
    rf"(?:[ \t]*[·|•,–—-][ \t]*[^\n.!?·|•]{{0,40}}){{0,4}}[ \t]*(?=\n|$)",
    re.I,
)
# A day and month written without a year: "13 February", "Feb. 13", "March 17th". (The
# lookahead only lets the engine skip, fast, the words that start with no digit and no
# month's capital.)
YEARLESS = re.compile(
    rf"\b(?=[\dADFJMNOS])(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}(?![\w.]*,?\s*\d{{4}})(?!\w)"
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}}))"
)


def stamps(text: str) -> list[tuple[int, date]]:
    """Where each stamp line of ``text`` starts, and its date, in order.

    A thread, a feed or a compilation dates each of its posts or items on a line of its
    own; what a post says is of that date (see ``with_year``)."""
    found = []
    for m in STAMP_LINE.finditer(f"\n{text}"):
        when = parse_date(m.group("date"))
        if when is not None:
            found.append((m.start(), when))  # the "\n" added in front makes m.start() the line's offset
    return found


def with_year(text: str, year: int) -> str:
    """``text`` with each day and month written without a year given ``year``: a post's
    "in Brussels on 13 February" under "Thu 26 Mar 2020 · 11:02" reads "13 February 2020"."""
    return YEARLESS.sub(
        lambda m: f"{m.group(0)} {year}" if m.group(0)[0].isdecimal() else f"{m.group(0)}, {year}", text
    )


# Month names of the languages a page in English still dates a post in ("15 Septembre 2014" under
# a French minister's tweet), with the English name each stands for.
_FOREIGN_MONTHS = {
    **dict.fromkeys(("janvier", "enero", "gennaio", "januar", "janeiro"), "January"),
    **dict.fromkeys(("février", "fevrier", "febrero", "febbraio", "februar", "fevereiro"), "February"),
    **dict.fromkeys(("mars", "marzo", "märz", "março"), "March"),
    **dict.fromkeys(("avril", "abril", "aprile"), "April"),
    **dict.fromkeys(("mai", "mayo", "maggio", "maio"), "May"),
    **dict.fromkeys(("juin", "junio", "giugno", "juni", "junho"), "June"),
    **dict.fromkeys(("juillet", "julio", "luglio", "juli", "julho"), "July"),
    **dict.fromkeys(("août", "aout", "agosto"), "August"),
    **dict.fromkeys(("septembre", "septiembre", "settembre", "setembro"), "September"),
    **dict.fromkeys(("octobre", "octubre", "ottobre", "oktober", "outubro"), "October"),
    **dict.fromkeys(("novembre", "noviembre", "novembro"), "November"),
    **dict.fromkeys(("décembre", "decembre", "diciembre", "dicembre", "dezember", "dezembro"), "December"),
}
_FOREIGN_MONTH = re.compile(rf"\b(?:{'|'.join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))})\b", re.I)


def english_months(text: str) -> str:
    """``text`` with a month written in French, Spanish, Italian, German or Portuguese in English
    ("15 Septembre 2014" → "15 September 2014", "11 mai 2022" → "11 May 2022")."""
    return _FOREIGN_MONTH.sub(lambda m: _FOREIGN_MONTHS[m.group(0).lower()], text) if text else text


def first_full_date(text: str) -> date | None:
    """The first complete date written anywhere in ``text``."""
    for match in FULL_DATE.finditer(text):
        found = parse_date(match.group(0))
        if found is not None:
            return found
    return None


def month_day(text: str, year: int) -> date | None:
    """Complete a yearless "Feb. 13" with a year taken from context."""
    match = MONTH_DAY.search(text)
    if not match:
        return None
    try:
        return dateparser.parse(f"{match.group(1)} {match.group(2)} {year}").date()
    except (ValueError, OverflowError):
        return None


def coerce_date(value: object) -> date | None:
    """A date from YAML (already a date, a datetime, or an ISO/loose string)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None
