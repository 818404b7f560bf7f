"""Linking to meetings on the page kinds of unseen6, each rule with its hard cases named,
and the cases it must not fire on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.ingest.dates import date_line, stamps, with_year
from app.ingest.link import (
    MeetingIndex,
    cities_in,
    lead_ins,
    meeting_rows,
    mentions,
    sentence_dates,
    sentences,
    speaks_of_meeting,
)
from app.ingest.sources import read_meetings

DATA = Path(__file__).resolve().parents[2] / "data"


def _created(index: MeetingIndex, found: list[str]) -> list[tuple[str | None, date | None]]:
    return [(index.meetings[m].city, index.meetings[m].date) for m in found]


# ------------------------------------------------------------------ tables of meetings

WIKI = """Ministerial meetings [edit]

The coalition's foreign ministers meet at irregular intervals; a smaller group steers its work.6

| Date | Location | Format | Notes |
| 3 December 2014 | Brussels | Foreign ministers | First full ministerial |
| 22 March 2017 | Washington, D.C. | Foreign ministers | 68 members |
| 4 June 2020 | (videoconference) | Small Group | Held online |
| 28 June 2021 | Rome (virtual) | Small Group | |

Membership [edit]

The coalition had about 60 members at its first ministerial meeting in December 2014."""

ATTACKS = """Attacks [edit]

| Date | Location | Dead |
| 13 November 2015 | Paris | 130 |
| 22 March 2016 | Brussels | 32 |"""


def test_each_row_of_a_table_of_meetings_with_a_day_and_a_city_is_a_meeting() -> None:
    index = MeetingIndex([])
    found = [m for s in sentences(WIKI) for m in index.find(s, None, True)]
    assert _created(index, found) == [("Brussels", date(2014, 12, 3)), ("Washington", date(2017, 3, 22))]


def test_a_row_held_online_and_a_table_of_anything_else_are_not_meetings() -> None:
    assert not any("videoconference" in row or "virtual" in row for row in meeting_rows(WIKI))
    assert meeting_rows(ATTACKS) == []  # a table of dates and cities under "Attacks"
    index = MeetingIndex([])
    assert [m for s in sentences(ATTACKS) for m in index.find(s, None, True)] == []


def test_a_table_row_is_not_a_dateline_for_the_paragraph_after_it() -> None:
    text = "| 6 February 2019 | Washington, D.C. | Foreign ministers |\n\nThe members met in December 2014."
    assert "| 6 February 2019 | Washington, D.C. The members met in December 2014." not in sentences(text)


# ------------------------------------------------------------------ dates of meetings


def test_a_meeting_abroad_is_dated_by_its_local_date() -> None:
    context = date(2022, 5, 12)
    japan = "On May 11 (local time; early morning of May 12, Japan time), he attended the meeting held in Marrakech."
    assert sentence_dates(japan, context) == [(date(2022, 5, 11), "day")]
    assert (date(2022, 5, 12), "day") in sentence_dates("the meeting (held on 12 May) in Rome", context)
    assert (date(2022, 5, 11), "day") in sentence_dates("On May 12 (May 11, local time), they met", context)
    assert (date(2022, 5, 12), "day") in sentence_dates("they met (for the first time, on 12 May) in Rome", context)
    assert sentence_dates("On 11 May (02:00 on 12 May JST) ministers met in Rome", context) == [
        (date(2022, 5, 11), "day")
    ]
    index = MeetingIndex([])
    assert _created(index, index.find(japan, context, True)) == [("Marrakech", date(2022, 5, 11))]


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Last Thursday, at a meeting in Jeddah, ten Arab states agreed to act.", date(2014, 9, 11)),
        ("Ministers met on Monday in Paris.", date(2014, 9, 15)),  # the page's own day
        ("Last Monday the ministers met in Paris.", date(2014, 9, 8)),  # a week before, not that day
        ("The ministers will meet on Friday in New York.", date(2014, 9, 19)),
        ("The ministers meet next Monday in Rome.", date(2014, 9, 22)),
    ],
    ids=["last-weekday", "on-the-page-s-weekday", "last-weekday-is-not-today", "will-on-weekday", "next-weekday"],
)
def test_a_weekday_is_read_against_the_page_s_monday(sentence: str, day: date) -> None:
    assert sentence_dates(sentence, date(2014, 9, 15)) == [(day, "day")]


def test_a_full_date_is_a_day_not_also_its_month() -> None:
    assert sentence_dates("in Brussels on 13 February 2020", None) == [(date(2020, 2, 13), "day")]
    assert sentence_dates("in Paris in June 2019", None) == [(date(2019, 6, 1), "month")]
    assert sentence_dates("in Rome on 3rd March 2019", None) == [(date(2019, 3, 3), "day")]
    # So a meeting in that city on another day of the month is another meeting.
    index = MeetingIndex([])
    first = index.find("NATO Defence Ministers met today here in Brussels.", date(2020, 2, 12), True)
    second = index.find("Tomorrow I will attend a meeting in Brussels on 13 February 2020.", date(2020, 2, 12), True)
    assert first != second and _created(index, second) == [("Brussels", date(2020, 2, 13))]


THREAD = """THREADKEEPER - archived conversation export
Exported: 2020-04-02 14:07:33 UTC | Format: plain text

Col. Myles B. Caggins III (@OIRSpox)
Thu 26 Mar 2020 · 09:14 · Twitter for iPhone

1/ Today the Coalition transferred Q-West, after Al Qaim on March 17.

The Global Coalition Against Daesh (@coalition)
Sun 29 Mar 2021 · 11:02 · TweetDeck

As Coalition defence ministers agreed in Brussels on 13 February, we will adapt, not leave."""


def test_a_post_s_day_and_month_take_the_year_of_its_stamp() -> None:
    assert [d for _, d in stamps(THREAD)] == [date(2020, 3, 26), date(2021, 3, 29)]
    assert "As Coalition defence ministers agreed in Brussels on 13 February 2021, we will adapt, not leave." in (
        sentences(THREAD)
    )
    index = MeetingIndex([])
    found = [m for s in sentences(THREAD) for m in index.find(s, None, True)]
    assert _created(index, found) == [("Brussels", date(2021, 2, 13))]


def test_a_page_with_one_date_line_or_none_is_left_as_written() -> None:
    page = "November 7, 2019\n\nMinisters will meet in Washington on November 14."
    assert sentences(page) == ["Ministers will meet in Washington on November 14."]
    assert stamps("On 26 Mar 2020 we met in Rome.\nLater.") == []  # a sentence, not a stamp
    assert with_year("met on 13 February and on Feb. 13, 2020", 2020) == "met on 13 February 2020 and on Feb. 13, 2020"


def test_a_post_stamp_is_not_a_date_line_for_the_segmenter() -> None:
    # Stamps are read by linking alone: the segmenter's date lines stay as they were.
    assert date_line("Thu 26 Mar 2020 · 09:14 · Twitter for iPhone") is None
    assert date_line("3rd March 2019") == date(2019, 3, 3)


# ------------------------------------------------------------------ words and places


@pytest.mark.parametrize(
    ("text", "meeting"),
    [
        ("As Coalition defence ministers agreed in Brussels on 13 February", True),
        ("Ministers have decided in Rome to extend the mission", True),
        ("the ministers said the threat had moved south", False),
        ("We will discuss it at the Joint Security Cooperation Dialogue in Washington on 7 August", True),
        ("Any decision will be taken through dialogue with our partners", False),
        ("Secretary Kerry will convene Coalition ministers in Washington", True),
    ],
)
def test_words_of_meeting(text: str, meeting: bool) -> None:
    assert speaks_of_meeting(text) is meeting


def test_a_city_where_international_bodies_meet_is_known_below_the_population_threshold() -> None:
    assert cities_in("The Task Force, which met in Geneva on 26 October, called on all parties") == [
        ("Geneva", "Switzerland")
    ]
    assert cities_in("under the Geneva Conventions") == []
    index = MeetingIndex([])
    geneva = "The Task Force, which met in Geneva on 26 October, called on all parties."
    found = index.find(geneva, date(2017, 11, 1), True)
    assert _created(index, found) == [("Geneva", date(2017, 10, 26))]


def test_a_generic_alias_that_the_sentence_puts_elsewhere_is_not_that_meeting() -> None:
    index = MeetingIndex(read_meetings(DATA / "meetings.yaml"))
    elsewhere = index.find('"Small Group Ministerial Meeting, London, 22 January 2015: Joint Statement".', None, True)
    assert "2019-11-14-washington-small-group-ministerial" not in elsewhere
    assert _created(index, elsewhere) == [("London", date(2015, 1, 22))]
    same = index.find("the Small Group Ministerial in Washington on November 14", date(2019, 11, 7), True)
    assert same == ["2019-11-14-washington-small-group-ministerial"]
    # Named with no place or day of its own: still that meeting.
    assert index.find("at the Small Group Ministerial, ministers met", date(2019, 11, 14), True) == [
        "2019-11-14-washington-small-group-ministerial"
    ]


# ------------------------------------------------------------------ statements delivered at a meeting

COVER = (
    "STATEMENT OF | BRETT McGURK | SPECIAL PRESIDENTIAL ENVOY | BEFORE THE | "
    "UNITED STATES SENATE COMMITTEE ON FOREIGN RELATIONS"
)
OPENING = (
    '"The Campaign Against ISIL"\n\nTuesday, June 28, 2016, 10:00 a.m. Dirksen Senate Office Building, Room 419, '
    "Washington, D.C.\n\nChairman Corker, thank you for the opportunity to update you."
)


def test_a_statement_before_a_committee_was_made_at_its_hearing_in_the_cover_s_city() -> None:
    index = MeetingIndex([])
    created = index.from_statement(COVER, OPENING, date(2016, 6, 28), None)
    assert created is not None and _created(index, [created]) == [("Washington", date(2016, 6, 28))]


def test_a_statement_with_no_meeting_or_hearing_creates_nothing() -> None:
    index = MeetingIndex([])
    assert index.from_statement("STATEMENT OF | BRETT McGURK", OPENING, date(2016, 6, 28), None) is None
    release = "Canberra, ACT.\n\nThe Air Task Group will return home."
    assert index.from_statement("Air Task Group to return home", release, date(2017, 12, 22), None) is None


def test_a_meeting_an_opening_recalls_on_another_day_is_not_the_statement_s() -> None:
    index = MeetingIndex([])
    title = "Transcript of the joint press conference of the two ministers"
    opening = "The Coalition ministers said so clearly when we met in Riyadh on 8 June: the threat moved south."
    assert index.from_statement(title, opening, date(2023, 7, 11), None) is None
    here = "I welcome my brother Antonio and the Italian delegation to Baghdad."
    created = index.from_statement(title, f"{opening} {here}", date(2023, 7, 11), None)
    assert created is not None and _created(index, [created]) == [("Baghdad", date(2023, 7, 11))]


def test_a_dateline_is_a_meeting_place_only_on_a_hearing_s_cover() -> None:
    index = MeetingIndex([])
    issued = "Office of the Spokesperson, Washington, DC.\n\nThe ministers of the Coalition agreed to do more."
    assert index.from_statement("Joint Statement on the Ministerial Meeting", issued, date(2018, 2, 14), None) is None
    assert index.from_statement("Remarks after hearing the news", OPENING, date(2016, 6, 28), None) is None


def test_a_month_written_next_to_the_city_outranks_a_tomorrow_further_off() -> None:
    context = date(2016, 7, 20)
    last = "When the defense ministers last met in Brussels in February, partners stepped up; more tomorrow."
    assert MeetingIndex([]).find(last, context, True) == []
    index = MeetingIndex([])
    found = index.find("Ministers meet in Rome tomorrow, as they did in Paris in February.", context, True)
    assert _created(index, found) == [("Rome", date(2016, 7, 21))]
    index = MeetingIndex([])
    found = index.find("Ministers met in Rome today, as they do every July.", context, True)
    assert _created(index, found) == [("Rome", date(2016, 7, 20))]


def test_a_related_item_s_title_run_into_its_stamp_is_no_meeting() -> None:
    index = MeetingIndex([])
    teaser = "Foreign Minister heads to Brussels for the 2nd round of talks with the EU 2021-03-25 10:12"
    assert index.find(teaser, date(2021, 3, 30), True) == []
    # A heading read with its date, and prose with a time, still describe meetings.
    heading = "Meeting of the Coalition's Political Directors in Brussels December 02, 2021"
    assert _created(index, index.find(heading, date(2021, 12, 2), True)) == [("Brussels", date(2021, 12, 2))]
    prose = "Ministers met in Rome on 2 June 2021 at 10:00."
    assert _created(index, index.find(prose, None, True)) == [("Rome", date(2021, 6, 2))]


# ------------------------------------------------------------------ unseen7: clauses, relative days, undated pages


def test_each_city_of_a_sentence_keeps_the_day_of_its_own_clause() -> None:
    index = MeetingIndex([])
    two = (
        "The ministers of the Small Group met today in Paris, on the margins of the summit, "
        "to review progress since the Ministerial Meeting held in Rome on 4 March 2021."
    )
    found = index.find(two, date(2021, 9, 10), True)
    assert sorted(_created(index, found), key=str) == [("Paris", date(2021, 9, 10)), ("Rome", date(2021, 3, 4))]


def test_a_second_city_whose_clause_speaks_of_no_meeting_is_no_meeting() -> None:
    index = MeetingIndex([])
    attack = "Ministers met today in Paris, a year after the attack in Nice on 14 July 2016."
    assert _created(index, index.find(attack, date(2017, 7, 20), True)) == [("Paris", date(2017, 7, 20))]


def test_a_day_no_named_meeting_was_held_on_is_the_other_city_s_meeting() -> None:
    index = MeetingIndex([])
    kuwait = index.find("Ministers met in Kuwait City on 13 February 2018.", None, True)
    built = (
        "Secretary Pompeo co-chaired the meeting, which built on the discussions of the Coalition's Political "
        "Directors in Rabat, Morocco, on June 26 and on the Guiding Principles the Coalition adopted in Kuwait City "
        "in February."
    )
    found = index.find(built, date(2018, 7, 12), True)
    assert kuwait[0] in found
    assert [m for m in _created(index, found) if m[0] != "Kuwait City"] == [("Rabat", date(2018, 6, 26))]


def test_of_two_days_one_city_takes_the_day_of_the_nearest_clause() -> None:
    index = MeetingIndex([])
    ended = "We met this afternoon here in Madrid, the two of us, to discuss it after the mission ended on 31 December."
    assert _created(index, index.find(ended, date(2022, 3, 2), True)) == [("Madrid", date(2022, 3, 2))]
    # One day written: read as before, wherever it stands.
    index = MeetingIndex([])
    one = "Ministers met in Madrid, with partners from the region, on 3 March 2022."
    assert _created(index, index.find(one, None, True)) == [("Madrid", date(2022, 3, 3))]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("We met this morning in Rome", [date(2022, 2, 14)]),
        ("They gathered tonight in Rome", [date(2022, 2, 14)]),
        ("We met this month in Rome", []),
    ],
)
def test_this_morning_is_the_page_s_day(text: str, days: list[date]) -> None:
    assert [d for d, p in sentence_dates(text, date(2022, 2, 14)) if p == "day"] == days


@pytest.mark.parametrize(
    ("text", "meeting"),
    [
        ("The members agreed in Lisbon on 3 May 2018 to keep the pressure on", True),
        ("The Coalition decided in Lisbon on 3 May 2018 to go on", True),
        ("next week the Foreign Affairs Council will discuss the region here in Lisbon", True),
        ("The Security Council said the situation was grave", False),
        ("The president decided to withdraw", False),
        ("the Minister would brief the Political Directors of the Coalition in Amman on 21 June 2023", True),
        ("The company's directors met", True),
        ("The company's Directors said the results were good", False),
        ("the directors of the political department said", False),
        ("al-Sudani had discussed the next steps with Ms. Hennis-Plasschaert in Baghdad on 10 May", True),
        ("They held discussions with the Kurdish delegation in Erbil on 3 May", True),
        ("The report discussed the camps in Baghdad on 10 May", False),
        ("When foreign ministers gather in Washington on Wednesday, they will need a plan", True),
        ("They recalled the commitments made by Ministers in Riyadh on June 8, 2023", True),
        ("Foreign ministers and their deputies said the region needed support", False),
        ("President Joe Biden and Prime Minister al-Kadhimi agreed in Washington on July 26", True),
    ],
)
def test_words_of_a_meeting_of_the_coalition_or_a_council(text: str, meeting: bool) -> None:
    assert speaks_of_meeting(text) is meeting


def test_an_undated_page_reads_its_sentences_on_the_day_its_headings_all_give() -> None:
    index = MeetingIndex([])
    talks = ["Iraq and its partners opened talks in Baghdad on Saturday on the mission."]
    found = mentions(index, talks, None, [("Byline", date(2024, 1, 28)), ("Byline", date(2024, 1, 28))])
    assert _created(index, sorted(found)) == [("Baghdad", date(2024, 1, 27))]
    # Headings of different days (a feed): no one day for the page.
    index = MeetingIndex([])
    assert mentions(index, talks, None, [("A", date(2024, 1, 28)), ("B", date(2024, 2, 3))]) == set()


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("Brussels, 14.02.2022 | EEAS Press Team             Video: ec.europa.eu/avservices", date(2022, 2, 14)),
        ("Brussels, 14.02.2022", date(2022, 2, 14)),
        ("Article  18.05.2021", None),  # a related item's stamp, no place
        ("14.02.2022", None),
        ("Updated: 10/03/2020", None),  # which is the month, nothing says
        ("Brussels, 22/03/2017 - 23:41, UNIQUE ID: 170322_17", date(2017, 3, 22)),
    ],
)
def test_a_dotted_dateline_with_its_place_and_a_credit_after_a_bar(line: str, when: date | None) -> None:
    assert date_line(line) == when


def test_a_briefing_of_the_political_directors_in_a_city_on_a_day_is_a_meeting() -> None:
    index = MeetingIndex([])
    text = "The spokesman said the Minister would brief the Political Directors of the Coalition in Amman on 21 June."
    found = [m for s in sentences(text) for m in index.find(s, date(2023, 6, 8), True)]
    assert _created(index, found) == [("Amman", date(2023, 6, 21))]


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("December 9, 2017 GMT", date(2017, 12, 9)),  # a wire story's date line: a zone, no time
        ("Updated: 9 June 2023 UTC", date(2023, 6, 9)),
        ("December 9, 2017 Iraq", None),  # a word after the date is no zone
        ("December 9, 2017 gmt", None),
        ("Mon 15 Sep 2014 15.47 BST", date(2014, 9, 15)),  # a British page's clock, with a dot
        ("18 May 2023    Peace and Security", date(2023, 5, 18)),  # its section's name after it (UN News)
        ("18 May 2023 The ministers met in Rome", None),  # prose after a date: no date line
        ("First published on Mon 15 Sep 2014 08.11 BST", date(2014, 9, 15)),
    ],
)
def test_a_date_line_may_give_its_zone_without_a_time(line: str, when: date | None) -> None:
    assert date_line(line) == when


def test_the_lead_in_of_a_list_is_read_as_a_sentence() -> None:
    text = (
        "Coalition aircraft have conducted more than 7,000 airstrikes.\n\n"
        "Building on the commitments made at the Small Group meeting in Paris on June 2, 2015, partners "
        "announced the following new contributions:\n\n• Germany: an additional €100 million.\n"
    )
    index = MeetingIndex([])
    found = [m for s in sentences(text) for m in index.find(s, date(2015, 9, 29), True)]
    assert _created(index, found) == [("Paris", date(2015, 6, 2))]
    assert lead_ins("He said. Then:\nno colon here\n") == ["Then:"]
    assert lead_ins("A sentence ends here.\n") == []


# ------------------------------------------------------------------ the city-and-year index


def test_the_city_and_year_index_gives_what_a_scan_of_the_city_gives() -> None:
    """A sentence's candidates come from its cities' meetings in the years it names, in the
    order the city's list holds them: the same as filtering that list, but without reading
    every meeting a large corpus describes in the city."""
    index = MeetingIndex(read_meetings(DATA / "meetings.yaml"))
    for city in ("Rome", "Washington", "Paris", "Brussels"):
        for day in (date(2014, 12, 3), date(2019, 2, 6), date(2019, 11, 14), date(2021, 6, 28)):
            index.find(f"Coalition ministers met in {city} on {day:%d %B %Y}.", None, True)  # one created each
    cities = sorted(index.by_city)
    assert len(index.meetings) > 20 and len(cities) > 3
    for chosen in (cities[:1], cities[:3], cities[::-1], ["Rome", "Washington", "Rome"]):
        for years in ({2014}, {2018, 2019}, {2019, 2021, 2030}, set()):
            expected = [
                m
                for city in dict.fromkeys(chosen)
                for m in index.by_city.get(city, [])
                if m.date is not None and m.date.year in years
            ]
            assert index._in_cities(chosen, years) == expected, (chosen, years)


def test_the_white_house_is_no_city() -> None:
    # An alternate name of Casablanca, translated, is the President's house in Washington.
    assert cities_in("his meeting with the President at the White House in Washington on 15 April") == [
        ("Washington", "United States")
    ]


@pytest.mark.parametrize(
    ("text", "cities"),
    [
        ("the G20 foreign ministers' meeting in Matera on Tuesday", [("Matera", "Italy")]),
        ("they met at Qamishli on 21 March", [("Al Qāmishlī", "Syria")]),
        ("were due to travel on to Matera on Tuesday", [("Matera", "Italy")]),
        ("branches in Africa grew", []),  # a continent some town is also called
        ("Matera hosted the ministers", []),  # a town counts only where something is in it
        ("They met in March and in Reading Room B", []),  # a month; a run longer than the town's name
    ],
    ids=[
        "in-a-town",
        "at-a-town-by-its-name-without-the-article",
        "to-a-town",
        "a-continent",
        "town-not-after-in",
        "no-month-nor-longer-run",
    ],
)
def test_towns_the_gazetteer_leaves_out_count_after_in_at_or_to(text: str, cities: list[tuple[str, str]]) -> None:
    assert cities_in(text) == cities


def test_a_clause_of_a_sentence_that_looks_ahead_takes_the_coming_weekday() -> None:
    index = MeetingIndex([])
    preview = (
        "Today we preview the ministerial meeting, which he will co-host with Italian Foreign Minister Di Maio "
        "in Rome on Monday, and the G20 foreign ministers' meeting in Matera on Tuesday."
    )
    found = index.find(preview, date(2021, 6, 25), True)  # a Friday
    assert sorted(_created(index, found)) == [("Matera", date(2021, 6, 29)), ("Rome", date(2021, 6, 28))]


def test_a_clause_that_says_again_is_a_meeting_like_the_one_before() -> None:
    index = MeetingIndex([])
    again = "The ministers met in London on January 22, 2015, and again in Paris on June 2, 2015."
    assert sorted(_created(index, index.find(again, None, True))) == [
        ("London", date(2015, 1, 22)),
        ("Paris", date(2015, 6, 2)),
    ]


def test_a_general_s_abbreviated_rank_ends_no_sentence() -> None:
    text = "a delegation headed by Brig. Gen. Nicholas R. Hale met the minister in Erbil on Sunday."
    assert sentences(text) == [text]


def test_a_weekday_after_a_past_verb_is_past_though_the_sentence_looks_ahead_later() -> None:
    met = "General MacFarland met with Prime Minister al-Abadi in Baghdad on Sunday, and Mosul is next."
    assert [d for d, p in sentence_dates(met, date(2015, 12, 29)) if p == "day"] == [date(2015, 12, 27)]
    ahead = "The ministers will meet in Rome on Monday."
    assert [d for d, p in sentence_dates(ahead, date(2021, 6, 25)) if p == "day"] == [date(2021, 6, 28)]
