"""Tests for the figures stage (app/ingest/figures.py).

Three layers:
* named hard cases from the corpus and from the wider genre (one parametrized id each);
* things that must never be reported (years, dates, resolution numbers, ordinals, ...);
* a hand-annotated gold file (tests/golden/figures.yaml) over the five corpus documents,
  scored for recall and precision.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.ingest.figures import extract_figures, page_dollar
from app.ingest.types import FigureMatch

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
GOLDEN = ROOT / "tests" / "golden" / "figures.yaml"

ANY = object()  # "don't check this field"


def _find(text: str, span: str) -> FigureMatch:
    figures = extract_figures(text)
    hits = [f for f in figures if f.text == span]
    assert hits, f"no figure {span!r} in {[f.text for f in figures]}"
    return hits[0]


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6)


# --------------------------------------------------------------------------------------
# Positive cases: (sentence, span, value, unit, dimension, qualifier, noun)
# --------------------------------------------------------------------------------------

FIGURES = [
    pytest.param(
        "The fund received US$240 million last year.",
        "US$240 million",
        240e6,
        "USD",
        "currency",
        "exact",
        None,
        id="us-dollar-prefix-glued",
    ),
    # the counted noun decides people vs count, whatever follows it
    pytest.param(
        "We are concerned about the around 50,000 people living in al-Hol and Roj camps.",
        "around 50,000",
        50000,
        "people",
        "count",
        "approximately",
        "people living",
        id="person-noun-before-participle",
    ),
    pytest.param(
        "Around 900 U.S. troops remain in northeast Syria.",
        "Around 900",
        900,
        "people",
        "count",
        "approximately",
        "U.S. troops",
        id="abbreviation-inside-noun",
    ),
    pytest.param(
        "Around 900 U.S. troops remain in northeast Syria, alongside approximately 2,500 in Iraq.",
        "approximately 2,500",
        2500,
        "people",
        "count",
        "approximately",
        "U.S. troops",
        id="elided-noun-taken-from-the-figure-before",
    ),
    # spelled-out numbers
    pytest.param(
        "Today, the United States sanctioned nine individuals and organizations who",
        "nine",
        9,
        "count",
        "count",
        "exact",
        "individuals and organizations",
        id="spelled-nine-individuals-and-organizations",
    ),
    pytest.param(
        "the primary framework through which eighty-one countries have coordinated",
        "eighty-one",
        81,
        "count",
        "count",
        "exact",
        "countries",
        id="spelled-eighty-one-countries",
    ),
    pytest.param(
        "an international issue that affects some fifty-four countries to various degrees",
        "some fifty-four",
        54,
        "count",
        "count",
        "approximately",
        "countries",
        id="spelled-some-fifty-four-countries",
    ),
    pytest.param(
        "Ten Coalition Members are on tap to meet the costs.",
        "Ten",
        10,
        "count",
        "count",
        "exact",
        "Coalition Members",
        id="spelled-ten-coalition-members",
    ),
    pytest.param(
        "Yet three and a half years into this effort, ISIS stands degraded.",
        "three and a half years",
        3.5,
        "years",
        "duration",
        "exact",
        ANY,
        id="spelled-three-and-a-half-years",
    ),
    pytest.param(
        "It has been approximately three and a half years since the coalition began.",
        "approximately three and a half years",
        3.5,
        "years",
        "duration",
        "approximately",
        ANY,
        id="approximately-three-and-a-half-years",
    ),
    pytest.param(
        "more than twenty countries attended",
        "more than twenty",
        20,
        "count",
        "count",
        "more_than",
        "countries",
        id="more-than-twenty",
    ),
    pytest.param(
        "one hundred and twenty soldiers",
        "one hundred and twenty",
        120,
        "people",
        "count",
        "exact",
        "soldiers",
        id="spelled-one-hundred-and-twenty",
    ),
    pytest.param("a dozen countries pledged", "a dozen", 12, "count", "count", "exact", "countries", id="a-dozen"),
    # hyphenated compounds
    pytest.param(
        "The 68-member Global Coalition is the largest coalition in history.",
        "68-member",
        68,
        "count",
        "count",
        "exact",
        "members",
        id="hyphen-68-member-coalition",
    ),
    pytest.param(
        "Turkey launched its operation to retake a thirty-kilometer-deep zone.",
        "thirty-kilometer",
        30,
        "km",
        "length",
        "exact",
        ANY,
        id="hyphen-thirty-kilometer-deep-zone",
    ),
    pytest.param(
        "a 5,000-strong force", "5,000-strong", 5000, "people", "count", "exact", "force", id="hyphen-strong-force"
    ),
    pytest.param("on 9-month rotations", "9-month", 9, "months", "duration", "exact", ANY, id="hyphen-9-month"),
    # scale words
    pytest.param(
        "The Coalition campaign has liberated approximately 7.7 million people.",
        "approximately 7.7 million",
        7_700_000,
        "people",
        "count",
        "approximately",
        "people",
        id="scale-7.7-million-people",
    ),
    pytest.param(
        "the provision of more than $1.2 billion to fund projects",
        "more than $1.2 billion",
        1.2e9,
        "USD",
        "currency",
        "more_than",
        ANY,
        id="scale-more-than-1.2-billion",
    ),
    pytest.param(
        "we provided more than $216 million in new funding",
        "more than $216 million",
        216e6,
        "USD",
        "currency",
        "more_than",
        "new funding",
        id="scale-216-million-new-funding",
    ),
    pytest.param(
        "The fund raised $1.5bn last year.", "$1.5bn", 1.5e9, "USD", "currency", "exact", ANY, id="suffix-1.5bn"
    ),
    pytest.param(
        "Some 1.2m people returned.", "Some 1.2m", 1.2e6, "people", "count", "approximately", "people", id="suffix-1.2m"
    ),
    pytest.param(
        "a pledge of USD 300 million", "USD 300 million", 300e6, "USD", "currency", "exact", ANY, id="currency-code-usd"
    ),
    pytest.param(
        "the EU added €50 million", "€50 million", 50e6, "EUR", "currency", "exact", ANY, id="currency-euro-sign"
    ),
    pytest.param(
        "the UK added £2 million", "£2 million", 2e6, "GBP", "currency", "exact", ANY, id="currency-pound-sign"
    ),
    pytest.param(
        "Germany gave 100 million euros",
        "100 million euros",
        100e6,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="currency-euros-word",
    ),
    pytest.param(
        "millions of dollars in aid",
        "millions of dollars",
        None,
        "USD",
        "currency",
        "approximately",
        ANY,
        id="vague-millions-of-dollars",
    ),
    # percent
    pytest.param(
        "ISIS is failed, w/ 98% of its former territory liberated.",
        "98%",
        98,
        "percent",
        "percent",
        "exact",
        "former territory",
        id="percent-sign-98",
    ),
    pytest.param(
        "Approximately 98 percent of the territory once held by ISIS",
        "Approximately 98 percent",
        98,
        "percent",
        "percent",
        "approximately",
        "territory",
        id="percent-word-98",
    ),
    pytest.param("a 5 percent rise", "5 percent", 5, "percent", "percent", "exact", ANY, id="percent-5-percent"),
    pytest.param("a 10 per cent rise", "10 per cent", 10, "percent", "percent", "exact", ANY, id="percent-per-cent"),
    # qualifiers
    pytest.param(
        "Approximately 3.2 million Syrians and 4.5 million Iraqis have been freed.",
        "4.5 million",
        4.5e6,
        "people",
        "count",
        "approximately",
        "Iraqis",
        id="qualifier-governs-pair",
    ),
    pytest.param(
        "At its peak, Daesh controlled nearly 110,000 square kilometers of territory.",
        "nearly 110,000 square kilometers",
        110_000,
        "km2",
        "area",
        "nearly",
        "territory",
        id="area-nearly-110000-km2",
    ),
    pytest.param(
        "Coalition members have donated some 8,200 tons of military equipment.",
        "some 8,200 tons",
        8200,
        "t",
        "mass",
        "approximately",
        "military equipment",
        id="mass-some-8200-tons",
    ),
    pytest.param(
        "Ten Coalition Members are on tap to meet one-third of Iraq’s demining costs.",
        "one-third",
        1 / 3,
        "fraction",
        "fraction",
        "exact",
        "Iraq’s demining costs",
        id="fraction-one-third",
    ),
    pytest.param(
        "The number of fighters is down by more than half since its peak.",
        "more than half",
        0.5,
        "fraction",
        "fraction",
        "more_than",
        ANY,
        id="fraction-more-than-half",
    ),
    pytest.param(
        "two-thirds of them children",
        "two-thirds",
        2 / 3,
        "fraction",
        "fraction",
        "exact",
        ANY,
        id="fraction-two-thirds",
    ),
    pytest.param(
        "one in five Iraqis has been displaced",
        "one in five",
        0.2,
        "fraction",
        "fraction",
        "exact",
        "Iraqis",
        id="fraction-one-in-five",
    ),
    pytest.param(
        "Coalition members have helped raise over $20 billion in humanitarian and stabilization assistance",
        "over $20 billion",
        20e9,
        "USD",
        "currency",
        "more_than",
        "humanitarian and stabilization assistance",
        id="qualifier-over-20-billion",
    ),
    pytest.param(
        "the very first day, less than 24 hours after he was inaugurated",
        "less than 24 hours",
        24,
        "hours",
        "duration",
        "less_than",
        ANY,
        id="duration-less-than-24-hours",
    ),
    pytest.param(
        "The same source noted that only around 200 of these fighters are European.",
        "around 200",
        200,
        "people",
        "count",
        "approximately",
        "fighters",
        id="qualifier-only-around-200",
    ),
    pytest.param(
        "Among the estimated 11,000 ISIS detainees in northeast Syria",
        "estimated 11,000",
        11_000,
        "people",
        "count",
        "approximately",
        "ISIS detainees",
        id="qualifier-estimated-11000-detainees",
    ),
    pytest.param(
        "some 2,000 are foreign fighters",
        "some 2,000",
        2000,
        "people",
        "count",
        "approximately",
        "foreign fighters",
        id="predicate-noun-foreign-fighters",
    ),
    pytest.param(
        "more than 100 Coalition service members have given their lives",
        "more than 100",
        100,
        "people",
        "count",
        "more_than",
        "Coalition service members",
        id="service-members-are-people",
    ),
    pytest.param(
        "representatives from 31 members of the Global Coalition met",
        "31",
        31,
        "count",
        "count",
        "exact",
        "members",
        id="coalition-members-are-count",
    ),
    pytest.param(
        "trained nearly 90,000 Iraqi Security Forces members",
        "nearly 90,000",
        90_000,
        "people",
        "count",
        "nearly",
        "Iraqi Security Forces members",
        id="forces-members-are-people",
    ),
    pytest.param(
        "Approximately 27,000 have already returned home.",
        "Approximately 27,000",
        27_000,
        "people",
        "count",
        "approximately",
        None,
        id="human-predicate-returned",
    ),
    pytest.param(
        "We're working with women like Samia, a mother of five and a beneficiary.",
        "five",
        5,
        "people",
        "count",
        "exact",
        "children",
        id="mother-of-five",
    ),
    pytest.param(
        "Algeria's experience three decades ago",
        "three decades",
        30,
        "years",
        "duration",
        "exact",
        ANY,
        id="three-decades-ago",
    ),
    pytest.param(
        "over the last two years",
        "two years",
        2,
        "years",
        "duration",
        "exact",
        ANY,
        id="over-the-last-two-years-is-not-more-than",
    ),
    pytest.param(
        "the UK pledged £150 million over three years",
        "three years",
        3,
        "years",
        "duration",
        "exact",
        ANY,
        id="over-duration-after-money-means-during",
    ),
    pytest.param(
        "nearly 32,000 boys and girls are now back in school",
        "nearly 32,000",
        32_000,
        "people",
        "count",
        "nearly",
        "boys and girls",
        id="boys-and-girls",
    ),
    pytest.param(
        "The caliphate was 100 percent destroyed in March of this year.",
        "100 percent",
        100,
        "percent",
        "percent",
        "exact",
        ANY,
        id="100-percent",
    ),
    # general forms
    pytest.param("1,200 fighters", "1,200", 1200, "people", "count", "exact", "fighters", id="thousands-separator"),
    pytest.param(
        "up to 500 detainees", "up to 500", 500, "people", "count", "up_to", "detainees", id="qualifier-up-to"
    ),
    pytest.param(
        "at least 3,000 civilians",
        "at least 3,000",
        3000,
        "people",
        "count",
        "at_least",
        "civilians",
        id="qualifier-at-least",
    ),
    pytest.param(
        "almost 40 countries", "almost 40", 40, "count", "count", "nearly", "countries", id="qualifier-almost"
    ),
    pytest.param(
        "roughly 2 million refugees",
        "roughly 2 million",
        2e6,
        "people",
        "count",
        "approximately",
        "refugees",
        id="qualifier-roughly",
    ),
    pytest.param(
        "over 2,000 projects", "over 2,000", 2000, "count", "count", "more_than", "projects", id="qualifier-over-count"
    ),
    pytest.param(
        "fewer than 50 fighters",
        "fewer than 50",
        50,
        "people",
        "count",
        "less_than",
        "fighters",
        id="qualifier-fewer-than",
    ),
    pytest.param(
        "2,000 or more troops",
        "2,000 or more",
        2000,
        "people",
        "count",
        "at_least",
        "troops",
        id="post-qualifier-or-more",
    ),
    pytest.param("a distance of 1,000 km", "1,000 km", 1000, "km", "length", "exact", ANY, id="length-km"),
    pytest.param("a 20km radius", "20km", 20, "km", "length", "exact", ANY, id="length-glued-km"),
    pytest.param(
        "20 kilometers south of Mosul", "20 kilometers", 20, "km", "length", "exact", ANY, id="length-kilometers"
    ),
    pytest.param("within 3 months", "3 months", 3, "months", "duration", "exact", ANY, id="duration-months"),
    pytest.param("for six years", "six years", 6, "years", "duration", "exact", ANY, id="duration-six-years"),
    pytest.param("the first 100 days", "100 days", 100, "days", "duration", "exact", ANY, id="duration-100-days"),
    pytest.param("children under the age of 12", "12", 12, "years", "duration", "exact", "age", id="age-of-12"),
    pytest.param(
        "sentenced to between 5 and 20 years",
        "5",
        5,
        "years",
        "duration",
        "at_least",
        ANY,
        id="range-first-number-takes-unit",
    ),
    pytest.param(
        "sentenced to between 5 and 20 years",
        "20 years",
        20,
        "years",
        "duration",
        "up_to",
        ANY,
        id="range-upper-bound-up-to",
    ),
    pytest.param(
        "Between 3,000 and 5,000 fighters are still in Mosul",
        "3,000",
        3000,
        "people",
        "count",
        "at_least",
        ANY,
        id="range-between-lower-bound",
    ),
    pytest.param(
        "killing 686 ISIS operatives and detaining 374 others",
        "374",
        374,
        "people",
        "count",
        "exact",
        "ISIS operatives",
        id="others-takes-previous-noun",
    ),
    # a dash range is two figures, its bounds, as "between 10 and 15 people"
    pytest.param("10-15 people", "10", 10, "people", "count", "at_least", "people", id="range-lower-bound"),
    pytest.param("10-15 people", "15", 15, "people", "count", "up_to", "people", id="range-upper-bound"),
    pytest.param(
        "100,000–150,000    civilians thought to remain",
        "150,000",
        150000,
        "people",
        "count",
        "up_to",
        ANY,
        id="dash-range-upper-bound",
    ),
    pytest.param("$5-10 million", "$5", 5e6, "USD", "currency", "at_least", ANY, id="dash-range-lower-takes-scale"),
    pytest.param("at least one", "at least one", 1, "count", "count", "at_least", ANY, id="qualified-one-is-a-figure"),
    pytest.param(
        "half a million refugees", "half a million", 5e5, "people", "count", "exact", "refugees", id="half-a-million"
    ),
    # ---- spoken numbers: "and a half" is half of the last unit, "half a" a measure
    pytest.param(
        "a city of about a million and a half people",
        "about a million and a half",
        1.5e6,
        "people",
        "count",
        "approximately",
        "people",
        id="a-million-and-a-half",
    ),
    pytest.param(
        "North of a billion and a half dollars.",
        "North of a billion and a half dollars",
        1.5e9,
        "USD",
        "currency",
        "more_than",
        ANY,
        id="north-of-a-billion-and-a-half-dollars",
    ),
    pytest.param(
        "seized nearly half a ton of explosive materials",
        "nearly half a ton",
        0.5,
        "t",
        "mass",
        "nearly",
        ANY,
        id="half-a-ton-is-a-mass",
    ),
    pytest.param("within half an hour", "half an hour", 0.5, "hours", "duration", "exact", ANY, id="half-an-hour"),
    pytest.param(
        "Of the $985 million asked for, less than a fifth has arrived.",
        "less than a fifth",
        0.2,
        "fraction",
        "fraction",
        "less_than",
        ANY,
        id="qualified-a-fifth-without-of",
    ),
    pytest.param(
        "Just under half of them have returned",
        "Just under half",
        0.5,
        "fraction",
        "fraction",
        "less_than",
        ANY,
        id="just-under-is-less-than",
    ),
    pytest.param(
        "the Coalition ran something like 34,000 strikes",
        "something like 34,000",
        34000,
        "count",
        "count",
        "approximately",
        "strikes",
        id="something-like",
    ),
    # ---- ranges: "X to Y" as an estimate, a scale word written once
    pytest.param(
        "Some 3,000 to 4,000 Daesh fighters are thought to remain there.",
        "3,000",
        3000,
        "people",
        "count",
        "at_least",
        "Daesh fighters",
        id="to-range-lower-bound-drops-hedge",
    ),
    pytest.param(
        "Some 3,000 to 4,000 Daesh fighters are thought to remain there.",
        "4,000",
        4000,
        "people",
        "count",
        "up_to",
        "Daesh fighters",
        id="to-range-upper-bound",
    ),
    pytest.param(
        "the number of Coalition troops in Iraq had been reduced from 5,200 to about 2,500",
        "5,200",
        5200,
        "people",
        "count",
        "exact",
        ANY,
        id="from-to-is-a-change-not-a-range",
    ),
    pytest.param(
        "The EU will make available between €20 and €25 million for",
        "€20",
        20e6,
        "EUR",
        "currency",
        "at_least",
        ANY,
        id="range-lower-bound-takes-scale-word",
    ),
    pytest.param(
        "somewhere between nine and ten thousand ISIS fighters",
        "nine",
        9000,
        "people",
        "count",
        "at_least",
        "ISIS fighters",
        id="spelled-range-lower-bound-takes-scale-word",
    ),
    # ---- currencies
    pytest.param(
        'in the German manuscript the amount reads "€1,7 Mrd.".',
        "€1,7 Mrd.",
        1.7e9,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="german-decimal-comma-milliarde",
    ),
    pytest.param(
        "assumes a deficit of some 21.6 trillion dinars",
        "some 21.6 trillion dinars",
        21.6e12,
        "IQD",
        "currency",
        "approximately",
        ANY,
        id="dinars-are-iraqi",
    ),
    pytest.param(
        "Canada will also provide $840 million in humanitarian assistance over three years",
        "three years",
        3,
        "years",
        "duration",
        "exact",
        ANY,
        id="over-a-period-after-the-money-and-its-noun",
    ),
    # ---- "one" as a figure
    pytest.param(
        "Two CP-140 Aurora surveillance aircraft and one CC-150T Polaris aircraft",
        "one",
        1,
        "count",
        "count",
        "exact",
        ANY,
        id="one-listed-with-another-count",
    ),
    pytest.param(
        "the camp registered 5 boys and one girl",
        "one",
        1,
        "people",
        "count",
        "exact",
        "girl",
        id="one-singular-person",
    ),
    pytest.param(
        "will review the strategy after one year.",
        "one year",
        1,
        "years",
        "duration",
        "exact",
        ANY,
        id="after-one-year",
    ),
    # ---- people: what the sentence or the question counts
    pytest.param(
        "Canada will triple the size of its mission and increase the overall number of personnel deployed under\n\n"
        "Operation IMPACT from about 650 to approximately 830.",
        "approximately 830",
        830,
        "people",
        "count",
        "approximately",
        "personnel",
        id="number-of-personnel-from-to",
    ),
    pytest.param(
        "The flow of foreign fighters into Syria has gone from between 1,500 and 2,000 a month",
        "2,000",
        2000,
        "people",
        "count",
        "up_to",
        "foreign fighters",
        id="flow-of-fighters-rate-a-month",
    ),
    pytest.param(
        "How many ISIS fighters are left in west Mosul?\n\nA: Our estimate is fewer than 2,000. When the "
        "offensive started there were somewhere between 3,000 and 5,000 in the whole city.",
        "5,000",
        5000,
        "people",
        "count",
        "up_to",
        "ISIS fighters",
        id="answer-counts-the-question-noun",
    ),
    pytest.param(
        "Local officials put the death toll at over 100; some residents say",
        "over 100",
        100,
        "people",
        "count",
        "more_than",
        ANY,
        id="death-toll",
    ),
    pytest.param(
        "have now trained more than 40,000 members of the Iraqi and Kurdish Security Forces in infantry skills",
        "more than 40,000",
        40000,
        "people",
        "count",
        "more_than",
        ANY,
        id="members-of-security-forces-long-phrase",
    ),
    pytest.param(
        "the terrorist gangs still have between 2,000 and 2,500 elements hiding in the deserts",
        "2,500",
        2500,
        "people",
        "count",
        "up_to",
        "elements",
        id="elements-are-fighters",
    ),
    pytest.param(
        "more than 4.3 million displaced Ira-qis have returned",
        "more than 4.3 million",
        4.3e6,
        "people",
        "count",
        "more_than",
        ANY,
        id="demonym-hyphenated-at-a-line-break",
    ),
    pytest.param(
        "about 2,000 foreign terrorist fighters reopens is a recruiting ground",
        "about 2,000",
        2000,
        "people",
        "count",
        "approximately",
        ANY,
        id="person-noun-before-a-verb-of-the-next-column",
    ),
    pytest.param(
        "about 10,000 ISIS fighters in more than 20 facilities, about 2,000 of them foreign terrorist fighters",
        "about 2,000",
        2000,
        "people",
        "count",
        "approximately",
        "foreign terrorist fighters",
        id="of-them-followed-by-what-they-are",
    ),
    pytest.param(
        "So al-Hol had 73,000 people at its peak in 2019. Today it's under 40,000, and",
        "under 40,000",
        40000,
        "people",
        "count",
        "less_than",
        "people",
        id="elided-noun-in-the-next-sentence",
    ),
    pytest.param(
        "Canada has welcomed more than 20,000 Syrian refugees since November 4, 2015, and\n\n"
        "is on track to welcome 25,000 by the end of February 2016.",
        "25,000",
        25000,
        "people",
        "count",
        "exact",
        ANY,
        id="elided-noun-across-a-hard-wrapped-line",
    ),
    # ---- a dotted "BY THE NUMBERS" list: the label before the leader is the noun
    pytest.param(
        "Iraqi security forces trained .......... 190,000+\n\nTerritory liberated .......... 110,000 km2",
        "190,000+",
        190000,
        "people",
        "count",
        "more_than",
        "Iraqi security forces",
        id="leader-list-label-is-the-noun",
    ),
    pytest.param(
        "Stabilisation projects completed ...... 2,000+ Foreign terrorist fighters in SDF custody ...... ~2,000",
        "~2,000",
        2000,
        "people",
        "count",
        "approximately",
        "Foreign terrorist fighters",
        id="leader-list-run-together-tilde",
    ),
    # yen, written three ways
    pytest.param(
        "an ODA loan of up to ¥32.8 billion",
        "up to ¥32.8 billion",
        32.8e9,
        "JPY",
        "currency",
        "up_to",
        None,
        id="yen-sign",
    ),
    pytest.param(
        "10 million US dollars (approximately 1.28 billion yen) for displaced persons",
        "approximately 1.28 billion yen",
        1.28e9,
        "JPY",
        "currency",
        "approximately",
        ANY,
        id="yen-word",
    ),
    pytest.param(
        "including SAR 375 million and 20 million riyals",
        "20 million riyals",
        20e6,
        "SAR",
        "currency",
        "exact",
        None,
        id="riyals",
    ),
    # a table under its unit line: the bare cells are scaled, in its currency
    pytest.param(
        "(Unit: million yen)\nCategory JFY2019 JFY2020\nHumanitarian assistance 12,430 14,870\n\nLater 12,430 people.",
        "14,870",
        14.87e9,
        "JPY",
        "currency",
        "exact",
        None,
        id="table-unit-line",
    ),
    pytest.param(
        # (each line its own paragraph, as a statement's text joins the lines of a page)
        "Table 2. Iraq Train and Equip Fund Appropriations\n\n(in millions of dollars)\n\nFY2015 FY2016 (request)"
        "\n\nITEF 1,618.0 715.0\n\nSource: DOD.",
        "715.0",
        715e6,
        "USD",
        "currency",
        "exact",
        None,
        id="table-unit-line-over-a-head-of-fiscal-years",
    ),
    pytest.param(
        "(in millions of US dollars)\nPledged 120 approximately 45",
        "approximately 45",
        45,
        "count",
        "count",
        "approximately",
        ANY,
        id="table-unit-line-skips-hedged-cell",
    ),
    # a table flattened to one cell a line (each its own paragraph), under "(dollars in millions)"
    pytest.param(
        "Table: Assistance Obligated, Fiscal Years 2016-2017 (dollars in millions)\n\nFiscal year\n\nIraq\n\n"
        "Syria\n\nTotal\n\n2016\n\n151.8\n\n60.2\n\n212.0\n\nTotal\n\n416.8\n\n155.0\n\n571.8\n\n"
        "Most funds went to 40 projects.",
        "571.8",
        571.8e6,
        "USD",
        "currency",
        "exact",
        None,
        id="flattened-table-cells",
    ),
    pytest.param(
        "Table: Assistance (dollars in millions)\n\nFiscal year\n\nIraq\n\nSyria\n\nTotal\n\n2016\n\n151.8\n\n"
        "60.2\n\n212.0\n\nMost funds went to 40 projects.",
        "40",
        40,
        "count",
        "count",
        "exact",
        "projects",
        id="flattened-table-ends-before-prose",
    ),
    # an amount in parentheses is no unit line
    pytest.param(
        "including SAR 375 million (USD 100 million) in 2018",
        "USD 100 million",
        100e6,
        "USD",
        "currency",
        "exact",
        ANY,
        id="parenthesised-amount-is-no-unit-line",
    ),
    # a table whose rows a segmenter set apart by blank lines: the unit line reaches every row
    pytest.param(
        "Table 1. Contributions, 2015-2018 (US$ million)\n\nFund / channel Pledged Disbursed\n\n"
        "UNDP Funding Facility (Iraq) 1,130 910\n\nDemining (Iraq and Syria) 380 300\n\nTotal 2,050 1,420",
        "1,420",
        1.42e9,
        "USD",
        "currency",
        "exact",
        None,
        id="table-unit-line-over-paragraph-rows",
    ),
    # ... but not the prose after the table
    pytest.param(
        "Table 1. Contributions (US$ million)\n\nFund Pledged\n\nDemining 380\n\n"
        "Source: donor reports.\n\nFindings\n\nSome 300 people returned.",
        "Some 300",
        300,
        "people",
        "count",
        "approximately",
        "people",
        id="table-unit-line-stops-at-prose",
    ),
    pytest.param(
        "Table 1. Contributions (US$ million)\n\nDemining 380\n\nFindings\n\nFindings for 2018 listed\n\nTeams 40",
        "40",
        40,
        "count",
        "count",
        "exact",
        ANY,
        id="table-unit-line-one-head-line-only",
    ),
    # a footnote marker run into the word before it: the word is read, the marker is not
    pytest.param(
        "which at its height covered some 88,000 square kilometers3 — was gone.",
        "some 88,000 square kilometers",
        88000,
        "km2",
        "area",
        "approximately",
        None,
        id="footnote-marker-glued-to-unit",
    ),
    # "over" a period after an amount of money earlier in the sentence: during, not more than
    pytest.param(
        "as well as a loan of €430 million from the French Development Agency (AFD) over four years.",
        "four years",
        4,
        "years",
        "duration",
        "exact",
        None,
        id="over-period-after-money-in-sentence",
    ),
    pytest.param(
        "We gave $5 million. Over four years, we trained them.",
        "Over four years",
        4,
        "years",
        "duration",
        "more_than",
        None,
        id="over-period-money-in-earlier-sentence",
    ),
    pytest.param(
        "We gave $5 million, the first in over four years.",
        "over four years",
        4,
        "years",
        "duration",
        "more_than",
        None,
        id="in-over-period-is-more-than",
    ),
    pytest.param("Three of us were injured.", "Three", 3, "people", "count", "exact", None, id="n-of-us-without-the"),
    # "of us"/"of you" with no noun after: persons; "of them" may be things
    pytest.param(
        "1,900 of you now read this every week", "1,900", 1900, "people", "count", "exact", None, id="n-of-you-people"
    ),
    pytest.param(
        "We sold 40 of them last year.", "40", 40, "count", "count", "exact", None, id="n-of-them-stays-count"
    ),
    pytest.param("the 300 of them who returned", "300", 300, "count", "count", "exact", ANY, id="the-digits-of-them"),
    # a key-figures box: the scale abbreviated after a space
    pytest.param(
        "3.0 M people in need in Ar-Raqqa", "3.0 M", 3e6, "people", "count", "exact", "people", id="spaced-scale-m"
    ),
    # a count's noun from context
    pytest.param(
        "An estimated 436,000 people have been displaced since 1 April; some 270,000 of them remain displaced.",
        "some 270,000",
        270000,
        "people",
        "count",
        "approximately",
        "people",
        id="of-them-counts-the-count-before",
    ),
    pytest.param(
        "more than 40,000 foreign terrorist fighters from over 110 countries traveled to Iraq and Syria. "
        "Today the SDF is holding more than 800 of them, from more than 40 countries",
        "more than 800",
        800,
        "people",
        "count",
        "more_than",
        "foreign terrorist fighters",
        id="of-them-prefers-people",
    ),
    pytest.param(
        "Last summer, as many as 2,000 a month were crossing into Syria; today we assess the number at about 200.",
        "about 200",
        200,
        "people",
        "count",
        "approximately",
        None,
        id="the-number-at-is-the-count-before",
    ),
    # continental notation: a decimal comma before a scale or a share, thousands grouped with dots
    pytest.param(
        "The Federal Government estimates the expenditure at around € 73,7 million.",
        "around € 73,7 million",
        73.7e6,
        "EUR",
        "currency",
        "approximately",
        None,
        id="decimal-comma-before-a-scale",
    ),
    pytest.param(
        "Italy pledged EUR 0,8 million for demining.",
        "EUR 0,8 million",
        0.8e6,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="decimal-comma-below-one",
    ),
    pytest.param(
        "Its share rose to 12,5 % last year.",
        "12,5 %",
        12.5,
        "percent",
        "percent",
        "exact",
        ANY,
        id="decimal-comma-percent",
    ),
    pytest.param(
        "IS has lost its territory. Around 10.000 fighters are still at large.",
        "Around 10.000",
        10000,
        "people",
        "count",
        "approximately",
        "fighters",
        id="dot-thousands",
    ),
    pytest.param(
        "IS has lost its territory, but not its fighters. Around 10.000 of them are still at large.",
        "Around 10.000",
        10000,
        "people",
        "count",
        "approximately",
        "fighters",
        id="of-them-with-no-count-before-counts-the-persons-named-before",
    ),
    pytest.param(
        "The Coalition delivered vehicles to the army; 120 of them were armoured.",
        "120",
        120,
        "count",
        "count",
        "exact",
        None,
        id="of-them-after-things-stays-a-count",
    ),
    pytest.param(
        "Spain will contribute 1,2 M€ to the stabilization fund.",
        "1,2 M€",
        1.2e6,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="decimal-comma-scale-letter-closed-by-the-euro-sign",
    ),
    pytest.param(
        "France a engagé 2,5 Md€ — that is, France committed the sum.",
        "2,5 Md€",
        2.5e9,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="french-milliard-abbreviation-before-the-sign",
    ),
    pytest.param(
        "a budget of 300 k€ for mine clearance",
        "300 k€",
        300e3,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="thousand-abbreviation-before-the-sign-needs-no-decimal",
    ),
    pytest.param(
        "Germany gave 1.2 million € to the fund.",
        "1.2 million €",
        1.2e6,
        "EUR",
        "currency",
        "exact",
        ANY,
        id="euro-sign-after-the-scale-word",
    ),
    pytest.param(
        "Through Operation Chammal, up to 1 100 French military personnel were deployed, and more than 1 500 strikes",
        "up to 1 100",
        1100,
        "people",
        "count",
        "up_to",
        ANY,
        id="space-thousands-on-a-page-that-writes-them-so",
    ),
    pytest.param(
        "the Coalition and its partners have liberated almost 110 000 km² of territory",
        "almost 110 000 km²",
        110000,
        "km2",
        "area",
        "nearly",
        ANY,
        id="space-thousands-before-a-unit",
    ),
    pytest.param(
        "Syria stabilization (bilateral) 540 210 and 1,200 for Iraq",
        "540",
        540,
        "count",
        "count",
        "exact",
        ANY,
        id="two-cells-of-a-flattened-table-on-an-english-page-are-two-numbers",
    ),
    pytest.param(
        "Estimates of the group's total strength range from 20,000 to 31,500 fighters.",
        "20,000",
        20000,
        "people",
        "count",
        "at_least",
        ANY,
        id="range-from-to-is-a-range-not-a-change",
    ),
    pytest.param(
        "A U.N. report estimated that between 8,000 and 16,000 IS militants remain active.",
        "16,000",
        16000,
        "people",
        "count",
        "up_to",
        "IS militants",
        id="the-group-s-initials-is-no-verb-in-a-noun-phrase",
    ),
    pytest.param(
        "a move that will cut the American troop presence in the country to fewer than 1,000, from about 2,000 today.",
        "about 2,000",
        2000,
        "people",
        "count",
        "approximately",
        ANY,
        id="a-change-to-a-count-of-troops-from-another",
    ),
    pytest.param(
        "In the next shipment, the coalition will hand over 64 armored vehicles to the Peshmerga.",
        "64",
        64,
        "count",
        "count",
        "exact",
        ANY,
        id="hand-over-is-a-verb-s-particle-not-more-than",
    ),
    pytest.param(
        "a grant of $1.125 billion",
        "$1.125 billion",
        1.125e9,
        "USD",
        "currency",
        "exact",
        ANY,
        id="three-decimals-before-a-scale-are-decimals",
    ),
    pytest.param(
        "many of them died; more than 500 surrendered to Kurdish forces north of the city.",
        "more than 500",
        500,
        "people",
        "count",
        "more_than",
        None,
        id="n-then-a-human-verb-is-people",
    ),
    pytest.param(
        "Iraq has repatriated more than 10,000 of its citizens in 20 batches, and will receive some 15,000 others.",
        "some 15,000",
        15000,
        "people",
        "count",
        "approximately",
        "citizens",
        id="others-after-a-count-of-people",
    ),
    pytest.param(
        "nearly a quarter of a million people remain displaced",
        "nearly a quarter of a million",
        250000,
        "people",
        "count",
        "nearly",
        "people",
        id="a-quarter-of-a-million",
    ),
    pytest.param(
        "The cost is in the order of $1.2 billion.",
        "in the order of $1.2 billion",
        1.2e9,
        "USD",
        "currency",
        "approximately",
        ANY,
        id="in-the-order-of",
    ),
    pytest.param(
        "Italy's total contribution exceeds EUR 60 million.",
        "exceeds EUR 60 million",
        60e6,
        "EUR",
        "currency",
        "more_than",
        ANY,
        id="exceeds-is-more-than",
    ),
    pytest.param(
        "By late 2017 about 5,200 U.S. personnel were deployed; other partners had sent 3,600 more.",
        "3,600",
        3600,
        "people",
        "count",
        "exact",
        "U.S. personnel",
        id="n-more-counts-the-count-before",
    ),
    pytest.param(
        "| By late 2017 about 5,200 U.S. personnel were deployed; other |\n\n| partners had sent 3,600 more. |",
        "3,600",
        3600,
        "people",
        "count",
        "exact",
        "U.S. personnel",
        id="n-more-in-the-next-row-of-a-box",
    ),
    pytest.param(
        "About 1,200 pilots have flown 5,000 sorties over Iraq; over Syria, 900 more.",
        "900",
        900,
        "count",
        "count",
        "exact",
        "sorties",
        id="n-more-is-the-nearest-count-not-the-nearest-people",
    ),
    pytest.param(
        "They pledged 300 more troops.", "300", 300, "people", "count", "exact", "troops", id="n-more-with-its-noun"
    ),
    pytest.param(
        "Italy has increased its personnel in the mission to about 650.",
        "about 650",
        650,
        "people",
        "count",
        "approximately",
        "personnel",
        id="change-to-counts-the-group",
    ),
    pytest.param(
        "Camp / site Governorate Population\n\nAin Issa Ar-Raqqa 13,100\n\nMabrouka Al-Hasakeh 6,850\n\nTotal 19,950",
        "6,850",
        6850,
        "people",
        "count",
        "exact",
        "Population",
        id="table-column-head-population",
    ),
    pytest.param(
        "the campaign had cost his forces 11,000 martyrs",
        "11,000",
        11000,
        "people",
        "count",
        "exact",
        "martyrs",
        id="martyrs",
    ),
    # a marker glued to a figure ends it: "[10]" does not hide "$601 million"
    pytest.param(
        "Pledges of nearly $601 million[10] |",
        "nearly $601 million",
        601e6,
        "USD",
        "currency",
        "nearly",
        None,
        id="reference-marker-after-figure",
    ),
    # where the new rules must not fire
    pytest.param(
        "Coalition Marks Five Years of Action",
        "Five Years",
        5,
        "years",
        "duration",
        "exact",
        ANY,
        id="capitalised-number-before-unit",
    ),
    pytest.param(
        "the two camps hold 60,000 people", "two", 2, "count", "count", "exact", ANY, id="the-two-not-parties"
    ),
    pytest.param(
        "Sirte.10 Then:\n\n300 Coalition personnel remain",
        "300",
        300,
        "people",
        "count",
        "exact",
        ANY,
        id="line-start-count-no-marker",
    ),
    pytest.param(
        "Q (Rai, in Italian): 45 projects",
        "45",
        45,
        "count",
        "count",
        "exact",
        "projects",
        id="parenthesis-not-a-unit-line",
    ),
    pytest.param(
        "Annex B 3.0 M people", "3.0 M", 3e6, "people", "count", "exact", ANY, id="spaced-scale-after-decimal-only"
    ),
    # a year with a footnote marker is a year; the figure before it stays
    pytest.param(
        "as many as 31,500 in 2014.3 ISIL has not",
        "as many as 31,500",
        31500,
        "count",
        "count",
        "up_to",
        None,
        id="year-with-footnote-marker",
    ),
    # "JD" before an amount is the Jordanian dinar; "exceeding" is "more than"
    pytest.param(
        "the Kingdom has borne costs exceeding JD 1.2 billion a year",
        "exceeding JD 1.2 billion",
        1.2e9,
        "JOD",
        "currency",
        "more_than",
        None,
        id="jd-is-jordanian-dinar",
    ),
    # "one" + a duration + "ago" is a span of time back to an event
    pytest.param(
        "Since the Coalition was formed one year ago, it has grown.",
        "one year",
        1,
        "years",
        "duration",
        "exact",
        None,
        id="one-year-ago",
    ),
    # person nouns of the pledges: police forces and analysts
    pytest.param(
        "Italy: 130 Carabinieri to train Iraqi police", "130", 130, "people", "count", "exact", ANY, id="carabinieri"
    ),
    pytest.param("staffed by 30 analysts.", "30", 30, "people", "count", "exact", "analysts", id="analysts"),
    # a figure quoted alone inside reported speech: the noun follows the closing quote
    pytest.param(
        'told The Associated Press that "fewer than 1,000" militants were believed to remain',
        "fewer than 1,000",
        1000,
        "people",
        "count",
        "less_than",
        "militants",
        id="quoted-figure-noun-after-quote",
    ),
    pytest.param(
        'the report said "1,000" and 40 vehicles', "1,000", 1000, "count", "count", "exact", None, id="quoted-no-noun"
    ),
    # "over" a period after a passive verb: during, not "more than"
    pytest.param(
        "It was rehabilitated over five months by a team of 65 local engineers.",
        "five months",
        5,
        "months",
        "duration",
        "exact",
        None,
        id="over-period-after-passive",
    ),
    pytest.param(
        "The war lasted over five months.",
        "over five months",
        5,
        "months",
        "duration",
        "more_than",
        None,
        id="lasted-over-is-more-than",
    ),
    pytest.param(
        "Refugees have waited over two years.",
        "over two years",
        2,
        "years",
        "duration",
        "more_than",
        None,
        id="active-verb-over-is-more-than",
    ),
]


@pytest.mark.parametrize(("sentence", "span", "value", "unit", "dimension", "qualifier", "noun"), FIGURES)
def test_figure(
    sentence: str, span: str, value: float | None, unit: str, dimension: str, qualifier: str, noun: Any
) -> None:
    fig = _find(sentence, span)
    assert _same_value(fig.value, value)
    assert (fig.unit, fig.dimension, fig.qualifier) == (unit, dimension, qualifier)
    if noun is not ANY:
        assert fig.noun == noun


def test_ratio_needs_one_or_every() -> None:
    assert _find("7 out of 10 Syrians", "7 out of 10").value == 0.7
    assert [f.text for f in extract_figures("killed 2 in 3 attacks")] == ["2", "3"]


def test_invalid_number_word_sequence_does_not_crash() -> None:
    assert [f.value for f in extract_figures("one two three and twenty twenty")] == [2, 3, 20, 20]


def test_pair_first_member_keeps_its_qualifier() -> None:
    figs = extract_figures("Approximately 3.2 million Syrians and 4.5 million Iraqis")
    assert [(f.text, f.qualifier, f.noun) for f in figs] == [
        ("Approximately 3.2 million", "approximately", "Syrians"),
        ("4.5 million", "approximately", "Iraqis"),
    ]


def test_post_qualifier_does_not_distribute() -> None:
    figs = extract_figures("trained 150,000+ Iraqi personnel and 15,000 police")
    assert [(f.text, f.qualifier) for f in figs] == [("150,000+", "more_than"), ("15,000", "exact")]


def test_dash_pair_out_of_order_is_no_range() -> None:
    assert [(f.text, f.qualifier) for f in extract_figures("open 24-7 all year")] == [("24", "exact")]


def test_dollar_sign_follows_the_page() -> None:
    """A page's "$" may be another dollar ("CAD" on a Government of Canada page); "US$"
    and "dollars" stay USD."""
    figs = extract_figures("more than $1.6 billion, US$ 500m and 2 billion dollars", dollar="CAD")
    assert [f.unit for f in figs] == ["CAD", "USD", "USD"]


@pytest.mark.parametrize(
    ("url", "publisher", "dollar"),
    [
        pytest.param(None, "Global Affairs Canada", "CAD", id="canadian-ministry"),
        pytest.param("https://www.canada.ca/en/global-affairs/news/2016/02/x.html", None, "CAD", id="canada.ca"),
        pytest.param("https://www.pm.gc.ca/eng/news", "Prime Minister's Office", "CAD", id="gc.ca"),
        pytest.param("https://www.cbc.ca/news/politics/isis-1.3", "CBC News", "CAD", id="canadian-outlet"),
        pytest.param(
            "https://ca.usembassy.gov/remarks/", "U.S. Embassy & Consulates in Canada", "USD", id="us-embassy-in-canada"
        ),
        pytest.param(None, "U.S. Mission Canada", "USD", id="us-mission-named-for-canada"),
        pytest.param("https://www.foreignminister.gov.au/minister/x", None, "AUD", id="gov.au"),
        pytest.param(None, "Department of Defence, Australian Government", "AUD", id="australian-publisher"),
        pytest.param("https://www.beehive.govt.nz/release/x", None, "NZD", id="govt.nz"),
        pytest.param("https://www.state.gov/briefings/x", "U.S. Department of State", "USD", id="state-department"),
        pytest.param("https://www.washingtoninstitute.org/x", None, "USD", id="us-think-tank"),
        pytest.param("https://www.france24.com/x", "France 24", "USD", id="other-outlet"),
        pytest.param(None, None, "USD", id="nothing-known"),
    ],
)
def test_the_dollar_of_a_page(url: str | None, publisher: str | None, dollar: str) -> None:
    assert page_dollar(url, publisher) == dollar


def test_percent_sign_and_word_are_the_same_unit() -> None:
    sign, word = extract_figures("98% of it and 98 percent of it")
    assert (sign.value, sign.unit) == (word.value, word.unit) == (98, "percent")


# --------------------------------------------------------------------------------------
# Vague amounts: reported, with value None
# --------------------------------------------------------------------------------------

VAGUE = [
    pytest.param(
        "tens of thousands of local partners in Syria and Iraq have died",
        "tens of thousands",
        "count",
        id="tens-of-thousands",
    ),
    pytest.param(
        "the thousands of foreign terrorist fighters in custody", "thousands", "people", id="thousands-of-fighters"
    ),
    pytest.param("we saved millions of people from tyranny", "millions", "people", id="millions-of-people"),
    pytest.param("dozens of countries", "dozens", "count", id="dozens"),
    pytest.param("hundreds were arrested", "hundreds", "people", id="hundreds-human-predicate"),
    pytest.param(
        "Hundreds of thousands of people fled.", "Hundreds of thousands", "people", id="hundreds-of-thousands"
    ),
    pytest.param("a few hundred fighters", "a few hundred", "people", id="a-few-hundred"),
    pytest.param("Several thousand fighters escaped.", "Several thousand", "people", id="several-thousand"),
]


@pytest.mark.parametrize(("sentence", "span", "unit"), VAGUE)
def test_vague_amount_has_no_value(sentence: str, span: str, unit: str) -> None:
    fig = _find(sentence, span)
    assert fig.value is None
    assert fig.unit == unit
    assert fig.qualifier == "approximately"


def test_vague_keeps_explicit_qualifier() -> None:
    assert _find("more than thousands of people", "more than thousands").qualifier == "more_than"


def test_few_and_several_alone_are_not_figures() -> None:
    assert extract_figures("a few months later, several countries and many partners") == []


# --------------------------------------------------------------------------------------
# Not figures
# --------------------------------------------------------------------------------------

NOT_FIGURES = [
    pytest.param("Press office: +90 312 231 7000 and +32 2 281 53 16", id="phones-with-space-grouped-digits"),
    pytest.param("a coalition spokesperson told Kurdistan 24 on Monday.", id="broadcaster-told-kurdistan-24"),
    pytest.param("the spokesperson told Kurdistan 24.", id="broadcaster-at-a-sentence-s-end"),
    pytest.param("ERBIL (Kurdistan 24) – The coalition will deliver vehicles.", id="broadcaster-dateline"),
    pytest.param("the minister told Europe 1 radio that the threat remained.", id="broadcaster-europe-1"),
    pytest.param("Italy offered to host in 2020 the next meeting.", id="year-in-2020"),
    pytest.param("the return of civilians in – since April of 2015.", id="since-april-of-2015"),
    pytest.param("On November 14, 2019, representatives met", id="full-date"),
    pytest.param("― Feb. 13, in a joint statement", id="abbreviated-month-date"),
    pytest.param("Nov 7, 2019", id="abbreviated-month-no-dot"),
    pytest.param("On October 25 a policy brief was issued", id="month-day"),
    pytest.param("the 14th of November", id="day-of-month"),
    pytest.param("al-Qaeda in Iraq went underground in 2007-2009 before", id="year-range"),
    pytest.param("ISIS lost territory in 2017-18.", id="year-range-short"),
    pytest.param("following President Trump's December 2018 statement", id="month-year"),
    pytest.param("in accordance with UNSCR 2254.", id="unscr"),
    pytest.param("Resolution 2396 is a new and effective tool", id="resolution"),
    pytest.param("with UN Security Council Resolution 2254 as guide", id="security-council-res"),
    pytest.param("Resolutions 2170 and 2178", id="resolution-list"),
    pytest.param("under Executive Order 13224, as amended", id="executive-order"),
    pytest.param("the UN 1267 Sanctions Committee", id="sanctions-committee-number"),
    pytest.param("see page 12, section 4.2, Article 5, paragraph 3", id="page-section-article"),
    pytest.param("First, we see. Second, we recognize. Fourth and finally", id="ordinal-words"),
    pytest.param("the 18th meeting and the 2nd round and the 85th member", id="ordinal-digits"),
    pytest.param("— The Global Coalition (@coalition) #Daesh2", id="handle-and-hashtag"),
    pytest.param("posted at 14:20:22 and at 10:30 a.m.", id="clock-time"),
    pytest.param("https://www.whitehouse.gov/wp-content/uploads/2018/10/NSCT.pdf", id="url"),
    pytest.param("(/policy-analysis/view/2019-12-report-55)", id="relative-path"),
    pytest.param("so that stability can, one day, return to this land", id="one-day"),
    pytest.param("has been one of the most successful undertakings", id="one-of-the-most"),
    pytest.param("there is no single approach to the defeat", id="no-single"),
    pytest.param("each one is tailored to the threat", id="each-one"),
    pytest.param("Every one of us must continue", id="every-one"),
    pytest.param("in one instance, a primary school", id="one-instance"),
    pytest.param("the Coalition's Working Groups", id="working-group"),
    pytest.param("the United States' number one priority in the region", id="number-one"),
    pytest.param("the smaller half of the problem", id="figurative-half"),
    pytest.param("COVID-19, F-16 jets and UNITED24", id="numbers-glued-to-letters"),
    pytest.param("7 minutes read time", id="read-time-chrome"),
    pytest.param("Call (202) 647-4000 or +1 202 647 4000", id="phone-numbers"),
    pytest.param("since 9/11 and 24/7", id="slashed-numbers"),
    pytest.param("in the 1990s", id="decade-name"),
    pytest.param("a qualitative operation at 0400 hours on Monday", id="military-time"),
    pytest.param("Date: Fri, 24 Mar 2017 07:02:11 +0000", id="time-zone-with-leading-zero"),
    pytest.param("UIN 67412, tabled on 9 March 2017. Grouped questions: 67413 | 67414", id="question-numbers"),
    pytest.param("in Mosul and Raqqa. [909311]", id="bracketed-question-number"),
    pytest.param("Werderscher Markt 1\n\n10117 Berlin", id="german-address-and-postcode"),
    pytest.param("Tigris Monitor, 4th Floor, 27 Exmouth Market, London", id="street-number-market"),
    pytest.param("Harbor Point Media, Suite 310, Baltimore", id="suite-number"),
    pytest.param("Council document 7267/15  |  ST 7267 2015 INIT", id="council-document-code"),
    pytest.param("Resolutions 2170 (2014), 2178 (2014) and 2199 (2015)", id="resolution-list-with-years"),
    pytest.param('conclusions:\n\n"1. The Council remains gravely concerned', id="quoted-paragraph-number"),
    pytest.param("Showing 1 - 3 of 3 results", id="search-result-counter"),
    pytest.param("Fact sheet 03/2019 1 / 2", id="page-counter"),
    pytest.param("HC Deb 20 March 2017 vol 623 cc1-3\n\n[Column 2]", id="hansard-volume-and-column"),
    pytest.param("Download (MP3, 48.1 MB)", id="file-size"),
    pytest.param("the ISIL/Da'esh threat, 1 page", id="page-count"),
    pytest.param("Rate us five stars wherever you listen.", id="rating"),
    pytest.param("for 68% off plus 3 months free.", id="sponsor-offer"),
    pytest.param("Edited by Jonah Pereira | Reading time: 6 minutes", id="reading-time"),
    pytest.param("FIVE YEARS OF COALITION ACTION", id="number-word-in-capitals-heading"),
    pytest.param("and a Role 2 medical facility will be established", id="role-designation"),
    pytest.param("making us one of the largest donors", id="one-of-pronoun"),
    pytest.param("HEARING HELD WEDNESDAY, OCTOBER 23, 2019", id="date-in-capitals"),
    pytest.param("Replies 38 · Reposts 214 · Quotes 17 · Likes 1,046", id="counters-label-first"),
    pytest.param("2023-07-11 | 16:48 Views: 932 [Print]", id="views-counter"),
    pytest.param("Times are shown in the time zone of the archiving account (UTC+3).", id="utc-offset"),
    pytest.param("[Image 1 of 2: Iraqi officers sign transfer documents.]", id="image-counter"),
    pytest.param("1/ Today the Coalition transferred the airfield", id="thread-numbering"),
    pytest.param("(3) As a new contribution, Japan has decided", id="parenthesised-paragraph-number"),
    pytest.param("(Reference 1) Japan's assistance", id="reference-number"),
    pytest.param("Dirksen Senate Office Building, Room 419, Washington", id="room-number"),
    pytest.param("Emma Thornton (02) 6277 7800", id="phone-with-trunk-prefix"),
    pytest.param("Email: info@mofa.gov.iq Hotline: 139", id="hotline"),
    pytest.param("(c) Commonwealth of Australia 2017 ABN 68 706 814 312", id="business-number"),
    pytest.param("RAND Corporation. p. 9. ISBN 978-0-8330-9748-5.", id="isbn"),
    pytest.param("Posts in export: 10 | Accounts: @OIRSpox", id="metadata-bar-value"),
    pytest.param("Riyadh, Jumada I 29, 1445, Dec 13, 2023, SPA --", id="hijri-dateline"),
    pytest.param("hosted in Riyadh on Dhu al-Qadah 19, 1444 H, corresponding to", id="hijri-date-with-h"),
    pytest.param("announced their designations on Rabi al-Awwal 3, 1445, and", id="hijri-date-rabi"),
    pytest.param("Humanitarian Situation Report (16 - 31 October 2017)", id="range-of-days"),
    pytest.param("It covers the period from 16 to 31 October 2017.", id="range-of-days-from-to"),
    pytest.param("the directives of the Custodian of the Two Holy Mosques", id="number-word-in-a-name"),
    pytest.param("now reaches an audience more than ten times larger than", id="multiplier"),
    pytest.param("and the two sides confirmed that they would", id="the-two-sides"),
    pytest.param("following the talks between the two ministers.", id="the-two-ministers"),
    pytest.param("Text is available under the License 4.0; additional terms", id="licence-version"),
    pytest.param(
        "on the offensive in parts of Syria.2\n\n2 Department of Defense assessment, June 2016.", id="pdf-footnote"
    ),
    pytest.param('as one official told us, is "keeping the lights on."4 The task', id="footnote-marker-after-quote"),
    pytest.param("the wrong hands.”12", id="footnote-marker-after-curly-quote"),
    pytest.param("the territory covered kilometers3 — was gone", id="footnote-marker-glued-to-word"),
    pytest.param("1 - Iraq - Global Coalition against Daesh\n\n2 – Syria - Detention", id="dash-numbered-headings"),
    pytest.param("We met this morning here in Brussels, the three of us, to", id="the-three-of-us"),
    pytest.param("He holds a JD from Harvard and was formed a year ago.", id="jd-degree-and-a-year-ago"),
    pytest.param("one month of training, one year of war", id="one-duration-without-ago"),
    pytest.param("The Bundestag voted on 17.10.2019 in its sitting.", id="dotted-date"),
    pytest.param("This report examines (1) the amount, (2) how State monitors it.", id="enumeration-in-a-sentence"),
    pytest.param("State should develop a monitoring plan. (Recommendation 1)", id="recommendation-number"),
    pytest.param("Table: Assistance (dollars in millions)", id="unit-line-alone"),
    pytest.param("Web Views:         187\nDownloads:         0", id="views-and-downloads-counters"),
    pytest.param("They are in Task Group Taji 5, training the army.", id="task-group-number"),
    pytest.param("Parliament House, Canberra ACT 2600 | Privacy", id="australian-postcode"),
    pytest.param("Media Office of the Prime Minister\n17-9-2024", id="date-with-dashes"),
    pytest.param("We now move to outcome 1, program 1.4, Joint operations.", id="outcome-and-program-numbers"),
    pytest.param("Listen / Download [ ▶ 3'12\" ]", id="audio-duration"),
    pytest.param("Like · Reply · 4 Reactions", id="reactions-counter"),
    pytest.param("1️⃣ The Coalition keeps growing.", id="keycap-digit-list-marker"),
    pytest.param("Photo gallery (8 photos)", id="photo-gallery-count"),
    pytest.param("The forum will be held in Tianjin from June 27 to 29.", id="day-range-after-month-day"),
    pytest.param("Updated at 15.52 BST", id="dotted-clock-with-zone"),
    pytest.param("15.10\n\nSpeaking to reporters, Kerry said it.", id="live-blog-post-time-alone"),
    pytest.param("Jets took off from Air Base 104 at 8.30am for the mission.", id="air-base-and-dotted-am"),
    pytest.param("The mandate is based on Article 24(2) of the Basic Law.", id="article-with-subsection"),
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(sentence: str) -> None:
    assert extract_figures(sentence) == []


# --------------------------------------------------------------------------------------
# Structural properties
# --------------------------------------------------------------------------------------

SAMPLE = (
    "Coalition members have provided more than $22.2 billion. Last July, partners pledged "
    "more than $2.3 billion for humanitarian assistance.\n\nThe U.S. Department of State said "
    "approximately 35,000 IDPs fled, and approximately 27,000 have already returned home."
)


def test_offsets_text_sentence_and_order() -> None:
    figs = extract_figures(SAMPLE)
    assert [f.text for f in figs] == [
        "more than $22.2 billion",
        "more than $2.3 billion",
        "approximately 35,000",
        "approximately 27,000",
    ]
    assert [f.start for f in figs] == sorted(f.start for f in figs)
    for f in figs:
        assert SAMPLE[f.start : f.end] == f.text
        assert f.text in f.sentence
        assert f.sentence in SAMPLE
    assert figs[2].sentence.startswith("The U.S. Department of State said")
    assert figs[0].sentence == "Coalition members have provided more than $22.2 billion."


def test_deterministic_and_pure() -> None:
    assert extract_figures(SAMPLE) == extract_figures(SAMPLE)
    assert extract_figures("") == []


# --------------------------------------------------------------------------------------
# Gold file: recall and precision over the five corpus documents
# --------------------------------------------------------------------------------------


def _fallback_clean(raw: str) -> str:
    """FALLBACK ONLY, used when app.ingest.clean is not importable (it is being written
    concurrently). Good enough for this test: unlink markdown, drop autolinks, unescape."""
    text = re.sub(r"\(<https?://[^>]*>\)", "", raw)
    text = re.sub(r"\[([^\]]*?)\s*\\\(.*?\\\)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\([$\[\]()*_#])", r"\1", text)
    return text.replace("**", "")


def _clean(raw: str) -> str:
    try:
        from app.ingest.clean import clean
    except ImportError:  # pragma: no cover - only while the cleaner does not exist yet
        return _fallback_clean(raw)
    result = clean(raw)
    return result if isinstance(result, str) else result.text


def _match(gold: list[dict[str, Any]], found: list[FigureMatch]) -> dict[int, FigureMatch]:
    """Pair gold entries with reported figures, one to one, strictest criterion first."""

    def same_text(g: dict[str, Any], f: FigureMatch) -> bool:
        return f.text.lower() == str(g["text"]).lower()

    def same_all(g: dict[str, Any], f: FigureMatch) -> bool:
        return same_value_unit(g, f) and f.qualifier == g["qualifier"]

    def same_value_unit(g: dict[str, Any], f: FigureMatch) -> bool:
        return g["value"] is not None and _same_value(f.value, g["value"]) and f.unit == g["unit"]

    def overlapping(g: dict[str, Any], f: FigureMatch) -> bool:
        a, b = f.text.lower(), str(g["text"]).lower()
        return a in b or b in a

    pairs: dict[int, FigureMatch] = {}
    used: set[int] = set()
    for criterion in (same_text, same_all, same_value_unit, overlapping):
        for gi, g in enumerate(gold):
            if gi in pairs:
                continue
            for fi, f in enumerate(found):
                if fi not in used and criterion(g, f):
                    pairs[gi] = f
                    used.add(fi)
                    break
    return pairs


def _correct(g: dict[str, Any], f: FigureMatch) -> bool:
    return _same_value(f.value, g["value"]) and f.unit == g["unit"] and f.qualifier == g["qualifier"]


def _describe(f: FigureMatch | None) -> str:
    return "nothing" if f is None else f"{f.text!r} ({f.value}, {f.unit}, {f.qualifier})"


def test_golden_recall_and_precision() -> None:
    gold_all: list[dict[str, Any]] = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    docs = sorted({g["doc"] for g in gold_all} | {p.name for p in SOURCES.glob("*.txt")})
    total_gold = total_found = total_right = total_matched = 0
    report: list[str] = []
    problems: list[str] = []
    for doc in docs:
        gold = [g for g in gold_all if g["doc"] == doc]
        found = extract_figures(_clean((SOURCES / doc).read_text(encoding="utf-8")))
        pairs = _match(gold, found)
        right = sum(_correct(gold[gi], f) for gi, f in pairs.items())
        matched_ids = {id(f) for f in pairs.values()}
        problems += [
            f"{doc}: missed/wrong {g['text']!r} -> {_describe(pairs.get(gi))}"
            for gi, g in enumerate(gold)
            if gi not in pairs or not _correct(g, pairs[gi])
        ]
        problems += [f"{doc}: not in gold {f.text!r} ({f.value}, {f.unit})" for f in found if id(f) not in matched_ids]
        recall = right / len(gold) if gold else 1.0
        precision = len(pairs) / len(found) if found else 1.0
        report.append(f"{doc}: gold={len(gold)} found={len(found)} recall={recall:.3f} precision={precision:.3f}")
        total_gold += len(gold)
        total_found += len(found)
        total_right += right
        total_matched += len(pairs)
    recall = total_right / total_gold
    precision = total_matched / total_found
    report.append(f"ALL: recall={recall:.3f} precision={precision:.3f}")
    print("\n".join(report + problems))
    assert recall >= 0.95, "\n".join(report + problems)
    assert precision >= 0.95, "\n".join(report + problems)
