"""Figures stage: find every quoted number in a statement and describe it as data.

Why: the point of this API is that a reader can ask "what did the Coalition claim,
and how big was it?" without re-reading prose. Official statements, press releases
and analyses quote money, percentages, areas, head counts and durations in a small
number of stereotyped shapes ("more than $1.2 billion", "approximately 7.7 million
people", "nearly 110,000 square kilometers"), so a table-driven scanner over word
tokens is enough, and it stays explainable: every decision is a row in a table below.

Public API: ``extract_figures(text) -> list[FigureMatch]``, pure and deterministic,
ordered by ``start``. ``text`` is the cleaned prose (markdown already removed).

Decisions
---------
* **Span convention.** ``FigureMatch.text`` is the qualifier + currency + number +
  scale words + *measurement* unit: "more than $1.2 billion", "nearly 110,000 square
  kilometers", "less than 24 hours", "98%", "thirty-kilometer", "68-member". The
  counted noun of a count is *not* in the span ("approximately 7.7 million" with
  ``noun="people"``): the noun is open-ended prose, the unit words are a closed list.
* **Qualifiers** come from ``QUALIFIER_PHRASES`` (before the number) and
  ``POST_QUALIFIER_PHRASES`` ("2,000 or more"). Hedges that are not comparisons
  ("only" in "only around 200") are left out of the span. A figure with no qualifier
  of its own inherits the one of the previous figure of the same dimension when only a
  short noun phrase and "and"/"or"/"," separate them ("Approximately 3.2 million
  Syrians and 4.5 million Iraqis" -> both ``approximately``).
* **Vague amounts** ("thousands of", "tens of thousands", "millions of people",
  "dozens", "a few hundred") ARE reported, with ``value=None`` (so they can never be
  summed) and qualifier ``approximately`` unless an explicit one is written. Only
  plural scale words count as vague amounts; "a few", "several", "many" alone are
  not figures. "a dozen" is the exact number 12.
* **Units.** Money is an ISO 4217 code ($, US$, USD, dollars -> USD; €, euros -> EUR;
  £, pounds sterling -> GBP; ¥, yen -> JPY; riyals -> SAR; JD -> JOD); bare "pounds" is mass (``lb``).
  "3.0 M" (a decimal or money, then a capital scale letter) is 3 million. Percent -> ``percent``
  (value 98 for "98%"). Fractions ("one-third", "more than half") -> unit
  ``fraction``, value in [0, 1]. Area/length/mass keep the unit as written in
  canonical form (km2, mi2, ha, km, mi, m, t, kg, lb), no conversion. Durations are
  years/months/weeks/days/hours/minutes; "decades" become years (x10).
* **Counts.** ``unit="people"`` when the noun's head is a person noun (table
  ``PERSON_NOUNS`` or a demonym such as "Syrians"), or the number is the subject of a
  human predicate ("27,000 have already returned home"), or "a mother of five"
  (noun "children"). A mixed list with a non-person head ("individuals and
  organizations") is ``count``. "members" are people only next to a force/group word
  ("service members", "Iraqi Security Forces members", "members of ISIS"); otherwise
  (Coalition members, "68-member") they are states: ``count``. A count with no noun of
  its own takes one from its context: the previous count (an elided noun, in its clause
  or the next sentence close by), "the number/flow of X" in its clause, the question it
  answers ("How many ISIS fighters ...? ... fewer than 2,000"), the label of a dotted
  "BY THE NUMBERS" line, "the death toll at".
* **Nouns.** The short noun phrase right after the number ("foreign terrorist
  fighters"), or after "of" for units, fractions, partitives and vague amounts
  ("square kilometers of territory" -> "territory"), or after "in"/"for" for money
  ("$20 billion in humanitarian and stabilization assistance"); otherwise None.
* **Not figures:** years (a bare 4-digit number 1800-2100 with no currency, scale or
  unit; so "2000 fighters" without a thousands separator is read as a year), dates
  ("November 14", "Feb. 13"), clock times, read-time chrome ("7 minutes read time"),
  reference numbers after Resolution/UNSCR/No./page/section/article/phase...,
  ordinals ("18th", "Fourth"), numbers glued to letters ("COVID-19", "#Daesh2",
  "UNITED24"), handles, hashtags and URLs; numbers with a leading zero ("0400 hours",
  "+0000") and 5+ digits without separators ("UIN 67412", "10117 Berlin"); page
  furniture (page counters, file sizes, street numbers, document codes, ratings) and
  number words inside a heading in capitals ("FIVE YEARS OF ..."). The word "one" (or
  "a") alone is rarely a figure ("one day", "one of the most", "each one"); it needs a
  scale word, a fraction or a qualifier ("one million", "one-third", "at least one"),
  or it is a span of time after a preposition ("after one year") or a count listed
  with another ("Two CP-140 aircraft and one CC-150T"). "half" needs a qualifier or
  "half of" not after "the"/comparative ("the smaller half of"); "half a ton" is 0.5 t.
* **Page furniture of other kinds** is not figures either: engagement counters with the
  label first ("Replies 38 · Likes 612", "Views: 932"), "UTC+3", "[Image 1 of 2", thread
  numbering ("1/ ..."), "(3)" paragraph numbers, "(Reference 1)", "Room 419", phone numbers
  with a trunk prefix or a contact label ("(02) 6277 7800", "Hotline: 139"), ABN/ISBN numbers,
  a value in a "Label: N | Label: ..." metadata bar, Hijri dates ("Jumada I 29, 1445",
  "1444 H"), ranges of days ("16 - 31 October 2017"), footnote numbers of a PDF page (a line
  "4 Figures provided by ..." whose number the text cites as a glued marker "Anbar.4"), a
  year with a glued marker ("in 2014.3 ISIL"), multipliers ("ten times larger"), "the two
  sides/ministers" (the parties, named) and number words inside names ("the Two Holy Mosques").
* **Tables.** A unit line over a table ("(Unit: million yen)", "(in millions of US dollars)")
  scales the bare cells of the table under it and gives their currency; a table whose rows
  end in a number counts what its last column's head names ("Population": people).
* **Nouns from context**, besides the ones above: "some 270,000 of them" and "the number at
  about 200" count what the count before them counted; "increased its personnel ... to about
  650" counts personnel; "Iraqi officials and engineers trained ...: more than 1,600" (a list
  item "label: count") counts the label's noun; a rate's verb decides ("2,000 a month were
  crossing": people). A noun phrase never runs on past the end of a table row or list line.
* "three decades ago" IS a figure (duration 30 years): it quantifies a time span.
  "under the age of 12" / "aged 12" is a duration in years with noun "age".
* "over" before a duration right after another figure, or after a passive verb, means
  "during" ("£150 million over three years", "was rehabilitated over five months" ->
  exact); elsewhere it is ``more_than`` ("Over five years of engagement", "for over five
  years").
* Ratios "one in five Iraqis", "two in every three", "7 out of 10" are fractions.
* Ranges are two figures, the lower bound ``at_least`` (borrowing the unit, and the
  scale word if it is written once: "between €20 and €25 million" -> 20 million) and
  the upper one ``up_to``: "between 5 and 20 years", "10-15 people", "Some 3,000 to
  4,000 fighters" (the hedge "Some" is the range's). "from X to Y" is a change, two
  figures with their own qualifiers. A count whose noun
  is "others"/"more" borrows the previous count's unit and noun ("686 ISIS operatives
  and ... 374 others").
* text2num converts the spelled-out integer part ("eighty-one", "one hundred and
  twenty"); fractions, "and a half", "a dozen" and scale words are handled here, since
  text2num neither accepts them nor reports offsets (alpha2digit rewrites the text,
  which would lose the span positions this stage must return).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Final
from urllib.parse import urlsplit

from text_to_num import text2num

from app.ingest.types import FigureMatch


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --------------------------------------------------------------------------------------
# Declarative tables. Phrases are written as plain text; they are tokenised with the
# same tokenizer as the input, so "approx." and "per cent" match token by token.
# --------------------------------------------------------------------------------------

QUALIFIER_PHRASES: Final[dict[str, str]] = {
    # approximately
    "approximately": "approximately",
    "approx.": "approximately",
    "about": "approximately",
    "around": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "circa": "approximately",
    "ca.": "approximately",
    "in the region of": "approximately",
    "on the order of": "approximately",
    "in the order of": "approximately",
    "something like": "approximately",
    "~": "approximately",
    # nearly
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just shy of": "nearly",
    "not quite": "nearly",
    # more_than
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "exceeding": "more_than",
    "exceeds": "more_than",  # "the total exceeds EUR 60 million"
    "exceeded": "more_than",
    "exceed": "more_than",  # "pledges that exceed 500 million dollars"
    "greater than": "more_than",
    "higher than": "more_than",
    "just over": "more_than",
    "north of": "more_than",
    "well over": "more_than",
    "well above": "more_than",
    "slightly more than": "more_than",
    # less_than
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "lower than": "less_than",
    "well under": "less_than",
    "just under": "less_than",
    "well below": "less_than",
    # at_least
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "not fewer than": "at_least",
    "a minimum of": "at_least",
    # up_to
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "as high as": "up_to",
    "a maximum of": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "at most": "up_to",
}

POST_QUALIFIER_PHRASES: Final[dict[str, str]] = {
    "or more": "at_least",
    "or so": "approximately",
    "-plus": "more_than",
    "+": "more_than",
    "or fewer": "up_to",
    "or less": "up_to",
}

SCALE_WORDS: Final[dict[str, float]] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    # German abbreviations, as in a translator's note quoting "€1,7 Mrd." (Milliarde = billion)
    "mio": 1e6,
    "mrd": 1e9,
}
#: Abbreviated scale words whose full stop belongs to them ("€1,7 Mrd.").
ABBREVIATED_SCALES: Final[frozenset[str]] = frozenset({"mio", "mrd"})

#: Glued suffixes ("1.5bn", "$20m", "10k"). Ambiguous ones need money or a decimal.
SCALE_SUFFIXES: Final[dict[str, float]] = {"k": 1e3, "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12}
AMBIGUOUS_SCALE_SUFFIXES: Final[dict[str, float]] = {"m": 1e6, "b": 1e9}

#: Scale abbreviations written after a space ("3.0 M", "$1.2 B"): capitals only, and only
#: after a decimal or a currency ("Area M", "Annex B" are names).
SPACED_SCALES: Final[dict[str, float]] = {"K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "mn": 1e6, "BN": 1e9}
#: Scale abbreviations a currency sign closes, as French and Spanish pages write amounts ("1,2
#: M€", "2,5 Md€", "300 k€"): with the sign after them they need no decimal.
SIGNED_SCALES: Final[dict[str, float]] = {**SPACED_SCALES, "k": 1e3, "Md": 1e9, "Mds": 1e9, "Mrd": 1e9}
#: Currency signs written after the amount ("1.2 million €", "1,2 M€").
TRAILING_SIGNS: Final[frozenset[str]] = frozenset({"€", "£"})

VAGUE_PLURALS: Final[frozenset[str]] = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "billions", "trillions", "scores"}
)
#: "several hundred", "a few thousand": determiner + singular scale word = vague.
VAGUE_DETERMINERS: Final[tuple[str, ...]] = ("a few", "few", "several", "many")

CARDINALS: Final[frozenset[str]] = _wordset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety
    """
)

FRACTION_DENOMINATORS: Final[dict[str, int]] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
#: Words before "half of" that make it a figure of speech ("the smaller half of").
NON_FRACTION_HALF_PREDECESSORS: Final[frozenset[str]] = frozenset(
    {
        "the",
        "smaller",
        "larger",
        "bigger",
        "better",
        "other",
        "first",
        "second",
        "latter",
        "former",
        "back",
        "front",
        "lower",
        "upper",
        "southern",
        "northern",
        "eastern",
        "western",
    }
)

CURRENCY_PREFIXES: Final[dict[str, str]] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "kd": "KWD",
    "jd": "JOD",  # Jordanian dinar, as Jordan's ministries write it ("JD 1.2 billion")
    # ISO 4217 codes written before the amount ("IQD 165 billion", "SAR 500 million")
    **{code: code.upper() for code in "iqd syp try sar aed kwd qar jod lbp egp jpy chf cad aud nok sek dkk".split()},
}

#: unit phrase -> (unit, dimension, factor applied to the value)
UNIT_PHRASES: Final[dict[str, tuple[str, str, float]]] = {
    "percent": ("percent", "percent", 1),
    "per cent": ("percent", "percent", 1),
    "%": ("percent", "percent", 1),
    "pct": ("percent", "percent", 1),
    "percentage points": ("percent", "percent", 1),
    "square kilometers": ("km2", "area", 1),
    "square kilometres": ("km2", "area", 1),
    "square kilometer": ("km2", "area", 1),
    "square kilometre": ("km2", "area", 1),
    "square km": ("km2", "area", 1),
    "sq km": ("km2", "area", 1),
    "sq. km": ("km2", "area", 1),
    "km2": ("km2", "area", 1),
    "km²": ("km2", "area", 1),
    "sq km2": ("km2", "area", 1),
    "square miles": ("mi2", "area", 1),
    "square mile": ("mi2", "area", 1),
    "sq mi": ("mi2", "area", 1),
    "hectares": ("ha", "area", 1),
    "ha": ("ha", "area", 1),
    "kilometers": ("km", "length", 1),
    "kilometres": ("km", "length", 1),
    "kilometer": ("km", "length", 1),
    "kilometre": ("km", "length", 1),
    "km": ("km", "length", 1),
    "kms": ("km", "length", 1),
    "miles": ("mi", "length", 1),
    "mile": ("mi", "length", 1),
    "meters": ("m", "length", 1),
    "metres": ("m", "length", 1),
    "meter": ("m", "length", 1),
    "metre": ("m", "length", 1),
    "metric tons": ("t", "mass", 1),
    "metric tonnes": ("t", "mass", 1),
    "tons": ("t", "mass", 1),
    "tonnes": ("t", "mass", 1),
    "ton": ("t", "mass", 1),
    "tonne": ("t", "mass", 1),
    "kilograms": ("kg", "mass", 1),
    "kilogram": ("kg", "mass", 1),
    "kg": ("kg", "mass", 1),
    "kilos": ("kg", "mass", 1),
    "pounds sterling": ("GBP", "currency", 1),
    "pounds": ("lb", "mass", 1),
    "us dollars": ("USD", "currency", 1),
    "u.s. dollars": ("USD", "currency", 1),
    "dollars": ("USD", "currency", 1),
    "usd": ("USD", "currency", 1),
    "euros": ("EUR", "currency", 1),
    "€": ("EUR", "currency", 1),  # after the amount: "1.2 million €"
    "£": ("GBP", "currency", 1),
    "euro": ("EUR", "currency", 1),
    "eur": ("EUR", "currency", 1),
    "gbp": ("GBP", "currency", 1),
    "iraqi dinars": ("IQD", "currency", 1),
    "iraqi dinar": ("IQD", "currency", 1),
    "dinars": ("IQD", "currency", 1),  # on Coalition pages an unqualified dinar is Iraqi
    "kuwaiti dinars": ("KWD", "currency", 1),
    "yen": ("JPY", "currency", 1),
    "japanese yen": ("JPY", "currency", 1),
    "saudi riyals": ("SAR", "currency", 1),
    "riyals": ("SAR", "currency", 1),
    "jordanian dinars": ("JOD", "currency", 1),
    "decades": ("years", "duration", 10),
    "decade": ("years", "duration", 10),
    "years": ("years", "duration", 1),
    "year": ("years", "duration", 1),
    "yrs": ("years", "duration", 1),
    "months": ("months", "duration", 1),
    "month": ("months", "duration", 1),
    "weeks": ("weeks", "duration", 1),
    "week": ("weeks", "duration", 1),
    "days": ("days", "duration", 1),
    "day": ("days", "duration", 1),
    "hours": ("hours", "duration", 1),
    "hour": ("hours", "duration", 1),
    "hrs": ("hours", "duration", 1),
    "minutes": ("minutes", "duration", 1),
    "minute": ("minutes", "duration", 1),
}

#: Unit abbreviations that may be glued to digits ("20km", "5kg").
GLUED_UNITS: Final[frozenset[str]] = _wordset("km km2 km² kg kms ha hrs yrs")

#: "68-member Coalition", "a 5,000-strong force": hyphen compounds that are counts.
COMPOUND_COUNT_WORDS: Final[dict[str, tuple[str, str | None]]] = {
    "member": ("count", "members"),
    "nation": ("count", "nations"),
    "country": ("count", "countries"),
    "state": ("count", "states"),
    "strong": ("people", None),
}

PERSON_NOUNS: Final[frozenset[str]] = _wordset(
    """
    people persons individuals civilians fighters combatants militants terrorists attendees
    jihadists extremists insurgents operatives detainees prisoners inmates captives
    hostages suspects convicts returnees recruits personnel troops soldiers forces
    servicemembers servicemen officers police policemen policewomen guards commandos
    peshmerga militiamen refugees idps migrants evacuees seekers displaced children
    boys girls women men adults youths youth minors teenagers infants babies orphans
    widows residents inhabitants citizens nationals locals villagers survivors
    victims casualties deaths dead wounded injured beneficiaries patients students
    pupils teachers doctors nurses workers employees staff volunteers contractors
    defendants adherents analysts carabinieri gendarmes
    journalists diplomats officials ministers leaders commanders advisers advisors
    trainers trainees instructors experts delegates representatives judges
    prosecutors lawyers spouses relatives wives mothers fathers foreigners ftfs
    defectors deserters smugglers facilitators financiers supporters followers martyrs
    loyalists veterans pilgrims worshippers muslims sunnis shia kurds arabs turks
    turkmen yazidis jews druze uighurs uyghurs rohingya
    """
)

#: Heads that make a mixed list a plain count ("individuals and organizations").
NON_PERSON_NOUNS: Final[frozenset[str]] = _wordset(
    """
    organizations organisations entities groups companies firms countries states
    nations governments partners allies projects programs programmes towns cities
    villages districts provinces schools hospitals facilities sites camps prisons
    centers centres institutions agencies ministries units battalions brigades cells
    networks branches affiliates attacks strikes airstrikes operations missions
    accounts websites vehicles weapons families households
    """
)

PERSON_MEMBER_MODIFIERS: Final[frozenset[str]] = _wordset(
    """
    service forces force security police military army armed staff crew family
    militia isis isil daesh gang cell parliament board team committee group
    terrorist
    """
)
STATE_MEMBER_MODIFIERS: Final[frozenset[str]] = frozenset(
    {"coalition", "nato", "eu", "un", "alliance", "union", "member"}
)

DEMONYM_RE: Final = re.compile(r"^[A-Z][a-z]+(?:ians|ans|is|ese|ites)$")

#: Verbs whose subject is a set of people: "27,000 have already returned home".
HUMAN_PREDICATES: Final[frozenset[str]] = _wordset(
    """
    returned died killed fled perished joined surrendered defected escaped arrived
    resettled relocated displaced detained arrested captured wounded injured
    kidnapped abducted executed evacuated rescued freed released repatriated
    enrolled graduated trained live lived reside resided convicted sentenced charged
    prosecuted indicted tried acquitted crossing crossed travelling traveling travelled
    traveled fleeing returning
    """
)
AUXILIARIES: Final[frozenset[str]] = _wordset(
    """
    have has had were was are is been being already now reportedly since also still
    subsequently successfully safely
    """
)
PARENT_WORDS: Final[frozenset[str]] = frozenset({"mother", "father", "parent", "mom", "dad"})
#: "under the age of 12", "aged 15": the number is an age in years.
AGE_WORDS: Final[frozenset[str]] = frozenset({"age", "ages", "aged"})
#: Before "over <duration>", these keep the "more than" reading ("for over five years").
OVER_DURATION_MORE_THAN: Final[frozenset[str]] = _wordset(
    "for lasting lasted last lasts after took taken take spanning spanned spent in"
)

#: Words that end a noun phrase.
NP_STOPWORDS: Final[frozenset[str]] = _wordset(
    """
    of in on at from to for with by across over since during into through throughout
    under within without among between against toward towards via per after before
    around about like including beyond near along upon than that which who whom
    whose where when while because as if but so yet whether they them it we he she
    this these those is are was were be been being have has had will would can could
    may might must should shall do does did now already still also once then there
    here more most less not only even just currently reportedly each ago later
    earlier today annually respectively alone back home away again too very
    last next past remain remains remained live lives lived reside resides resided stay stayed
    need needs needed require requires required receive receives received continue
    continues continued face faces faced
    """
)
DETERMINERS: Final[frozenset[str]] = frozenset(
    {
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "his",
        "her",
        "these",
        "those",
        "such",
        "other",
        "your",
        "my",
        "this",
        "that",
    }
)
IRREGULAR_PARTICIPLES: Final[frozenset[str]] = _wordset(
    """
    held built taken made sent brought seen found given paid kept run led hit cut
    left lost set spent won caught taught fought born shot
    """
)

_MONTH_NAMES: Final = "January February March April May June July August September October November December"
#: Month names as written in prose, abbreviated, and in capitals ("WEDNESDAY, OCTOBER 23, 2019").
MONTHS: Final = (
    rf"(?:{'|'.join(_MONTH_NAMES.split())}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    rf"|{'|'.join(_MONTH_NAMES.upper().split())})\.?"
)
_MONTH_RE: Final = re.compile(MONTHS)

#: Months of the Hijri calendar as transliterated on Gulf and Iraqi wires ("Jumada I", "Rabi
#: al-Awwal", "Dhu al-Qadah"): their dates are dates, whatever calendar.
HIJRI_MONTHS: Final = (
    r"(?:Muharram|Safar|Rabi[ʿ'‘’]?(?:\s+|-)(?:(?:al|ul|el)[- ])?(?:Awwal|Thani|Akhir|Akhar|I{1,2})\b"
    r"|Jumad[ae](?:\s+|-)(?:(?:al|ul|el)[- ])?(?:Ula|Oula|Awwal|Akhirah?|Thani|Akhir|I{1,2})\b"
    r"|Rajab|Sha[ʿ'‘’]?a?ban|Ramadh?an|Shawwal|Dhu(?:\s+|-)(?:(?:al|l)[- ])?(?:Qa[ʿ'‘’]?dah?|Qi[ʿ'‘’]?dah?|Hijjah?))"
)

_STREET_WORDS: Final = (
    r"Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|Building|Drive|Lane|Way|Place|Square|Plaza|Cad\.?|Caddesi"
    r"|Market|Wharf|Terrace|Crescent|Quay|Parade"
)
#: Endings of street names the house number follows ("Werderscher Markt 1", "Wetstraat 175").
STREET_BEFORE_NUMBER: Final[tuple[str, ...]] = ("markt", "platz", "strasse", "straße", "allee", "gasse", "straat")

#: An Australian territory and state before a postcode, as the federal pages' footers give it
#: ("Canberra ACT 2600", "Sydney NSW 2000").
_AU_STATES: Final = ("ACT", "NSW")

#: The first word of broadcasters' names that end with a number ("Kurdistan 24", "France 24",
#: "Europe 1", "Channel 4", "Rai 3"): the number after it is the name's.
BROADCASTERS: Final = frozenset({"Kurdistan", "France", "Europe", "Channel", "Canal", "Rai", "Antenne", "Antena"})

#: Spans that can never hold a figure; any candidate overlapping one is dropped.
MASK_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    # URLs, paths and slashed tokens ("2018/10/NSCT.pdf", "24/7", "9/11")
    re.compile(r"https?://\S+|www\.\S+|\(/[^)\s]*\)|\S*\w/\S*\d\S*|\S*\d/\S*\w\S*"),
    # handles and hashtags
    re.compile(r"(?<!\w)[@#]\w+"),
    # clock times (a British page's with a dot: "15.47 BST", "8.30am", a live blog's post time
    # "15.10" alone on its line)
    re.compile(
        r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}(?:\.\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)"
        r"|\b\d{1,2}\.\d{2}\s?(?:BST|GMT|CET|CEST|EET|EEST|UTC|[ECMP][SD]T)\b"
        r"|(?<![^\n])[ \t]*\d{1,2}\.\d{2}[ \t]*(?![^\n])",
        re.I,
    ),
    # phone numbers
    re.compile(
        r"\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b"
        r"|\+\d{1,3}[\s.-]?\(0\)\s?\d{1,4}(?:[\s.-]?\d{2,5}){1,4}\b"
        r"|(?<!\w)\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b|\b1-8\d\d-\d{3}-\d{4}\b"
        r"|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
    ),
    # list numbering at the start of a line ("1. The Coalition ...", "2) ...", "(3) Japan ...")
    # (also inside a quoted text: '"1. The Council remains ...'), a thread's post
    # numbering ("1/ Today the Coalition ...", "2/5 ...") and a numbered topic heading
    # with a dash ("1 - Iraq - Global Coalition against Daesh")
    re.compile(
        r"(?m)^[ \t]*(?:[\"“]?\d{1,3}[.)]|\(\d{1,3}\)|\d{1,2}/\d{0,2}|\d{1,2}[ \t]+[-–—](?=[ \t]+[A-Z]))(?=[ \t])"
    ),
    # an enumeration inside a sentence: "examines (1) the amount obligated, (2) how State …"
    re.compile(r"(?<![\w)])\(\d{1,2}\)(?=[ \t])"),
    # numbered anonymous speakers, phone prompts and end marks ("Official Two", "press 1", "-30-")
    re.compile(
        r"\b(?:Official|Briefer|Speaker|Participant|Questioner)\s+(?:One|Two|Three|Four|Five|[1-9])\b"
        r"|\bpress\s+\d(?:\s+(?:and\s+then|then|and)\s+\d)?|(?m:^[ \t]*[-–]\s*30\s*[-–][ \t]*$)"
    ),
    # addresses, codes and dates in figures: "1600 Pennsylvania Ave NW", "2172 Rayburn House Office Building",
    # "Washington, DC 20500", "P.O. Box 24063", footnote markers "[1]", "38-203PDF",
    # wire time codes "KUNA 131422 GMT", reactions "👏 1.3K · 💬 27"
    re.compile(
        rf"\b\d{{1,5}}\s+(?:[A-Z][\w.'’]*\s+){{1,4}}(?:{_STREET_WORDS})\b"
        r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\bP\.?\s?O\.?\s?Box\s+\d+|\[\d+\]|\b\d[\d-]*[A-Z]{2,}\b"
        r"|\b\d{4,6}\s*(?:GMT|UTC)\b|[👏💬❤♥🔁👍]\ufe0f?\s*\d[\d.,]*[KkM]?"
        # an Australian postcode ("Canberra ACT 2600"), a date with dashes ("17-9-2024")
        rf"|\b(?:{'|'.join(_AU_STATES)})\s+\d{{4}}\b|\b\d{{1,2}}-\d{{1,2}}-\d{{4}}\b"
    ),
    # page furniture: a document code and its year ("ST 7267 2015 INIT"), page counters ("1 / 2", "Showing 1 - 3 of 3
    # results", "1 page"), file sizes ("48.1 MB"), ratings ("Rate us five stars") and
    # a sponsor's offer ("68% off", "3 months free")
    re.compile(
        r"\b[A-Z]{1,5}\s+\d{3,6}\s+(?:19|20)\d\d\b"
        r"|(?<![\d/])\b\d{1,3} / \d{1,3}\b(?![\d/])|\b\d{1,4}\s*[-–]\s*\d{1,4}\s+of\s+\d{1,6}\b|\b\d+\s+pages?\b"
        r"|\b\d[\d.,]*\s?(?:[KMGT]B|kB|bytes)\b|\b[1-5](?:\.\d)?\s+[Ss]tars\b"
        r"|\b\d+\s?%\s+off\b|\b\d+\s+(?:months?|weeks?|days?)\s+free\b"
    ),
    # read-time chrome, and an embedded post's counters ("1,284 Retweets   3,106 Likes")
    re.compile(
        r"\b\d+\s*min(?:ute)?s?\.?\s+read(?:ing)?\b|\bread(?:ing)?\s+time\s*:?\s*\d+\s*min(?:ute)?s?\b"
        r"|\b\d[\d,.]*[KM]?\s+(?:Retweets?|Likes?|Replies|Quote Tweets|Reposts|Views|Comments|Shares)\b",
        re.I,
    ),
    # furniture of exports, wires and contact blocks: counters with the label first
    # ("Replies 38 · Likes 612", "Views: 932"), time zones ("UTC+3"), media counters ("[Image 1
    # of 2"), numbers after a contact label ("Hotline: 139") or with a trunk prefix ("(02) 6277
    # 7800"), registration numbers ("ABN 68 706 814 312", "ISBN 978-0-8330-9748-5"), Hijri
    # years ("1444 H") and a value in a bar of metadata fields ("Posts in export: 10 | ...")
    re.compile(
        r"\b(?:Replies|Retweets|Reposts|Quotes|Quote Tweets|Likes|Views|Comments|Shares|Bookmarks|Downloads"
        r"|Subscribers)\s*:?\s*\d[\d,.]*[KkM]?\b"
        r"|\b\d[\d,.]*\s+Reactions?\b|\d\ufe0f?\u20e3|\b\d{1,3}'\d{2}\"|\(\d{1,4}\s+(?:photos?|images?|pictures?|videos?)\)"
        r"|\b(?:UTC|GMT)\s?[+−-]\s?\d{1,2}(?::?\d\d)?\b"
        r"|\b(?:Image|Photo|Picture|Slide|Video|Post|Tweet|Graphic)s?\s+\d{1,3}\s+of\s+\d{1,3}\b"
        r"|\b(?:Hotline|Helpline|Tel|Telephone|Phone|Fax|Mobile)\.?\s*:?\s*\+?\d[\d ()-]*\d\b"
        r"|(?<!\w)\(0\d{1,4}\)\s?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}\b"
        r"|\b(?:ABN|ACN|ARBN|ISBN(?:-1[03])?|ISSN)\s*:?\s*[\dX](?:[\s-]?[\dX]){5,16}\b"
        r"|\b1[34]\d\d\s*A?H\b|(?<=:)\s*\d[\d,.]*(?=\s*\|)"
    ),
    # committees and regimes named by a resolution number ("the 1267 Sanctions Committee")
    re.compile(r"\b\d{3,4}\s+(?:\(\d{4}\)\s+)?(?:Sanctions\s+)?(?:Committee|Regime|List|Monitoring)\b"),
    # dates: "November 14, 2019", "Feb. 13", "14 November", "14th of November", "June 27 to 29"
    re.compile(rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*(?:-|–|to)\s*\d{{1,2}}\b)?(?:,?\s+\d{{4}})?"),
    # (with a range of days: "16 - 31 October 2017", "from 16 to 31 October")
    re.compile(rf"\b(?:\d{{1,2}}\s*(?:-|–|to|and)\s*)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?!\w)"),
    # Hijri dates: "Jumada I 29, 1445", "Dhu al-Qadah 19, 1444 H", "3 Rabi al-Awwal 1445"
    re.compile(
        rf"\b{HIJRI_MONTHS}\s+\d{{1,2}}\b(?:,?\s+\d{{4}}\b(?:\s*A?H\b)?)?"
        rf"|\b\d{{1,2}}\s+{HIJRI_MONTHS}(?:,?\s+\d{{4}}\b(?:\s*A?H\b)?)?"
    ),
    # reference numbers: resolutions, laws, sections, pages, phases, "number one"
    re.compile(
        r"(?:\b(?:Resolutions?|UNSCRs?|Res\.|No\.|No:|Nos\.|Number|Pages?|pp?\.|Sections?|References?|Rooms?"
        r"|Articles?|Art\.|Chapters?|Paragraphs?|Paras?\.|Annex(?:es)?|Items?|Vol\.?|Volumes?"
        r"|Rules?|Phases?|Titles?|Figures?|Fig\.|Tables?|Steps?|Levels?|Rounds?|Sessions?"
        r"|Flights?|Routes?|Highways?|Executive\s+Orders?|E\.\s?O\.|P\.\s?L\.|Pub\.\s?L\."
        r"|Public\s+Law|H\.\s?R\.|S\.\s?Res\.|Units?|Brigades?|Battalions?|Divisions?|Regiments?"
        r"|Columns?|Roles?|Suites?|Episodes?|Licen[cs]es?|Versions?|Air\s+Bases?|Recommendations?|Programs?"
        r"|Outcomes?|Task\s+(?:Groups?|Forces?)(?:\s+[A-Z][a-z]+)?)|§)\s*"
        # (a subsection glued on: "Article 24(2)", "section 1(a)(iii)(C)")
        r"(?:\d[\d,.]*\w*(?:\([0-9a-zA-Z]{1,4}\))*|one|two|three|four|five|six|seven|eight|nine|ten)"
        r"(?:\s*\(\d{4}\))?(?:\s*(?:,|and|&|to|of|-|–)\s*\d[\d.]*\w*(?:\s*\(\d{4}\))?)*",
        re.I,
    ),
)

# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

#: Tokens: "US$", a currency or percent sign, a number, initials ("U.S."), a word, any other
#: character. Each alternative begins with a single character or set ("\d\d*", not "\d+"):
#: the regex engine then skips an alternative that cannot start at a position without trying
#: it, which makes tokenizing, done on every statement's whole text, a fifth faster.
_TOKEN_RE: Final = re.compile(r"US\$|[$€£¥%]|\d\d*(?:,\d{3})*(?:\.\d+)?|[A-Z]\.(?:[A-Z]\.)+|\w\w*(?:['’]\w+)*|\S")
#: A footnote marker run into the word before it when a superscript was lost ("some 88,000
#: square kilometers3 — was gone"): a lower-case word, then one or two digits ending the token.
#: (Written digit first, the letters checked behind it: a text has far fewer digits than
#: letters, and this search runs on every statement; twice as fast as "[a-z]{3}\d\d?\b".)
_GLUED_MARKER_RE: Final = re.compile(r"\d(?<=[a-z][a-z][a-z]\d)\d?\b")
#: ``_TOKEN_RE`` splitting such a word from its marker, so that the word is read ("square
#: kilometers" is a unit) and the marker, glued to a word, is no figure. Only used on a text
#: that has one (``_GLUED_MARKER_RE``): the extra alternative slows every word down.
_MARKER_TOKEN_RE: Final = re.compile(
    r"US\$|[$€£¥%]|\d\d*(?:,\d{3})*(?:\.\d+)?|[A-Z]\.(?:[A-Z]\.)+|[a-z][a-z][a-z]++(?=\d\d?\b)|\w\w*(?:['’]\w+)*|\S"
)
_NUMBER_RE: Final = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
#: Written "[.!?][.!?]*" and "\n\n*" rather than "[.!?]+" and "\n+" for speed (see ``_TOKEN_RE``).
_SENTENCE_BREAK_RE: Final = re.compile(r"[.!?][.!?]*[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])|\n\n*")
_WORD_BEFORE_RE: Final = re.compile(r"[\w.]*$")
_INITIALS_RE: Final = re.compile(r"(?:[a-z]\.)*[a-z]")
_ABBREVIATIONS: Final[frozenset[str]] = _wordset(
    """
    mr mrs ms dr st no nos vs e.g i.e gen sen rep gov approx ca p pp vol art fig jr
    sr inc ltd co corp dept jan feb mar apr jun jul aug sep sept oct nov dec lt col
    maj capt adm sgt amb hon prof
    """
)


def _tokenize(text: str) -> list[str]:
    """The lower-cased tokens of a phrase of the tables (the input's are in ``_Stream``)."""
    return [t.lower().replace("’", "'") for t in _TOKEN_RE.findall(text)]


_Phrases = dict[str, list[tuple[list[str], object]]]


def _phrase_index(table: dict[str, object]) -> _Phrases:
    """Index phrases by their first token, longest first, for a cheap longest match."""
    index: _Phrases = {}
    for phrase, value in table.items():
        key = _tokenize(phrase)
        index.setdefault(key[0], []).append((key, value))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_QUALIFIERS: Final = _phrase_index(dict(QUALIFIER_PHRASES))
_POST_QUALIFIERS: Final = _phrase_index(dict(POST_QUALIFIER_PHRASES))
_UNITS: Final = _phrase_index(dict(UNIT_PHRASES))
_VAGUE_DETS: Final = _phrase_index(dict.fromkeys(VAGUE_DETERMINERS, True))


class _Stream:
    """The tokens of a text, with helpers for adjacency and phrase matching.

    Tokens are kept as parallel lists (text, lower-cased text) and their match objects for
    their offsets, rather than as one object each: a statement has hundreds of tokens, most
    never looked at past their lower-cased text, and building an object per token cost
    more than everything else the extractor does with them.
    """

    __slots__ = ("found", "lows", "n", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        tokens = _MARKER_TOKEN_RE if _GLUED_MARKER_RE.search(text) else _TOKEN_RE
        self.found = list(tokens.finditer(text))
        self.words: list[str] = [m[0] for m in self.found]
        lows = [w.lower() for w in self.words]
        self.lows: list[str] = [w.replace("’", "'") for w in lows] if "’" in text else lows
        self.n = len(self.found)

    def start(self, i: int) -> int:
        return self.found[i].start()

    def end(self, i: int) -> int:
        return self.found[i].end()

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < self.n else ""

    def glued(self, i: int) -> bool:
        """True when token ``i`` directly touches token ``i - 1`` (no space)."""
        return 0 < i < self.n and self.found[i - 1].end() == self.found[i].start()

    def is_number(self, i: int) -> bool:
        return self.words[i][0].isdecimal()

    def is_word(self, i: int) -> bool:
        return self.words[i][0].isalpha()

    def match(self, i: int, index: _Phrases) -> tuple[object, int] | None:
        """Longest phrase of ``index`` starting at token ``i``: (value, next index)."""
        for phrase, value in index.get(self.low(i), ()):
            if self.lows[i : i + len(phrase)] == phrase:  # i is a token: its first word matched
                return value, i + len(phrase)
        return None

    def qualifier(self, i: int) -> tuple[str, int] | None:
        found = self.match(i, _QUALIFIERS)
        return (str(found[0]), found[1]) if found else None

    def post_qualifier(self, i: int) -> tuple[str, int] | None:
        found = self.match(i, _POST_QUALIFIERS)
        return (str(found[0]), found[1]) if found else None

    def unit(self, i: int) -> tuple[tuple[str, str, float], int] | None:
        found = self.match(i, _UNITS)
        return (found[0], found[1]) if found else None  # type: ignore[return-value]


_HYPHENS: Final = frozenset({"-", "–"})
#: Every token a figure can begin with (besides digits): a qualifier, a currency, a number
#: word, a scale, a vague amount or a fraction. A pre-filter only: ``_parse_at`` decides.
_STARTERS: Final[frozenset[str]] = frozenset(
    {
        *_QUALIFIERS,
        *_VAGUE_DETS,
        *CURRENCY_PREFIXES,
        *CARDINALS,
        *SCALE_WORDS,
        *VAGUE_PLURALS,
        *FRACTION_DENOMINATORS,
        *(t for phrase in CURRENCY_PREFIXES for t in _tokenize(phrase)),
        "tens",
        "a",
        "an",
        "half",
        "one",
        "dozen",
        "dozens",
        "quarter",
        "quarters",
        "third",
        "thirds",
    }
)


#: The words ``_number`` can begin a number with: a cardinal ("one" among them), "a"/"an"
#: ("a hundred", "a third of"), "half", "tens", a vague plural or a vague determiner.
_NUMBER_WORDS: Final[frozenset[str]] = frozenset({*CARDINALS, *VAGUE_PLURALS, *_VAGUE_DETS, "a", "an", "half", "tens"})


def _may_start(s: _Stream, i: int) -> bool:
    """Whether a figure can begin at word ``i`` (not a number), as ``_parse_at`` reads one:
    with a qualifier phrase, a currency followed by a number, or a number word.

    Why: ``_STARTERS`` hold the first words of qualifier phrases ("in excess of", "on the
    order of", "as many as") and currency codes that are also words ("try"), which are far
    more common than figures; ``_parse_at`` fails on them after trying every reading. This
    asks only what those readings need first.
    """
    low = s.lows[i]
    if low in _NUMBER_WORDS or (low in _QUALIFIERS and s.qualifier(i) is not None):
        return True
    return low in CURRENCY_PREFIXES and i + 1 < s.n and (s.is_number(i + 1) or s.lows[i + 1] in _NUMBER_WORDS)


def _footnote(s: _Stream, i: int) -> bool:
    """ "4 Figures provided by the Combined Joint Task Force ...": the number that begins a
    footnote at the foot of a page converted from PDF, where the text cites it as a marker
    run into the text after punctuation ("... from Anbar.4", "in 2014.3").

    Why the marker: a line may also begin with a count ("300 Coalition personnel ..."); a
    footnote's number is cited in the text as a marker, a count's number is not.
    """
    word = s.words[i]
    if len(word) > 3 or i + 1 >= s.n or not s.words[i + 1][0].isupper():
        return False
    a = s.start(i)
    if a > 0 and s.text[s.text.rfind("\n", 0, a) + 1 : a].strip():
        return False  # not at the start of a line
    marker = re.compile(rf"(?:[^\W\d_][.,;:]|[\w”\"’)][.,;:][\"”’]?|\d{{4}}\.){word}(?!\d)")
    return marker.search(s.text) is not None


def _joins(s: _Stream, k: int) -> bool:
    """Token ``k`` (a hyphen or slash) is glued to both neighbours: "eighty-one"."""
    return s.glued(k) and s.glued(k + 1)


# --------------------------------------------------------------------------------------
# Number parsing
# --------------------------------------------------------------------------------------


@dataclass
class _Num:
    value: float | None
    end: int  # index of the next token
    words: bool = False  # spelled out
    bare_one: bool = False  # just "one"/"a": not a figure on its own
    fraction: bool = False
    has_scale: bool = False
    is_year: bool = False
    range_lower: bool = False  # "100,000" of "100,000–150,000"
    scale: float = 1  # the scale it was written with: 1e6 for "25 million", "$20m"


def _digits(s: _Stream, i: int, money: bool, range_upper: bool = False) -> _Num | None:
    """A number written in digits at token ``i``, with its scale ("1.5bn", "2 million").

    ``range_upper``: token ``i`` is the upper bound of a dash range ("100,000–150,000")
    whose lower bound was just read, so the hyphen glued before it is no "COVID-19".
    """
    word = s.words[i]
    if s.glued(i) and not (range_upper or _may_precede_digits(s, i)):
        return None
    if len(word) > 1 and word[0] == "0" and word[1] != ".":
        return None  # "0400 hours", "+0000", "01 Mar": a time, zone or date, never a quantity
    if len(word) > 4 and word.isdecimal() and not money:
        return None  # "UIN 67412", "[909311]", "10117 Berlin": quantities this big have separators
    if i > 0 and s.lows[i - 1].endswith(STREET_BEFORE_NUMBER):
        return None  # "Werderscher Markt 1": a house number
    if len(word) <= 2 and i > 0 and s.words[i - 1] in BROADCASTERS and not _scaled_after(s, i):
        return None  # "told Kurdistan 24", "Europe 1" (not "in Europe 1.5 million", "France 24 percent")
    if "." in word and not money and _year_and_marker(s, i):
        return _Num(float(word[:4]), i + 1, is_year=True)  # "in 2014.3 ISIL has": year, footnote 3
    value = float(word.replace(",", ""))
    num = _Num(value, i + 1)
    nxt = s.low(i + 1)
    if nxt == "," and _decimal_comma(s, i):  # German "€1,7 Mrd."
        num.value = float(f"{word}.{s.words[i + 2]}")
        num.end = i + 3
        return _scale_and_half(s, num)
    if s.glued(i + 1):
        if nxt in SCALE_SUFFIXES or (nxt in AMBIGUOUS_SCALE_SUFFIXES and (money or "." in word)):
            num.scale = {**SCALE_SUFFIXES, **AMBIGUOUS_SCALE_SUFFIXES}[nxt]
            num.value = value * num.scale
            num.has_scale = True
            num.end = i + 2
        elif s.is_word(i + 1) and nxt not in GLUED_UNITS:
            return None  # "18th", "5G", "1990s"
        elif nxt in {"/", ":"} or (nxt == "." and _glued_digit(s, i + 2)):
            return None
        elif nxt in _HYPHENS and _glued_digit(s, i + 2) and not range_upper:
            # "100,000–150,000": the upper bound is read next ("24-7" is no range)
            num.range_lower = float(s.words[i + 2].replace(",", "")) > value
    elif i + 1 < s.n and (
        (s.words[i + 1] in SPACED_SCALES and (money or "." in word))
        or (s.words[i + 1] in SIGNED_SCALES and s.low(i + 2) in TRAILING_SIGNS and s.glued(i + 2))
    ):
        # "3.0 M people in need": a key-figures box abbreviates the scale after a space
        num.scale = SIGNED_SCALES[s.words[i + 1]]
        num.value = value * num.scale
        num.has_scale = True
        num.end = i + 2
    num = _scale_and_half(s, num)
    num.is_year = _is_year(word) and not num.has_scale
    return num


def _scaled_after(s: _Stream, i: int) -> bool:
    """Whether a scale word or a share follows the number at token ``i``."""
    nxt = s.low(i + 1)
    return nxt in SCALE_WORDS or nxt in {"%", "percent"} or (nxt == "per" and s.low(i + 2) == "cent")


def _year_and_marker(s: _Stream, i: int) -> bool:
    """ "as many as 31,500 in 2014.3 ISIL has not": a year with a footnote marker run into it
    (a PDF conversion loses the superscript), not a decimal: a year, a point and one or two
    digits, followed by the capital of a new sentence or the end of the line."""
    word = s.words[i]
    if not (6 <= len(word) <= 7 and word[4] == "." and _is_year(word[:4])):
        return False
    end = s.end(i)
    rest = s.text[end : end + 3]
    return rest[:1] in {"", "\n"} or (rest[:1] == " " and rest[1:2].isupper())


def _decimal_comma(s: _Stream, i: int) -> bool:
    """ "1,7 Mrd.": a comma glued between digits, one or two decimals, then a German scale.

    Why only before "Mio."/"Mrd.": elsewhere "1,7" is as likely a list ("1,7 and 9").
    """
    return (
        _glued_digit(s, i + 2)
        and s.glued(i + 1)
        and len(s.words[i + 2]) <= 2
        and s.words[i + 2].isdecimal()
        and s.low(i + 3) in ABBREVIATED_SCALES
    )


def _glued_digit(s: _Stream, i: int) -> bool:
    return i < s.n and s.glued(i) and s.is_number(i)


_CLOSING_QUOTES: Final = frozenset({'"', "”", "’", "'"})
_CLAUSE_ENDS: Final = frozenset({".", ",", ";", ":", "!", "?"})


def _may_precede_digits(s: _Stream, i: int) -> bool:
    """A number glued to the token before it: fine after "$" or "(", not in "COVID-19"."""
    prev = s.words[i - 1]
    if s.lows[i - 1] in CURRENCY_PREFIXES:  # "US$240 million"
        return True
    if s.is_word(i - 1) or s.is_number(i - 1) or prev in {"/", ":", ".", "#", "@", "_", ","}:
        return False
    if prev in _CLOSING_QUOTES and i >= 2 and s.glued(i - 1) and s.words[i - 2] in _CLAUSE_ENDS:
        return False  # 'nobody wants to fund."4': a footnote marker after a quotation's end
    if prev in _HYPHENS:  # "COVID-19"; second half of a range "2017-18"
        return not (i >= 2 and s.glued(i - 1) and (s.is_word(i - 2) or s.is_number(i - 2)))
    return True


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdecimal() and 1800 <= int(word) <= 2100


def _words(s: _Stream, i: int) -> _Num | None:
    """Spelled-out numbers: "eighty-one", "three and a half", "a dozen", "one-third"."""
    words: list[str] = []
    k = i
    if s.low(k) in {"a", "an"} and (s.low(k + 1) in SCALE_WORDS or s.low(k + 1) == "dozen"):
        words.append("one")
        k += 1
    while k < s.n:
        w = s.low(k)
        if w in CARDINALS or (words and w in SCALE_WORDS):
            words.append(w)
            k += 1
        elif w in _HYPHENS and words and _joins(s, k) and s.low(k + 1) in CARDINALS:
            k += 1  # "eighty-one"
        elif w == "and" and words and words[-1] in SCALE_WORDS and s.low(k + 1) in CARDINALS:
            words.append(w)
            k += 1
        else:
            break
    if not words or _in_capitals_heading(s, i, k) or _in_proper_name(s, i, k):
        return None
    value, used = _words_value(words)
    if used < len(words):  # "ten eleven-year-olds": keep the longest valid prefix
        words, k = words[:used], _token_after_words(s, i, used)
    num = _Num(value, k, words=True, bare_one=(words == ["one"]))
    num.has_scale = any(w in SCALE_WORDS for w in words)
    num.scale = SCALE_WORDS.get(words[-1], 1)
    frac = _fraction_after(s, k, value)
    if frac is not None:
        return frac
    if s.low(k) == "dozen":
        num.value = value * 12
        num.end = k + 1
        num.bare_one = False
    return _scale_and_half(s, num, SCALE_WORDS.get(words[-1], 1))


def _in_capitals_heading(s: _Stream, i: int, k: int) -> bool:
    """ "FIVE YEARS OF COALITION ACTION", "3. FIVE QUESTIONS FOR ...": a number word written
    in capitals before another word in capitals is part of a heading, not a figure."""
    word = s.words[i]
    return word.isupper() and len(word) > 1 and k < s.n and s.words[k].isupper() and len(s.words[k]) > 1


def _in_proper_name(s: _Stream, i: int, k: int) -> bool:
    """ "the Custodian of the Two Holy Mosques", "the Five Eyes": a number word capitalised
    inside a sentence (after a word) and followed by a capitalised word is part of a name.
    Not before a unit ("Coalition Marks Five Years of ...", a title-case headline)."""
    word = s.words[i]
    if not word[0].isupper() or word.isupper() or i == 0 or not s.is_word(i - 1):
        return False
    if "\n" in s.text[s.end(i - 1) : s.start(i)]:
        return False
    return k < s.n and s.words[k][0].isupper() and s.is_word(k) and s.unit(k) is None and s.low(k) not in SCALE_WORDS


def _words_value(words: list[str]) -> tuple[float, int]:
    """Value of the longest prefix of ``words`` that text2num accepts, and its length."""
    for n in range(len(words), 0, -1):
        if words[n - 1] == "and":
            continue
        try:
            return float(text2num(" ".join(words[:n]), "en")), n
        except ValueError:
            continue
    return float(text2num(words[0], "en")), 1


def _token_after_words(s: _Stream, i: int, used: int) -> int:
    """Index of the token after the first ``used`` number words starting at ``i``."""
    k = i + 1 if s.low(i) in {"a", "an"} else i
    seen = 1 if k > i else 0
    while seen < used:
        if s.low(k) not in _HYPHENS:
            seen += 1
        k += 1
    return k


def _fraction_after(s: _Stream, k: int, numerator: float) -> _Num | None:
    """ "one-third", "two thirds": a cardinal followed by a denominator word."""
    j = k + 1 if s.low(k) in _HYPHENS and s.glued(k) else k
    den = FRACTION_DENOMINATORS.get(s.low(j))
    if den is None or (s.low(j) in {"half", "halves"} and numerator != 1):
        return None
    return _Num(numerator / den, j + 1, words=True, fraction=True)


def _bare_fraction(s: _Stream, i: int, qualified: bool) -> _Num | None:
    """ "half", "a third of", "a quarter of", "half a million"."""
    w = s.low(i)
    if w == "half":
        if s.low(i + 1) in {"a", "an"}:
            if s.low(i + 2) in SCALE_WORDS:
                scale = SCALE_WORDS[s.low(i + 2)]
                return _Num(0.5 * scale, i + 3, words=True, has_scale=True, scale=scale)
            if s.low(i + 2) == "dozen":
                return _Num(6, i + 3, words=True)
            unit = s.unit(i + 2)
            if unit is not None and unit[0][1] in _MEASURES:  # "half a ton": 0.5 t, not a share
                return _Num(0.5, i + 2, words=True)
        if qualified or (s.low(i + 1) == "of" and not _half_is_figurative(s, i)):
            return _Num(0.5, i + 1, words=True, fraction=True)
        return None
    singular = s.low(i + 1) in {"half", "third", "quarter", "fifth", "tenth"}
    if (
        w in {"a", "one"}
        and singular
        and s.low(i + 2) == "of"
        and s.low(i + 3) in {"a", "one"}
        and s.low(i + 4) in SCALE_WORDS
    ):
        # "a quarter of a million": a number, 250,000
        scale = SCALE_WORDS[s.low(i + 4)]
        value = scale / FRACTION_DENOMINATORS[s.low(i + 1)]
        return _Num(value, i + 5, words=True, has_scale=True, scale=scale)
    # "a third of"; with a qualifier, also "less than a fifth has arrived"
    if w in {"a", "one"} and singular and (s.low(i + 2) == "of" or qualified):
        return _Num(1 / FRACTION_DENOMINATORS[s.low(i + 1)], i + 2, words=True, fraction=True)
    return None


#: Dimensions of units that "half a" can measure ("half a ton", "half an hour").
_MEASURES: Final = frozenset({"mass", "length", "area", "duration"})


def _half_is_figurative(s: _Stream, i: int) -> bool:
    prev = s.low(i - 1)
    return prev in NON_FRACTION_HALF_PREDECESSORS or prev.endswith("er")


def _scale_and_half(s: _Stream, num: _Num, scale: float = 1) -> _Num:
    """Read "and a half" and scale words after a number.

    "and a half" is half of the number's last unit: "three and a half million" = 3.5e6,
    but "a million and a half" = 1.5e6 and "a billion and a half dollars" = 1.5e9.
    ``scale``: the scale word the number itself ended with ("a million" -> 1e6).
    """
    k = num.end
    half = num.value is not None and _and_a_half(s, k)
    if half:
        num.value += 0.5 * scale  # type: ignore[operator]
        num.bare_one = False
        k += 3
    while s.low(k) in SCALE_WORDS and num.value is not None:
        scale = SCALE_WORDS[s.low(k)]
        num.value *= scale
        num.scale *= scale
        num.has_scale = True
        num.bare_one = False
        k += 1
        if s.lows[k - 1] in ABBREVIATED_SCALES and s.low(k) == "." and s.glued(k):
            k += 1  # "Mrd."
        if not half and _and_a_half(s, k):
            num.value += 0.5 * scale
            half = True
            k += 3
    num.end = k
    return num


def _and_a_half(s: _Stream, k: int) -> bool:
    return s.low(k) == "and" and s.low(k + 1) == "a" and s.low(k + 2) == "half"


def _vague(s: _Stream, i: int) -> _Num | None:
    """ "thousands", "tens of thousands", "hundreds of millions", "a few hundred"."""
    w = s.low(i)
    k: int | None = None
    if w in VAGUE_PLURALS:
        k = i + 1
    elif w == "tens" and s.low(i + 1) == "of" and s.low(i + 2) in VAGUE_PLURALS:
        k = i + 3
    else:
        det = s.match(i, _VAGUE_DETS)
        if det is not None and s.low(det[1]) in SCALE_WORDS:
            k = det[1] + 1
    if k is None:
        return None
    while s.low(k) == "of" and s.low(k + 1) in VAGUE_PLURALS:
        k += 2
    return _Num(None, k)


def _number(s: _Stream, i: int, money: bool, qualified: bool, range_upper: bool = False) -> _Num | None:
    if i >= s.n:
        return None
    if not money and (ratio := _ratio(s, i)) is not None:
        return ratio
    if s.is_number(i):
        return _digits(s, i, money, range_upper)
    return _bare_fraction(s, i, qualified) or _words(s, i) or _vague(s, i)


def _small_number(s: _Stream, i: int) -> float | None:
    """A one-token number: "5" or "five" (used for ratios)."""
    if i >= s.n:
        return None
    word, low = s.words[i], s.lows[i]
    if _NUMBER_RE.fullmatch(word):
        return float(word.replace(",", ""))
    return float(text2num(low, "en")) if low in CARDINALS else None


def _ratio(s: _Stream, i: int) -> _Num | None:
    """ "one in five Iraqis", "two in every three", "7 out of 10": a fraction.

    "N in M" without "every" needs N = 1 ("killed 2 in 3 attacks" is not a ratio).
    """
    if s.low(i + 1) == "in":
        every = s.low(i + 2) == "every"
        j = i + 3 if every else i + 2
    elif (s.low(i + 1), s.low(i + 2)) == ("out", "of"):
        every, j = True, i + 3
    else:
        return None
    num, den = _small_number(s, i), _small_number(s, j)
    if num is None or den is None or not 0 < num < den or (num != 1 and not every):
        return None
    if _is_year(s.words[j]) or s.low(j + 1) in SCALE_WORDS or s.glued(j + 1):
        return None
    return _Num(num / den, j + 1, words=True, fraction=True)


# --------------------------------------------------------------------------------------
# Figure assembly
# --------------------------------------------------------------------------------------


@dataclass
class _Fig:
    start: int
    end: int
    value: float | None
    unit: str | None
    dimension: str | None
    qualifier: str
    explicit_qualifier: bool
    noun: str | None
    inheritable: bool = True  # a post-qualifier ("150,000+") does not distribute
    number_start: int = 0  # where the number begins, after the qualifier
    scale: float = 1  # the scale word it was written with ("€25 million": 1e6)
    range_lower: bool = False  # "100,000" of "100,000–150,000"
    noun_end: int = 0  # the token after the figure and its noun phrase


def _parse_at(
    s: _Stream, i: int, after_figure: bool = False, prev: _Fig | None = None, dollar: str = "USD"
) -> tuple[_Fig, int] | None:
    """Try to read one figure starting at token ``i``; return it and the next index.

    ``after_figure``: a figure (or its noun phrase) ends right before token ``i``. "£150
    million over three years" then reads "over" as "during", not as "more than".
    ``prev``: the figure read before, if any. ``dollar``: the currency "$" stands for.
    """
    j = i
    qual = s.qualifier(j)
    qualifier = "exact"
    if qual is not None:
        qualifier, j = qual
        if s.low(i) == "over" and s.low(i - 1) in OVER_PARTICLE_VERBS:
            return _parse_at(s, j, prev=prev, dollar=dollar)  # "will hand over 64 vehicles": the verb's
        during = after_figure or _money_before(s, i, prev) or _passive_before(s, i)
        if s.low(i) == "over" and _over_means_during(s, i, during):
            return _parse_at(s, j, prev=prev, dollar=dollar)
    currency = CURRENCY_PREFIXES.get(s.low(j))
    if currency is not None:
        currency = dollar if currency == "USD" and s.low(j) == "$" else currency
        j += 1
    range_upper = prev is not None and prev.range_lower and s.glued(j) and s.low(j - 1) in _HYPHENS
    num = _number(s, j, currency is not None, qual is not None, range_upper)
    if num is None or (num.is_year and currency is None and not _measure_follows(s, num.end)):
        return None
    if s.low(num.end) == "stars":
        return None  # "Rate us five stars": a rating
    if s.low(num.end) == "times" and _comparative(s.low(num.end + 1)):
        return None  # "more than ten times larger": a multiplier
    if s.low(j) == "two" and s.low(j - 1) == "the" and s.low(num.end) in PARTY_NOUNS:
        return None  # "the two sides", "the two ministers": the parties, named
    if num.words and s.low(j - 1) == "the" and s.low(num.end) == "of" and s.low(num.end + 1) in _GROUP_PRONOUNS:
        return None  # "We met here, the three of us": the parties, named
    if num.bare_one and qual is None and not _one_counts(s, j, num, prev):
        return None
    if num.value is None and qual is None:
        qualifier = "approximately"
    if num.range_lower and qualifier == "exact":
        qualifier = "at_least"
    if range_upper and qualifier == "exact":
        qualifier = "up_to"
    fig = _Fig(s.start(i), 0, num.value, None, None, qualifier, qual is not None, None)
    fig.number_start, fig.range_lower = s.start(j), num.range_lower
    fig.scale = num.scale
    if currency is not None:
        fig.unit, fig.dimension = currency, "currency"
    elif num.fraction:
        fig.unit, fig.dimension = "fraction", "fraction"
    elif range_upper and prev is not None and prev.dimension == "currency":
        fig.unit, fig.dimension = prev.unit, prev.dimension  # "$5-10 million"
    k = _attach_unit(s, num, fig, num.end)
    post = s.post_qualifier(k)
    if post is not None and qual is None:
        fig.qualifier, k = post
        fig.explicit_qualifier, fig.inheritable = True, False
    fig.end = s.end(k - 1)
    fig.noun_end = _attach_noun(s, i, k, fig, prev)
    return fig, k


#: "the two sides", "the two ministers": the two parties of a meeting, named, not counted.
PARTY_NOUNS: Final[frozenset[str]] = _wordset(
    "sides parties ministers leaders presidents delegations governments countries heads men"
)
#: "the three of us": the people present, named as a group, not counted.
_GROUP_PRONOUNS: Final[frozenset[str]] = _wordset("us you them")
_COMPARATIVES: Final[frozenset[str]] = _wordset("more less fewer as larger greater higher bigger smaller lower")


def _comparative(low: str) -> bool:
    """ "larger", "more", "as" (in "three times as many"): what makes "N times" a multiplier."""
    return low in _COMPARATIVES or (len(low) > 4 and low.endswith("er") and low.isalpha())


#: "1,500 a month", "50 per day": a rate, not a counted noun.
RATE_WORDS: Final[frozenset[str]] = frozenset({"a", "an", "per", "each", "every"})
RATE_PERIODS: Final[frozenset[str]] = _wordset("day week month year quarter")

#: Before "one" + a duration, these make it a span of time: "after one year".
DURATION_PREPOSITIONS: Final[frozenset[str]] = _wordset("after for within in over during than of")


def _one_counts(s: _Stream, j: int, num: _Num, prev: _Fig | None) -> bool:
    """Whether a bare "one" at token ``j`` is a figure after all (it is usually a pronoun or
    an idiom: "one of the largest", "one day", "each one").

    It is one in two readings: a span of time after a preposition ("after one year",
    "within one month") or before "ago" ("one year ago"), and a count listed with
    another ("Two CP-140 aircraft and one CC-150T"), where "and one" continues an
    enumeration of counts.
    """
    if s.low(j) != "one" or s.low(j + 1) == "of":
        return False
    unit = s.unit(num.end)
    if unit is not None and unit[0][1] == "duration":
        # "formed one year ago": a span of time back to an event, as "three decades ago" is
        return s.low(j - 1) in DURATION_PREPOSITIONS or s.low(unit[1]) == "ago"
    if prev is None or prev.dimension != "count" or prev.value is None or s.low(j - 1) not in {"and", "or", ","}:
        return False
    if s.low(j - 1) == "," and not s.words[num.end][:1].isupper():
        return False  # ", one E-7A Wedgetail": a listed type; not ", one camp" (a phrase)
    gap = s.text[prev.end : s.start(j)]
    return _LIST_GAP_RE.match(gap) is not None and not _clause_break(s.text, prev.end, s.start(j))


#: Between two counts of a list: a short noun phrase, designations included ("six F/A-18F
#: Super Hornets, one E-7A Wedgetail and one KC-30A"), then a comma or "and"/"or".
_LIST_GAP_RE: Final = re.compile(r"^[\w'’\-/ ]{0,60}?(?:,\s*(?:and|or)?|\band|\bor)\s*$")


def _over_means_during(s: _Stream, i: int, after_figure: bool) -> bool:
    if s.low(i - 1) in OVER_DURATION_MORE_THAN or not after_figure:
        return False
    found = _parse_at(s, i + 1)
    return found is not None and found[0].dimension == "duration"


#: Verbs whose particle is "over" ("hand over 64 vehicles", "turned over 30 suspects"): what
#: follows is the number handed, not more than it.
#: ("took over 500 prisoners", "gave over $30 million" are more than the number: not these)
OVER_PARTICLE_VERBS: Final[frozenset[str]] = _wordset("hand hands handed handing turn turns turned turning")


#: Forms of "be" that make the participle after them passive.
_BE_FORMS: Final[frozenset[str]] = _wordset("is are was were be been being")


def _passive_before(s: _Stream, i: int) -> bool:
    """A passive verb comes right before token ``i``: "It was rehabilitated over five
    months", "were trained over two years" spread the work over the period ("during"), as an
    amount before it does; "lasted over", "for over" stay "more than" (``_over_means_during``)."""
    verb = s.low(i - 1)
    return s.low(i - 2) in _BE_FORMS and (verb.endswith("ed") or verb in IRREGULAR_PARTICIPLES)


def _money_before(s: _Stream, i: int, prev: _Fig | None) -> bool:
    """An amount of money comes earlier in the sentence of token ``i``: "a loan of €430
    million from the French Development Agency (AFD) over four years" spreads the amount
    over the period ("during"), as right after the figure ("£150 million over three years")."""
    if prev is None or prev.dimension != "currency":
        return False
    return _SENTENCE_BREAK_RE.search(s.text, prev.end, s.start(i) + 1) is None


def _measure_follows(s: _Stream, k: int) -> bool:
    """A 4-digit number followed by a non-time unit is a quantity, not a year."""
    unit = s.unit(k)
    return unit is not None and unit[0][1] != "duration"


def _attach_unit(s: _Stream, num: _Num, fig: _Fig, k: int) -> int:
    """Read a measurement unit (or hyphen compound) after the number; return next index."""
    if fig.unit is not None:
        return k
    if s.low(k) in _HYPHENS and s.glued(k) and s.glued(k + 1):
        return _attach_compound(s, fig, k)
    j = k + 1 if num.value is None and s.low(k) == "of" else k  # "millions of dollars"
    unit = s.unit(j)
    if unit is None or (j > k and unit[0][1] != "currency"):
        return k
    if s.glued(j) and s.low(j) not in GLUED_UNITS and s.low(j) != "%" and s.low(j) not in TRAILING_SIGNS:
        return k
    (fig.unit, fig.dimension, factor), end = unit
    fig.value = None if fig.value is None else fig.value * factor
    return end


def _attach_compound(s: _Stream, fig: _Fig, k: int) -> int:
    """ "thirty-kilometer", "24-hour", "68-member", "5,000-strong"."""
    unit = s.unit(k + 1)
    if unit is not None and unit[0][1] in {"length", "duration", "area", "mass"}:
        (fig.unit, fig.dimension, factor), end = unit
        fig.value = None if fig.value is None else fig.value * factor
        return end
    compound = COMPOUND_COUNT_WORDS.get(s.low(k + 1))
    if compound is None:
        return k
    fig.unit, fig.noun = compound
    fig.dimension = "count"
    if fig.noun is None:
        fig.noun = _noun_phrase(s, _skip_determiners(s, k + 2))[0]
    return k + 2


def _attach_noun(s: _Stream, i: int, k: int, fig: _Fig, prev: _Fig | None = None) -> int:
    """Set the figure's noun (and, for a count, people or count); return the token after
    the noun phrase (``k`` when there is none)."""
    if fig.dimension == "count":  # hyphen compound, already decided
        return k
    if fig.dimension == "currency":
        if s.low(k) in {"in", "for", "of"}:
            fig.noun, end = _noun_phrase(s, _skip_determiners(s, k + 1))
            return end if fig.noun is not None else k
        return k
    if fig.dimension == "fraction" and s.low(k - 2) in {"in", "every", "of"}:  # "one in five Iraqis"
        fig.noun, end = _noun_phrase(s, k)
        return end
    if fig.dimension is not None:
        if s.low(k) == "of":
            fig.noun, end = _noun_phrase(s, _skip_determiners(s, k + 1))
            return end if fig.noun is not None else k
        return k
    if s.low(i - 1) == "aged" or (s.low(i - 1) == "of" and s.low(i - 2) in AGE_WORDS):
        fig.unit, fig.dimension, fig.noun = "years", "duration", "age"
        return k
    fig.dimension = "count"
    label = _leader_label(s, i, prev)
    if label is not None:
        fig.noun, fig.unit = label
        return k
    fig.noun, fig.unit, end = _count_noun(s, i, k)
    return end


def _count_noun(s: _Stream, i: int, k: int) -> tuple[str | None, str, int]:
    """The counted noun after a count ending before token ``k``, people or count, and the
    token after the noun phrase."""
    if s.low(i - 1) == "of" and s.low(i - 2) in PARENT_WORDS:
        return "children", "people", k  # "a mother of five"
    if s.low(k) in _QUOTE_MARKS and s.glued(k) and s.low(i - 1) in _QUOTE_MARKS:
        k += 1  # '"fewer than 1,000" militants': a figure quoted alone, its noun after the quote
    start = k
    if s.low(k) in {"more", "fewer"} and _is_np_word(s, k + 1):
        k += 1  # "300 more troops": what is counted follows the comparison
    if s.low(k) == "of":  # partitive: "200 of these fighters", "thousands of Syrians"
        k = _skip_determiners(s, k + 1)
        if s.low(k) in {"them", "us", "you", "whom"}:
            # "about 2,000 of them foreign terrorist fighters": what they are follows
            noun, end = _noun_phrase(s, k + 1) if s.is_word(k + 1) and s.words[k + 1][0].islower() else (None, k)
            if noun is None:
                # "1,900 of you now read this", "Three of us were injured": persons, spoken to
                # or speaking; "them" may be things, and counts what came before (``_OF_THEM_RE``)
                return None, "people" if s.low(k) in {"us", "you"} else "count", start
            unit = _count_unit(noun, s, end)
            return (_first_conjunct(noun) if unit == "people" else noun), unit, end
    elif s.low(k) in RATE_WORDS and s.low(k + 1) in RATE_PERIODS:
        # "1,500 a month": a rate; what is counted is said elsewhere, or by its verb ("as many
        # as 2,000 a month were crossing into Syria": people)
        return None, "people" if _human_predicate(s, k + 2) else "count", start
    if s.low(k) in HUMAN_PREDICATES and not _is_np_word(s, k + 1):
        return None, "people", start  # "more than 500 surrendered to …": a verb, not a noun
    noun, end = _noun_phrase(s, k)
    if noun is not None:
        unit = _count_unit(noun, s, end)
        return (_first_conjunct(noun) if unit == "people" else noun), unit, end
    if s.low(k) in {"are", "were"}:  # "some 2,000 are foreign fighters"
        predicate, end = _noun_phrase(s, k + 1)
        if predicate is not None and _count_unit(predicate, s, end) == "people":
            return predicate, "people", start
    return None, "people" if _human_predicate(s, k) else "count", start


#: Quotation marks around a figure quoted alone (straight or curly, either side).
_QUOTE_MARKS: Final = frozenset({'"', "“", "”"})


def _leader_label(s: _Stream, i: int, prev: _Fig | None) -> tuple[str | None, str] | None:
    """ "Iraqi security forces trained ........ 190,000+": the noun and unit of a figure
    that ends a dotted leader line, read from the label before the leader.

    Why: in a "BY THE NUMBERS" list the counted thing is written before the figure, and
    what follows it is the next line's label, not its noun.
    """
    a = s.start(i)
    before = s.text[max(0, a - 8) : a]
    if (".." not in before and "…" not in before) or _LEADER_RE.search(before) is None:
        return None
    k = i - 1
    while k > 0 and s.lows[k - 1] in {".", "…"}:
        k -= 1  # k: the leader's first dot
    # The label: back to a line break or to the previous entry's figure, whichever is nearer
    # (a converted list may have its lines run together); "(Aug 2014 - Mar 2019)" is in it.
    j, depth = k, 0
    floor = prev.end if prev is not None else 0
    while j > 0 and k - j < _MAX_LABEL and s.end(j - 1) > floor:
        if "\n" in s.text[s.end(j - 1) : s.start(j)]:
            break
        low = s.lows[j - 1]
        if low in {")", "]"}:
            depth += 1
        elif low in {"(", "["}:
            depth = max(0, depth - 1)
        elif depth == 0 and (s.is_number(j - 1) or low in {"+", "%", "…", "."}):
            break
        j -= 1
    noun, end = _noun_phrase(s, _skip_determiners(s, j))
    if noun is None or end > k:
        return None
    unit = _count_unit(noun, s, end)
    return (_first_conjunct(noun) if unit == "people" else noun), unit


_MAX_LABEL: Final = 24
_LEADER_RE: Final = re.compile(r"(?:\.[ \t]?){3,}[ \t]*$|…[ \t]*$")


def _skip_determiners(s: _Stream, k: int) -> int:
    while s.low(k) in DETERMINERS:
        k += 1
    return k


def _human_predicate(s: _Stream, k: int) -> bool:
    while s.low(k) in AUXILIARIES:
        k += 1
    return s.low(k) in HUMAN_PREDICATES


def _is_np_word(s: _Stream, k: int) -> bool:
    if k >= s.n:
        return False
    low = s.lows[k]
    return (
        s.is_word(k)
        # "IS" in "16,000 IS militants" is the group's initials, not the verb
        and (low not in NP_STOPWORDS or (len(low) > 1 and s.words[k].isupper()))
        and low not in CARDINALS
        and low not in SCALE_WORDS
        and _MONTH_RE.fullmatch(s.words[k]) is None
    )


def _noun_phrase(s: _Stream, k: int) -> tuple[str | None, int]:
    """The short noun phrase starting at token ``k`` and the index after it."""
    parts: list[str] = []
    while k < s.n and len(parts) < 8:
        if k > 0 and (parts or s.is_number(k - 1)) and _line_ends_before(s, k):
            break  # "Ain Issa Ar-Raqqa 13,100\nMabrouka ...": the next row is no noun
        low = s.lows[k]
        if parts and low in {"-", "/"} and _joins(s, k) and _is_np_word(s, k + 1):
            parts[-1] += s.words[k] + s.words[k + 1]  # "ISIS-related", "Daesh/ISIS"
            k += 2
            continue
        if low in {"and", "or", "&"}:
            if not parts or not _is_np_word(s, k + 1) or s.low(k + 1) in DETERMINERS:
                break
            if s.qualifier(k + 1) is not None:
                break
            parts.append(s.words[k])
            k += 1
            continue
        if not _is_np_word(s, k) or (parts and _ends_np(s, parts[-1], k)):
            break
        parts.append(s.words[k])
        k += 1
        if s.low(k) in {"'", "’"} and s.glued(k):
            break  # plural possessive: "partners' provision"
    while parts and parts[-1].lower() in {"and", "or", "&"}:
        parts.pop()
        k -= 1
    while parts and parts[0].lower() in DETERMINERS:
        parts.pop(0)
    return (" ".join(parts) if parts else None), k


def _line_ends_before(s: _Stream, k: int) -> bool:
    """Whether a line ends between token ``k - 1`` and token ``k``, and not as a wrap inside
    a paragraph (``_is_wrap``): a table row, a list item or a heading ends there."""
    a, b = s.end(k - 1), s.start(k)
    if b - a == 1:  # most often one space
        if s.text[a] != "\n":
            return False
    elif b == a or "\n" not in s.text[a:b]:
        return False
    return not _is_wrap(s.text, s.text.index("\n", a, b), b)


def _ends_np(s: _Stream, prev: str, k: int) -> bool:
    """Heuristics for where a noun phrase stops without a stop word.

    A plural noun followed by a capitalised word, a participle or a gerund ends it
    ("territories ISIS once controlled", "projects funded by"); so does a trailing
    participle ("territory liberated.").
    """
    low = s.lows[k]
    plural = prev.endswith("s") and not prev.endswith(("ss", "'s", "’s"))
    verbal = low.endswith(("ed", "ing")) or low in IRREGULAR_PARTICIPLES
    if plural and (s.words[k][0].isupper() or verbal):
        return True
    return low.endswith("ed") and not _is_np_word(s, k + 1)


_CONJUNCTS_RE: Final = re.compile(r"\s*(?:,|\band\b|\bor\b|&)\s*")
_CONJUNCTION_RE: Final = re.compile(r"\s+(?:and|or|&)\s+")


def _count_unit(noun: str, s: _Stream, after: int) -> str:
    """``people`` or ``count`` for a counted noun phrase (see module docstring)."""
    conjuncts = [c.split() for c in _CONJUNCTS_RE.split(noun)]
    # "39 of its citizens and urging other States": a clause that starts with a verb is no conjunct.
    conjuncts = [conjuncts[0], *(c for c in conjuncts[1:] if not (c and c[0].islower() and c[0].endswith("ing")))]
    conjuncts = [_drop_participles(c) for c in conjuncts]
    heads = [
        _unbroken(c[-1]) if c[-1].isascii() else _unbroken(unicodedata.normalize("NFKC", c[-1])) for c in conjuncts if c
    ]
    lows = [h.lower() for h in heads]
    if any(h in NON_PERSON_NOUNS for h in lows):
        return "count"
    for words in conjuncts:
        if words and words[-1].lower() in {"members", "member"}:
            return _members_unit(words, s, after)
    if any(_person_noun(h) for h in lows) or any(DEMONYM_RE.match(h) for h in heads):
        return "people"
    if "elements" in lows and s.low(after) != "of":
        return "people"  # "2,500 elements hiding in the deserts" (not "three elements of the plan")
    return "count"


#: Singulars whose plural is not the word + "s" ("one woman", "one child").
_IRREGULAR_PERSONS: Final = _wordset("man woman child person policeman policewoman serviceman militiaman")


def _person_noun(low: str) -> bool:
    """A person noun, plural as in ``PERSON_NOUNS`` or singular ("and one girl")."""
    return low in PERSON_NOUNS or (not low.endswith("s") and (low + "s" in PERSON_NOUNS or low in _IRREGULAR_PERSONS))


def _unbroken(word: str) -> str:
    """ "Ira-qis" -> "Iraqis": a word hyphenated at a line break (a hyphen followed by a
    lower-case letter inside a capitalised word or a lower-case one) read whole."""
    if "-" not in word:
        return word
    head, _, tail = word.partition("-")
    return head + tail if tail[:1].islower() and head[:1].isupper() else word


def _drop_participles(words: list[str]) -> list[str]:
    """Cut a phrase after its head noun: the last word that is a known noun or a plural.

    "people living in camps", "people no longer", "senior ISIS facilitators responsible":
    what follows the head (participles, adverbs, adjectives) does not say what is counted.
    A plural person noun followed only by words that are no known noun ends the phrase
    too: "2,000 foreign terrorist fighters reopens" (a verb of the next column's text).
    """
    for k, word in enumerate(words[:-1]):
        low = word.lower()
        if low in PERSON_NOUNS and low.endswith("s") and not any(_known_noun(w) for w in words[k + 1 :]):
            return words[: k + 1]
    for k in range(len(words) - 1, -1, -1):
        low = words[k].lower()
        if low in PERSON_NOUNS or low in NON_PERSON_NOUNS or (low.endswith("s") and not low.endswith("ss")):
            return words[: k + 1]
    while len(words) > 1 and words[-1].lower().endswith(("ing", "ed")):
        words = words[:-1]
    return words


def _known_noun(word: str) -> bool:
    low = word.lower()
    return low in PERSON_NOUNS or low in NON_PERSON_NOUNS


def _first_conjunct(noun: str) -> str:
    """ "people and vast territories" -> "people": drop trailing non-person conjuncts."""
    parts = _CONJUNCTION_RE.split(noun)
    heads = [p.split()[-1] for p in parts]
    if len(parts) > 1 and not all(h.lower() in PERSON_NOUNS or DEMONYM_RE.match(h) for h in heads[1:]):
        return parts[0]
    return noun


def _members_unit(words: list[str], s: _Stream, after: int) -> str:
    """ "service members" are people; "Coalition members" and bare "members" are states."""
    modifier = words[-2].lower() if len(words) > 1 else ""
    if modifier in PERSON_MEMBER_MODIFIERS:
        return "people"
    if modifier in STATE_MEMBER_MODIFIERS:
        return "count"
    if s.low(after) == "of":
        # "members of ISIS", "members of the Iraqi and Kurdish Security Forces"
        context = {s.low(after + n) for n in range(1, 5)}
        phrase = _noun_phrase(s, _skip_determiners(s, after + 1))[0]
        context.update(phrase.lower().split() if phrase else ())
        if context & PERSON_MEMBER_MODIFIERS and not context & STATE_MEMBER_MODIFIERS:
            return "people"
    return "count"


# --------------------------------------------------------------------------------------
# Sentences, masks, qualifier inheritance
# --------------------------------------------------------------------------------------


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_BREAK_RE.finditer(text):
        if m.group()[0] != "\n" and _is_abbreviation(text, m.start()):
            continue
        end = m.start() + len(m.group().rstrip())
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = _WORD_BEFORE_RE.search(text, max(0, dot - 40), dot)  # as in text[dot - 40 : dot]
    w = word.group().lower() if word else ""
    return w in _ABBREVIATIONS or _INITIALS_RE.fullmatch(w) is not None


@dataclass(frozen=True)
class _Hint:
    """A cheap necessary condition for a mask pattern to match a text: one of ``needles``
    occurs in it, one of ``patterns`` is found in it, or ``after_digit`` is found right
    after a digit. Every alternative of the mask implies one of them, so a text the hint
    rules out has no match to find.

    Why: most texts have no URL, phone number, address or date, and scanning a whole text
    for a pattern that can match at any position costs more than extracting its figures.
    A substring test is nearly free; a hint pattern is one that the regex engine can scan
    for quickly (it begins with a literal or a character set), unlike the masks, which
    begin with a word boundary. The ``after_digit`` parts of all hints are first looked
    for together (``_DIGIT_GATE``), in one scan: in most texts none is there.
    """

    needles: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    after_digit: str | None = None  # a pattern, its flags inline ("(?i:...)")
    also: re.Pattern[str] | None = None  # and this is found too (tested last: it may be slow)

    @cached_property
    def digit(self) -> re.Pattern[str] | None:
        return None if self.after_digit is None else re.compile(rf"\d(?:{self.after_digit})")

    def admits(self, text: str, gate: Callable[[], bool]) -> bool:
        """``gate()``: whether ``_DIGIT_GATE`` is found in ``text`` (asked only if needed)."""
        found = (
            any(n in text for n in self.needles)
            or any(p.search(text) for p in self.patterns)
            or (self.digit is not None and gate() and self.digit.search(text) is not None)
        )
        return found and (self.also is None or self.also.search(text) is not None)


#: One hint per mask pattern, in the same order (None: always scan). Keep each in step
#: with its pattern: a hint that misses an alternative would unmask figures.
_MASK_HINTS: Final[tuple[_Hint | None, ...]] = (
    _Hint(needles=("/", "www.")),
    _Hint(needles=("@", "#")),
    _Hint(after_digit=r"(?i::\d|(?:\.\d\d)?\s*[ap]\.?m|\.\d\d\s?[a-z]{3,4}\b|\.\d\d[ \t]*(?:\n|$))"),
    _Hint(needles=("+",), after_digit=r"\d\d[\s.-]\d{4}"),
    _Hint(patterns=(re.compile(r"\A[ \t]*[\"“(]?\d"), re.compile(r"\n[ \t]*[\"“(]?\d"))),
    _Hint(needles=("(",)),
    _Hint(needles=("Official", "Briefer", "Speaker", "Participant", "Questioner", "press", "30")),
    _Hint(
        needles=("Box", "[", "GMT", "UTC", *"👏💬❤♥🔁👍", *(f" {state} " for state in _AU_STATES)),
        after_digit=rf"\s+(?:[A-Z][\w.'’]*\s+){{1,4}}(?:{_STREET_WORDS})\b|\d\d\d\d|[\d-]*[A-Z][A-Z]|-\d{{1,2}}-\d{{4}}",
    ),
    _Hint(
        after_digit=r"\s+(?:19|20)\d\d| / \d|\s*[-–]\s*\d{1,4}\s+of\s+\d|\s+pages?\b|[\d.,]*\s?(?:[KMGT]B|kB|bytes)"
        r"|\s?%\s+off\b|\s+(?:months?|weeks?|days?)\s+free\b|(?:\.\d)?\s+[Ss]tars\b",
    ),
    _Hint(
        after_digit=r"(?i:\s*min|[\d,.]*[km]?\s+(?:retweet|like|repl|quote|repost|view|comment|share))",
        # Counters are masked only in a text that also has one of these words: so "Quote
        # Tweets" alone is not. Not a necessary condition, but the one the extractor has
        # always applied; dropping it would change what is extracted.
        also=re.compile(r"read|retweet|like|repl|repost|view|comment|share", re.I),
    ),
    _Hint(
        # one scan for all the labels: quicker than a substring test for each
        patterns=(
            re.compile(
                r"Replies|Retweets|Reposts|Quotes|Likes|Views|Comments|Shares|Bookmarks|Downloads|Subscribers|UTC|GMT"
                r"|Image|Photo"
                r"|Picture|Slide|Video|Post|Tweet|Graphic|Hotline|Helpline|Tel|Phone|Fax|Mobile|\(0|ABN|ACN"
                r"|ARBN|ISBN|ISSN"
            ),
        ),
        needles=("\u20e3",),
        after_digit=r"\s*A?H\b|[\d,.]*\s*\||[\d,.]*\s+Reactions?\b|'\d\d\"|\s+(?:photos?|images?|pictures?|videos?)\)",
    ),
    _Hint(needles=("Committee", "Regime", "List", "Monitoring")),
    _Hint(patterns=(re.compile(rf"{MONTHS}\s+\d"),)),
    _Hint(after_digit=rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}"),
    _Hint(patterns=(re.compile(r"Muharram|Safar|Rabi|Jumad|Rajab|Sha['ʿ‘’]?a?ban|Ramad|Shawwal|Dhu"),)),
    None,  # references: found in a third of all texts
)
_DIGIT_GATE: Final = re.compile(
    r"\d(?:" + "|".join(f"(?:{h.after_digit})" for h in _MASK_HINTS if h and h.after_digit) + ")"
)


def _folded_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern as a case-sensitive one for lower-cased text, or None.

    Why: the regex engine tries every alternative of a case-insensitive pattern at every
    position, but skips an alternative at once when its first literal differs; on
    lower-cased text the lower-cased pattern finds the same spans several times faster.
    Only a pattern whose escapes are all lower-case (``\\d``, ``\\s``, ``\\w``, ``\\b``), with no
    inline flags, whose cased letters are ASCII and whose ranges are of letters of one case
    (``[A-Z]``, not ``[A-z]``) can be lower-cased as text; the mask patterns are such.
    """
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or re.search(r"\\[A-Z]|\(\?[a-zA-Z]", source):
        return None
    if not all(c.isascii() or c.lower() == c.upper() for c in source):
        return None
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)


_FOLDED_MASKS: Final = tuple(_folded_pattern(p) for p in MASK_PATTERNS)


def fold_ascii_case(text: str) -> str | None:
    """``text`` lower-cased when a case-insensitive match of ASCII letters in ``text`` is the
    same as a plain match in it (same offsets): then a lower-case pattern or substring is
    found in it exactly where its case-insensitive form is found in ``text``. Else None.

    That holds when lower-casing changes only ASCII letters: every other character is the
    same in both, and none of them case-folds to an ASCII letter (a character the regex
    engine equates with one, as "ı" with "i" or "ſ" with "s", has an ASCII upper case).
    """
    if not text.isascii() and any(c.lower() != c or c.upper().isascii() for c in set(text) if not c.isascii()):
        return None
    return text.lower()


def _masked(text: str) -> list[tuple[int, int]]:
    """The spans of every mask pattern in ``text``, sorted."""
    folded: str | None = None
    unfolded = True  # fold_ascii_case not called yet
    spans: list[tuple[int, int]] = []
    gate: list[bool] = []  # _DIGIT_GATE found in text, once asked

    def digits() -> bool:
        if not gate:
            gate.append(_DIGIT_GATE.search(text) is not None)
        return gate[0]

    for pattern, fast, hint in zip(MASK_PATTERNS, _FOLDED_MASKS, _MASK_HINTS, strict=True):
        if hint is not None and not hint.admits(text, digits):
            continue
        if fast is not None and unfolded:
            folded, unfolded = fold_ascii_case(text), False
        if fast is not None and folded is not None:
            spans.extend(m.span() for m in fast.finditer(folded))
        else:
            spans.extend(m.span() for m in pattern.finditer(text))
    spans.sort()
    return spans


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Does [start, end) overlap any span? ``spans`` sorted, ``starts`` their starts."""
    i = bisect_left(starts, end)  # a span starting at ``end`` ("$601 million[10]") does not overlap
    return any(b > start for _, b in spans[max(0, i - 64) : i])


#: A table's unit line: "(Unit: million yen)", "(in millions of US dollars)", "(US$ million)".
_UNIT_HEADER_RE: Final = re.compile(
    r"\((?:(?:units?|all figures|figures|amounts)\s*(?:in\s*)?:?|in)?\s*([^()\n]{1,40})\)", re.I
)
_CURRENCY_WORDS: Final = {
    phrase: unit for phrase, (unit, dimension, _) in UNIT_PHRASES.items() if dimension == "currency"
} | CURRENCY_PREFIXES


def _unit_header(inner: str) -> tuple[float, str | None] | None:
    """The scale and currency a table's unit line gives, or None if it is not one: it must
    say nothing but a scale and/or a currency ("million yen", "millions of US dollars")."""
    low = inner.strip().lower()
    if any(c.isdecimal() for c in low):
        return None  # an amount in parentheses, "(USD 100 million)", is no unit line
    scale, currency = 1.0, None
    for word in re.findall(r"u\.s\. dollars|us dollars|us\$|[$€£¥]|[a-z]+", low):
        if word.rstrip("s") in SCALE_WORDS:
            scale *= SCALE_WORDS[word.rstrip("s")]
        elif word in _CURRENCY_WORDS or word + "s" in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS.get(word) or _CURRENCY_WORDS[word + "s"]
        elif word not in ("of", "in"):  # "millions of US dollars", "dollars in millions"
            return None
    return (scale, currency) if scale != 1 or currency is not None else None


def _table_units(text: str, figs: list[_Fig]) -> None:
    """Cells of a table whose unit line gives a scale or a currency: "(Unit: million yen)" over
    "Humanitarian assistance 12,430 14,870" makes each bare number 12,430 million yen.

    The unit line reaches over the paragraph that follows it (the table), up to a blank line,
    or further over rows set apart by blank lines (``_table_end``).
    Only bare numbers take it: a cell written with its own currency, unit or hedge keeps it.
    The unit line itself is no figure ("(dollars in millions)" counts no millions).
    """
    for m in _UNIT_HEADER_RE.finditer(text):
        found = _unit_header(m.group(1))
        if found is None:
            continue
        figs[:] = [fig for fig in figs if not m.start() <= fig.start < m.end()]
        scale, currency = found
        first = re.compile(r"\S").search(text, m.end())
        if first is None:
            return
        end = _table_end(text, first.start())
        for fig in figs:
            if not m.end() <= fig.start < end or fig.dimension != "count" or fig.value is None:
                continue
            if fig.start != fig.number_start or fig.scale != 1 or fig.explicit_qualifier:
                continue
            fig.value *= scale
            if currency is not None:
                fig.unit, fig.dimension, fig.noun = currency, "currency", None


def _table_end(text: str, start: int) -> int:
    """Where the table whose first line begins at ``start`` ends: at the first blank line,
    or, when a segmenter set each line apart as a paragraph, after the last row of the run
    of rows that follows ("Fund / channel  Pledged  Disbursed", a rule line, then "UNDP
    Funding Facility (Iraq)  1,130  910" ...: one head line at most, then rows only).

    Why rows only: a unit line must not reach the prose after its table; a row is short,
    has a label and ends in a number (``_is_row``), which a sentence does not.
    """
    end = text.find("\n\n", start)
    if end < 0:
        return len(text)
    rows_end, head, pos = end, True, start
    cells = _flattened_cells(text, start)
    while pos < len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        line = text[pos:eol].strip()
        if line and not _RULE_LINE_RE.fullmatch(line):
            if _is_row(line) or (cells and _CELL_NUMBER_RE.fullmatch(line)):
                rows_end, head = eol, False
            elif cells and _is_column_head(line) and len(line.split()) <= _CELL_WORDS:
                pass  # a flattened table, one cell a line: its heads and row labels too
            elif not (head and _is_column_head(line)):
                break
            else:
                head = False
        pos = eol + 1
    return max(end, rows_end)


#: A table flattened to one cell a line (a PDF's or a web page's table as text): "Fiscal
#: year", "Iraq", "Syria", "Total", "2016", "151.8", … each its own line.
_CELL_NUMBER_RE: Final = re.compile(r"[\d.,]+")
_CELL_WORDS: Final = 3


def _flattened_cells(text: str, start: int) -> bool:
    """Whether the lines from ``start`` are a table's cells one a line: only short lines (its
    heads and row labels, three words at most) before its first number, and three numbers at
    least among its first twelve lines."""
    lines = [line.strip() for line in text[start : start + 400].split("\n") if line.strip()][:12]
    numbers = [i for i, line in enumerate(lines) if _CELL_NUMBER_RE.fullmatch(line)]
    return len(numbers) >= 3 and all(len(line.split()) <= _CELL_WORDS for line in lines[: numbers[0]])


def _is_column_head(line: str) -> bool:
    """A table's head line: a few words, no digit but a year's, no sentence end ("Fund / channel
    Pledged", "FY2015  FY2016 (request)")."""
    bare = _YEAR_HEAD_RE.sub("", line)
    return len(line.split()) <= 8 and not any(c.isdecimal() for c in bare) and line[-1] not in ".:;!?"


#: The years a table's columns are headed by: "FY2015", "2016", "FY2016-17".
_YEAR_HEAD_RE: Final = re.compile(r"\b(?:FY|CY)?\s?(?:19|20)\d\d(?:[-–/]\d{2,4})?\b")


_CONNECTOR_GAP_RE: Final = re.compile(r"^[\w'’\- ]{0,60}?(?:,\s*(?:and|or)?|\band|\bor)\s*$")


def _inherit_qualifiers(text: str, figs: list[_Fig]) -> None:
    """ "Approximately 3.2 million Syrians and 4.5 million Iraqis": both approximate."""
    for prev, fig in itertools.pairwise(figs):
        if fig.explicit_qualifier or not prev.explicit_qualifier or not prev.inheritable:
            continue
        if fig.value is None:
            continue
        if fig.dimension != prev.dimension or fig.unit != prev.unit:
            continue
        gap = text[prev.end : fig.start]
        words = {w.lower() for w in gap.replace(",", " ").split()}
        if _CONNECTOR_GAP_RE.match(gap) and len(words) <= 6 and not words & NP_STOPWORDS:
            fig.qualifier = prev.qualifier
            fig.explicit_qualifier = True


_CLAUSE_BREAK_RE: Final = re.compile(r"[!?;]|\.\s+[A-Z]")
_SENTENCE_PUNCT_RE: Final = re.compile(r"[.!?;]")
_NEWLINES_RE: Final = re.compile(r"\n[ \t\n]*")
#: A line at least this long that ends in a word or a comma is a hard-wrapped one.
_WRAP_WIDTH: Final = 50
_RANGE_GAP_RE: Final = re.compile(r"^\s*(?:and|to|or|-|–)\s*$")
_BETWEEN_RE: Final = re.compile(r"\bbetween\s+$", re.I)
_FROM_RE: Final = re.compile(r"\bfrom\s+$", re.I)
#: "Estimates range from 20,000 to 31,500": a range all the same, not a change.
_RANGE_FROM_RE: Final = re.compile(r"\b(?:range[sd]?|ranging|var(?:y|ies|ied|ying))\s+from\s+$", re.I)
_TO_GAP_RE: Final = re.compile(r"^\s*to\s*$")


def _clause_break(text: str, a: int, b: int, punct: re.Pattern[str] = _CLAUSE_BREAK_RE) -> bool:
    """Whether ``text[a:b]`` crosses the end of a clause: ``punct``, or a line break that is
    no wrap of a hard-wrapped paragraph (see ``_is_wrap``)."""
    gap = text[a:b]
    if punct.search(gap) is not None:
        return True
    return "\n" in gap and any(not _is_wrap(text, a + m.start(), a + m.end()) for m in _NEWLINES_RE.finditer(gap))


def _is_wrap(text: str, nl: int, nxt: int) -> bool:
    """A line break at ``nl`` (the next line starting at ``nxt``) inside a clause.

    Why: plain-text pages are hard-wrapped ("... since November 4, 2015, and\n\nis on track
    to welcome 25,000"), and the ingest keeps their line breaks, so a break is no clause
    boundary when the next line goes on in lower case, or when the line before is as long
    as a wrapped line and ends in a word or a comma (a heading or a list item is short).
    """
    if nxt < len(text) and text[nxt].islower():
        return True
    line = text[text.rfind("\n", 0, nl) + 1 : nl].rstrip()
    return len(line) >= _WRAP_WIDTH and (line[-1].isalnum() or line[-1] in ",-–")


_ANAPHORIC_NOUNS: Final = frozenset({"others", "more", "additional", "another"})


_POPULATION_RE: Final = re.compile(
    r"\b(population|toll)\s+(?:of|was|is|at|stood at|reached|had grown to|had fallen to|estimated at|rose to)\s+$",
    re.I,
)


def _populations(text: str, figs: list[_Fig]) -> None:
    """ "a population of about 1.5 million", "put the death toll at over 100": a count of
    people with no noun after it."""
    for fig in figs:
        if fig.noun is None and fig.unit == "count" and fig.dimension == "count":
            found = _POPULATION_RE.search(text[max(0, fig.start - 40) : fig.start])
            if found is not None:
                fig.unit, fig.noun = "people", found.group(1).lower()


_NUMBER_OF_RE: Final = re.compile(r"\b(?:number|flow|influx)\s+of\s+", re.I)
_HOW_MANY_RE: Final = re.compile(r"\bhow\s+many\s+", re.I)
_CONTEXT_WINDOW: Final = 300
#: One is in every match of the two patterns above (so a window without any has none).
_CONTEXT_NEEDLES: Final = ("umber", "UMBER", "flow", "Flow", "FLOW", "nflux", "NFLUX", "many", "Many", "MANY")


def _context_nouns(s: _Stream, figs: list[_Fig]) -> None:
    """A count with no noun of its own takes the noun its sentence or question gives it.

    "increase the number of personnel deployed ... from about 650 to approximately 830",
    "The flow of foreign fighters ... has gone from between 1,500 and 2,000 a month":
    the counts are of personnel, of fighters. "How many ISIS fighters are left in west
    Mosul? A: Our estimate is fewer than 2,000": the answer counts the question's noun,
    until a count with a noun of its own answers something else; "We had about 1,000
    troops ... How many will remain? ... between 500 and 600 will remain": a question
    with no noun asks about the count before it.
    """
    text = s.text
    own = [f.start for f in figs if f.noun is not None]  # nouns of their own, not given here
    for fig in figs:
        if fig.noun is not None or fig.unit != "count" or fig.dimension != "count" or fig.value is None:
            continue
        base = max(0, fig.start - _CONTEXT_WINDOW)
        window = text[base : fig.start]
        if not any(cue in window for cue in _CONTEXT_NEEDLES):
            continue
        cue = _last(_NUMBER_OF_RE, window)
        if cue is None or _clause_break(text, base + cue, fig.start):
            cue = _last(_HOW_MANY_RE, window)
            if cue is None or any(base + cue <= a < fig.start for a in own):
                continue
        k = bisect_left(s.found, base + cue, key=lambda m: m.start())
        noun, end = _noun_phrase(s, _skip_determiners(s, k))
        if noun is not None:
            unit = _count_unit(noun, s, end)
            fig.noun, fig.unit = (_first_conjunct(noun) if unit == "people" else noun), unit
        elif s.low(k - 2) == "how":
            asked = [f for f in figs if f.start < base + cue - 9 and f.start in own and f.dimension == "count"]
            if asked and asked[-1].start >= base:
                fig.noun, fig.unit = asked[-1].noun, asked[-1].unit


#: "some 270,000 of them remain displaced", "we assess the number at about 200": a count of
#: what the count before it counted.
_THEM_RE: Final = re.compile(r"\s+of\s+(?:them|those|these)\b")
_OF_THEM_RE: Final = re.compile(rf"{_THEM_RE.pattern}(?!\s+(?:were|are)\b)")
_THE_NUMBER_RE: Final = re.compile(
    r"\bthe\s+(?:number|figure|total)\s+(?:at|is|was|stands\s+at|stood\s+at|is\s+now|has\s+\w+\s+to)\s+$", re.I
)
#: "has increased its personnel in the mission to about 650": the count a change brings a
#: group to is a count of that group.
_CHANGE_TO_RE: Final = re.compile(
    r"\b(?:increas|rais|reduc|boost|expand|cut|lower|grow|grew|brought|bring|doubl)\w*\s+"
    r"(?:its|their|our|his|her|the)\s+(?:own\s+)?(\w+(?:\s+\w+){0,2})\b[^.;:!?]{0,60}?\bto\s+$",
    re.I,
)
#: "about 5,200 U.S. personnel were deployed; other partners had sent 3,600 more": a count
#: whose noun is left out after "more" counts what the count just before it counted.
_MORE_RE: Final = re.compile(r"\s+more(?=\s*(?:[.,;:!?)]|$))", re.M)
_ANAPHORA_REACH: Final = 300


def _anaphoric_counts(text: str, figs: list[_Fig]) -> None:
    """A count with no noun that refers back to an earlier count: "An estimated 436,000 people
    have been displaced ...; some 270,000 of them remain displaced", "as many as 2,000 a month
    were crossing ...; today we assess the number at about 200 a month" (people both); or to
    the group a change is about: "has increased its personnel in the mission to about 650"; or
    more of what the count before it counted: "… 5,200 U.S. personnel …; partners had sent
    3,600 more"."""
    for n, fig in enumerate(figs):
        if fig.noun is not None or fig.unit != "count" or fig.dimension != "count" or fig.value is None:
            continue
        before = text[max(0, fig.start - 120) : fig.start]
        change = _CHANGE_TO_RE.search(before)
        if change is not None:
            # "has increased its personnel …", "cut the American troop presence … to": the group
            group = next((w for w in change.group(1).split() if _person_noun(w.lower())), None)
            if group is not None:
                fig.unit, fig.noun = "people", group
            continue
        if _FROM_RE.search(before) and (to := _changed_from(text, figs[:n], fig)) is not None:
            fig.unit, fig.noun = to.unit, to.noun  # "… to fewer than 1,000, from about 2,000 today"
            continue
        more = _MORE_RE.match(text, fig.end) is not None
        if not more and _OF_THEM_RE.match(text, fig.end) is None and _THE_NUMBER_RE.search(before) is None:
            if _THEM_RE.match(text, fig.end) and (persons := _persons_before(text, fig.start)) is not None:
                fig.unit, fig.noun = "people", persons  # "… but not its fighters. Around 10.000 of them are"
            continue
        # the nearest count before it in its paragraph, a count of people first ("40,000
        # foreign terrorist fighters from over 110 countries ... holding more than 800 of them")
        near = [
            prev
            for prev in reversed(figs[:n])
            if prev.dimension == "count"
            and prev.value is not None
            and fig.start - prev.end <= _ANAPHORA_REACH
            # in its paragraph; "more" also close across a break (a boxed sidebar's rows)
            and ("\n\n" not in text[prev.end : fig.start] or (more and fig.start - prev.end <= _ELISION_REACH))
        ]
        if more:  # "… 3,600 more": more of the same, the count just before
            found = near[0] if near else None
        else:
            found = next((prev for prev in near if prev.unit == "people"), near[0] if near else None)
        if found is not None:
            fig.unit, fig.noun = found.unit, found.noun
        elif not more and (persons := _persons_before(text, fig.start)) is not None:
            fig.unit, fig.noun = "people", persons  # "… but not its fighters. Around 10.000 of them remain"


def _changed_from(text: str, before: list[_Fig], fig: _Fig) -> _Fig | None:
    """The count a change went to, just before the one it came from ("to fewer than 1,000,
    from about 2,000"): the same thing counted."""
    prev = before[-1] if before else None
    if prev is None or prev.dimension != "count" or prev.unit != "people" or fig.start - prev.end > _FROM_REACH:
        return None
    return prev if _TO_BEFORE_RE.search(text, max(0, prev.start - 30), prev.start) else None


_FROM_REACH: Final = 20  # ", from " and a qualifier between the two counts
_TO_BEFORE_RE: Final = re.compile(r"\bto\s+$")


_PLURAL_WORD_RE: Final = re.compile(r"\b[a-z]+s\b")


def _persons_before(text: str, at: int) -> str | None:
    """The persons "them" stands for when no count came before: the last plural person noun
    in the text before ("IS has lost its territory, but not its fighters. Around 10.000 of
    them are still at large")."""
    words = _PLURAL_WORD_RE.findall(text[max(0, at - _ANAPHORA_REACH) : at].lower())
    return next((w for w in reversed(words) if w in PERSON_NOUNS), None)


def _column_nouns(s: _Stream, figs: list[_Fig]) -> None:
    """The cells of a table's last column count what its head names: under "Camp / site
    Governorate Population", "Ain Issa Ar-Raqqa 13,100" is 13,100 people.

    A table is read as two or more lines in a row that each end in a bare number, right under
    a short line with no digits (the head); the head's last word is the column's noun.
    """
    text = s.text
    for fig in figs:
        if fig.noun is not None or fig.unit != "count" or fig.dimension != "count" or fig.value is None:
            continue
        head = _column_head(text, fig)
        if head is not None:
            unit = "people" if head.lower() == "population" else _count_unit(head, s, s.n)
            fig.unit, fig.noun = unit, head


_LABEL_RE: Final = re.compile(r"[ \t]*(?:[-*•・·][ \t]*)?([^:\n]{3,120}):[ \t]*$")


def _label_nouns(s: _Stream, figs: list[_Fig]) -> None:
    """ "・ Iraqi officials and engineers trained in Japan through JICA since 2004: more than
    1,600": a list item that gives a label, a colon and a count ending the line counts what
    the label names (people here)."""
    text = s.text
    for fig in figs:
        if fig.noun is not None or fig.unit != "count" or fig.dimension != "count" or fig.value is None:
            continue
        eol = text.find("\n", fig.end)
        if text[fig.end : len(text) if eol < 0 else eol].strip(" \t."):
            continue
        sol = text.rfind("\n", 0, fig.start) + 1
        label = _LABEL_RE.match(text, sol, fig.start)
        if label is None:
            continue
        k = bisect_left(s.found, label.start(1), key=lambda m: m.start())
        noun, end = _noun_phrase(s, _skip_determiners(s, k))
        if noun is not None and s.start(end - 1) < label.end(1):
            unit = _count_unit(noun, s, end)
            fig.noun, fig.unit = (_first_conjunct(noun) if unit == "people" else noun), unit


_ROW_END_RE: Final = re.compile(r"\d[\d,.]*\+?[ \t]*$")
_RULE_LINE_RE: Final = re.compile(r"[-=_ \t|+]+")


def _column_head(text: str, fig: _Fig) -> str | None:
    """The last word of the head of the table whose row ends with ``fig``, or None.

    Rows may be apart by blank lines (a segmenter's paragraphs); each is short, has a label
    and ends in a number. Rule lines ("-----  -----") are skipped.
    """
    eol = text.find("\n", fig.end)
    eol = len(text) if eol < 0 else eol
    sol = text.rfind("\n", 0, fig.start) + 1
    if text[fig.end : eol].strip() or not text[sol : fig.start].strip() or eol - sol > _ROW_MAX:
        return None
    above = [ln for ln in text[max(0, sol - 1200) : sol].split("\n") if ln.strip()]
    below = [ln for ln in text[eol : eol + 200].split("\n") if ln.strip()][:1]
    rows = 1 + sum(1 for ln in below if _is_row(ln))
    for line in reversed(above):
        if _RULE_LINE_RE.fullmatch(line):
            continue
        if _is_row(line):
            rows += 1
            continue
        words = line.split()
        if rows < 2 or len(words) > 8 or any(c.isdecimal() for c in line) or not words[-1].isalpha():
            return None
        return words[-1]
    return None


_ROW_MAX: Final = 80


def _is_row(line: str) -> bool:
    return len(line) <= _ROW_MAX and _ROW_END_RE.search(line) is not None and not line[:1].isdecimal()


def _last(pattern: re.Pattern[str], window: str) -> int | None:
    """Where the last match of ``pattern`` in ``window`` ends, or None."""
    end = None
    for m in pattern.finditer(window):
        end = m.end()
    return end


def _share_units(text: str, figs: list[_Fig]) -> None:
    """Let neighbours complete each other.

    "between 5 and 20 years": the bare first number takes the unit of the second.
    "killing 686 ISIS operatives and detaining 374 others": "others" takes the unit
    and noun of the figure before it.
    """
    ranges = set()
    for n, (prev, fig) in enumerate(itertools.pairwise(figs)):
        gap = text[prev.end : fig.start]
        if _BETWEEN_RE.search(text[max(0, prev.start - 12) : prev.start]) and gap.strip() == "and":
            # "between 3,000 and 5,000 fighters": the bounds of a range.
            prev.qualifier = "at_least" if prev.qualifier == "exact" else prev.qualifier
            fig.qualifier = "up_to" if fig.qualifier == "exact" else fig.qualifier
            _borrow_scale(prev, fig)
        elif _TO_GAP_RE.match(gap) and _to_range(text, prev, fig):
            # "Some 3,000 to 4,000 Daesh fighters": an estimate between two bounds (not
            # "from 5,200 to about 2,500", a change); the hedge "Some" is the range's.
            prev.qualifier, fig.qualifier = "at_least", "up_to"
            prev.start = prev.number_start
            _borrow_scale(prev, fig)
        elif prev.range_lower:
            _borrow_scale(prev, fig)  # "5-10 million"
        if (
            prev.dimension == "count"
            and prev.noun is None
            and prev.unit == "count"
            and _RANGE_GAP_RE.match(gap)
            and fig.value is not None
        ):
            prev.unit, prev.dimension, prev.noun = fig.unit, fig.dimension, fig.noun
            ranges.add(n)
    for n, (prev, fig) in enumerate(itertools.pairwise(figs)):
        gap = text[prev.end : fig.start]
        if n + 1 in ranges:  # the lower bound of a range has its noun from the upper one
            continue
        if (
            fig.noun is None
            and fig.unit == "count"
            and prev.noun is not None
            and prev.dimension == "count" == fig.dimension
            and prev.value is not None
            and _elided(text, prev.end, fig.start)
        ):
            # "Around 900 U.S. troops ..., alongside approximately 2,500 in Iraq": an elided noun.
            fig.unit, fig.noun = prev.unit, prev.noun
        elif (
            fig.noun is not None
            and fig.noun.lower() in _ANAPHORIC_NOUNS
            and prev.dimension == "count" == fig.dimension
            and not _clause_break(text, prev.end, fig.start, _SENTENCE_PUNCT_RE)
        ):
            # "others" are people when the sentence counted people before ("repatriated more
            # than 10,000 of its citizens … in 20 batches, … receive some 15,000 others")
            if fig.noun.lower() == "others" and prev.unit != "people":
                prev = next(
                    (
                        p
                        for p in reversed(figs[: n + 1])
                        if p.unit == "people" and not _clause_break(text, p.end, fig.start, _SENTENCE_PUNCT_RE)
                    ),
                    prev,
                )
            fig.unit, fig.noun = prev.unit, prev.noun


_SENTENCE_END_RE: Final = re.compile(r"[.!?]\s+[A-Z]")
_NEVER: Final = re.compile(r"(?!)")
#: How far back an elided noun may be found across the end of a sentence.
_ELISION_REACH: Final = 80


def _elided(text: str, a: int, b: int) -> bool:
    """Whether a count at ``b`` with no noun can take the noun of the count ending at ``a``.

    Within a clause it can ("Around 900 U.S. troops in Syria, roughly 2,500 in Iraq"); so
    it can in the next sentence, close by and in the same paragraph ("al-Hol had 73,000
    people at its peak in 2019. Today it's under 40,000"): a bare number right after a
    count goes on counting the same thing.
    """
    if not _clause_break(text, a, b):
        return True
    gap = text[a:b]
    return (
        b - a <= _ELISION_REACH
        and ";" not in gap
        and len(_SENTENCE_END_RE.findall(gap)) == 1
        and not _clause_break(text, a, b, _NEVER)
    )


def _to_range(text: str, prev: _Fig, fig: _Fig) -> bool:
    """ "3,000 to 4,000" is a range when nothing says it is a change ("from ... to", but not
    "range from ... to") and
    the upper bound has no qualifier of its own; a hedge on the lower one ("Some") is fine."""
    return (
        not fig.explicit_qualifier
        and prev.qualifier in {"exact", "approximately"}
        and prev.value is not None
        and fig.value is not None
        and prev.value < fig.value
        and prev.dimension in {None, "count", fig.dimension}
        and (
            _FROM_RE.search(text[max(0, prev.start - 8) : prev.start]) is None
            or _RANGE_FROM_RE.search(text[max(0, prev.start - 20) : prev.start]) is not None
        )
    )


def _borrow_scale(low: _Fig, high: _Fig) -> None:
    """ "between €20 and €25 million", "nine and ten thousand": a lower bound written
    without the scale word takes the upper bound's, when it is smaller than the upper
    bound as written (20 < 25): 20 million, 9,000. "between 500 and 1 million" keeps 500."""
    if low.value is None or high.value is None or low.scale != 1 or high.scale == 1:
        return
    if low.value < high.value / high.scale:
        low.value *= high.scale
        low.scale = high.scale


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


_DOLLAR_COUNTRIES = (  # a country whose own dollar a bare "$" means on its pages: (TLD, name, code)
    ("ca", re.compile(r"\bCanad(?:a|ian)\b"), "CAD"),
    ("au", re.compile(r"\bAustralian?\b"), "AUD"),
    ("nz", re.compile(r"\bNew Zealand\b"), "NZD"),
)
_AMERICAN = re.compile(r"\bU\.S\.|\b(?:US|United States|American)\b")


def page_dollar(url: str | None, publisher: str | None) -> str:
    """The currency a bare "$" stands for in a document: its country's dollar on a
    Canadian, Australian or New Zealand site (by the address's domain), or from a publisher
    of those countries ("Global Affairs Canada", not "U.S. Embassy in Canada"); else USD,
    as on the coalition's, the U.S. government's and most outlets' pages.
    """
    host = (urlsplit(url).hostname or "") if url else ""
    for tld, _, code in _DOLLAR_COUNTRIES:
        if host.endswith(f".{tld}"):
            return code
    if publisher and not _AMERICAN.search(publisher):
        for _, name, code in _DOLLAR_COUNTRIES:
            if name.search(publisher):
                return code
    return "USD"


def extract_figures(text: str, *, dollar: str = "USD") -> list[FigureMatch]:
    """Every figure quoted in ``text``, ordered by start offset (see module docstring).

    ``dollar``: the currency a bare "$" stands for on the page ("CAD" on a Government of
    Canada page); "US$" and "dollars" stay USD.
    """
    written, text = text, _european_numbers(text)
    s = _Stream(text)
    masks: list[tuple[int, int]] | None = None  # found once a figure needs them
    mask_starts: list[int] = []
    figs: list[_Fig] = []
    last_end = -1  # the token after the last figure
    noun_end = -1  # the token after its noun phrase
    lows, words = s.lows, s.words
    # Most words can't begin a figure: only these are tried, in order.
    for i in [i for i, low in enumerate(lows) if low in _STARTERS or words[i][0].isdecimal()]:
        if i < last_end:
            continue  # inside the figure just read
        if not (words[i][0].isdecimal() or _may_start(s, i)):
            continue
        if words[i].isdecimal() and _footnote(s, i):
            continue
        prev = figs[-1] if figs else None
        parsed = _parse_at(s, i, i in (last_end, noun_end), prev, dollar)
        if parsed is None:
            continue
        if masks is None:
            masks = _masked(written)  # as written: "+90 312 231 7000" is a phone number, not "90,312,231"
            mask_starts = [a for a, _ in masks]
        if _overlaps(masks, mask_starts, parsed[0].start, parsed[0].end):
            continue
        fig, last_end = parsed
        noun_end = fig.noun_end
        figs.append(fig)
    if not figs:
        return []
    if "(" in text:
        _table_units(text, figs)
    _inherit_qualifiers(text, figs)
    _anaphoric_counts(text, figs)  # before an elided noun is borrowed from the count just before
    _share_units(text, figs)
    _populations(text, figs)
    _context_nouns(s, figs)
    _column_nouns(s, figs)
    _label_nouns(s, figs)
    sentences = _sentence_spans(text)
    sentence_starts = [a for a, _ in sentences]
    return [_to_match(written, fig, sentences, sentence_starts) for fig in figs]


#: A decimal comma where an amount or a share says it is one: "EUR 3,5 million", "€ 73,7
#: million", "12,5 %" (a comma before one or two digits groups nothing in English). Both
#: patterns open with their punctuation, a literal the regex engine skips to; the digits
#: before it are checked by ``_lead``.
_DECIMAL_COMMA_RE: Final = re.compile(
    r",\d{1,2}(?![\d,])(?=\s?(?:million|billion|trillion|mln|bn|mio|percent|per\s+cent)\b|\s?%"
    r"|\s?(?-i:M|Md|Mds|Mrd|k)?[€£])",
    re.I,
)
#: Thousands grouped with dots: "Around 10.000 of them", "1.500.000" (three digits after each
#: dot, no fourth; a date, "17.10.2019", has two). Not before a scale word: "$1.125 billion" is
#: English. (The last group of a number; ``_european_numbers`` reads back to its first.)
_DOT_THOUSANDS_RE: Final = re.compile(r"\.\d{3}(?![\d,]|\.\d|\s?(?:million|billion|trillion|mln|bn)\b)", re.I)


#: Thousands grouped with spaces, as French pages write them: "110 000 km²", "up to 1 100",
#: "1 500 000" (groups of three digits after the first, nothing glued on either side).
_SPACE_THOUSANDS_RE: Final = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?: \d{3})+(?!\d|[.,]\d)")
#: A day and month before the digits: "on 14 200 …" is never written, "June 14 200 people" is
#: a date and a count.
_MONTH_BEFORE_RE: Final = re.compile(rf"{MONTHS}\s+$")
_SPACE_GROUP_RE: Final = re.compile(r" \d{3}(?!\d|[.,]\d)")
_COMMA_THOUSANDS_RE: Final = re.compile(r"\d,\d{3}(?!\d)")
_UNIT_AFTER_RE: Final = re.compile(r"\s?(?:km|%|€|\$|£|percent|per cent|euros?|dollars?)", re.I)


def _lead(text: str, at: int) -> int:
    """Where the digits just before ``at`` start."""
    start = at
    while start > 0 and text[start - 1].isdecimal():
        start -= 1
    return start


def _european_numbers(text: str) -> str:
    """``text`` with numbers in continental notation written in the English one, character
    for character ("3,5" → "3.5", "10.000" → "10,000"), so every offset still points at
    what was written: the figure's span is read from the original."""
    chars: list[str] | None = None
    for m in _DECIMAL_COMMA_RE.finditer(text):
        start = _lead(text, m.start())
        if 1 <= m.start() - start <= 3 and (start == 0 or text[start - 1] not in ",."):
            chars = chars or list(text)
            chars[m.start()] = "."
    for m in _DOT_THOUSANDS_RE.finditer(text):
        first = m.start()  # read back over the groups before: "1.500" of "1.500.000"
        start = _lead(text, first)
        while first - start == 3 and start > 0 and text[start - 1] == ".":
            first = start - 1
            start = _lead(text, first)
        if 1 <= first - start <= 3 and text[start] != "0" and (start == 0 or text[start - 1] not in ",."):
            chars = chars or list(text)
            for at in range(first, m.end()):
                if text[at] == ".":
                    chars[at] = ","
    spaced = (
        [
            m
            for m in _SPACE_THOUSANDS_RE.finditer(text)
            if not _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        ]
        if _SPACE_GROUP_RE.search(text)  # (a space, then three digits: quick to look for, seldom there)
        else []
    )
    # A page that writes its thousands so writes several, or puts a unit after them (one "14 200"
    # may be a day and a count), and no "1,500" (beside which "540 210" is two cells).
    several = len(spaced) >= 2 or any(m.group().count(" ") >= 2 or _UNIT_AFTER_RE.match(text, m.end()) for m in spaced)
    if spaced and several and not _COMMA_THOUSANDS_RE.search(text):
        chars = chars or list(text)
        for m in spaced:
            for at in range(m.start(), m.end()):
                if text[at] == " ":
                    chars[at] = ","
    return text if chars is None else "".join(chars)


def _to_match(text: str, fig: _Fig, sentences: list[tuple[int, int]], starts: list[int]) -> FigureMatch:
    a, b = sentences[max(0, bisect_right(starts, fig.start) - 1)]
    return FigureMatch(
        text=text[fig.start : fig.end],
        value=fig.value,
        unit=fig.unit,
        dimension=fig.dimension,
        qualifier=fig.qualifier,
        noun=fig.noun,
        sentence=text[a:b].strip(),
        start=fig.start,
        end=fig.end,
    )
