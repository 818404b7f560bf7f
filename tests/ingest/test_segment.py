"""Segment: line kinds and statement boundaries, on small documents of each kind."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.clean import clean
from app.ingest.segment import classify, segment

LINES = [
    ("Joint Communique by Ministers of the Global Coalition to Defeat ISIS", "heading"),
    ("November 14, 2019", "date"),
    ("Mon, 28 Jun 2021 14:20:22 +0000", "date"),
    ("12 Feb. 2020 -", "date"),
    ("| Last updated: 13 Feb. 2020 09:41", "date"),
    ("by Matthew Levitt", "byline"),
    ("SECRETARY POMPEO: You all know we must keep taking the fight to ISIS.", "label"),
    ("SECRETARY GENERAL STOLTENBERG: Thank you so much.", "label"),
    ("MR PRICE: Good afternoon, everyone.", "label"),
    ("QUESTION: What about the camps?", "label"),
    ("NATO Spokesperson [Oana Lungescu]: Next question.", "label"),
    ("Secretary Blinken: Thank you.", "label"),
    ("SECRETARY POMPEO:", "label"),
    ("Note: the transcript was edited.", "text"),
    ("Know this: That work will not detract from the mission.", "text"),
    ("Last month, we achieved what the President talked about that day: We took out al-Baghdadi.", "text"),
    ("— The Global Coalition (@coalition) February 13, 2018", "post"),
    ("― Feb. 13, in opening remarks at the Global Coalition to Defeat ISIS ministerial meeting", "attribution"),
    ("(As delivered)", "note"),
    ("2:17 p.m. EDT", "note"),
    ("The caliphate was 100 percent destroyed in March of this year.", "text"),
    ("WHAT THE COALITION HAS ACHIEVED MILITARILY", "heading"),
    ("| Albania | 2014 |", "text"),
]


@pytest.mark.parametrize(("line", "kind"), LINES, ids=[f"{k}:{t[:30]}" for t, k in LINES])
def test_line_kinds(line: str, kind: str) -> None:
    assert classify(line, 0).kind == kind


def _segments(raw: str, kind: str | None = None, title: str | None = None) -> list[tuple]:
    parsed = segment(clean(raw), kind, None, title)
    return [(s.kind, s.speaker_source, s.speaker_text, s.date, s.text.split()[0]) for s in parsed.segments]


def test_feed_press_statement_is_one_statement_dated_by_its_feed_line() -> None:
    raw = (
        "Coalition Partners Meet in Brussels\nThu, 02 Dec 2021 18:00:00 +0000\n\n"
        "Today, officials of more than 70 members met in Brussels.\n\nThey reviewed progress.\n"
    )
    assert _segments(raw) == [("press_statement", "publisher", None, date(2021, 12, 2), "Today,")]


def test_transcript_turns_in_order_with_label_lines_alone_and_prose_before_the_first_label() -> None:
    raw = (
        "Press Conference by Secretary Antony J. Blinken\nMay 11, 2022\n\n"
        "Good morning. I will start with a short statement on the Coalition.\n\n"
        "QUESTION:\n\nWhat about the camps?\n\nSECRETARY BLINKEN: We are working on it.\n\n"
        "QUESTION: And the money?\n"
    )
    got = _segments(raw)
    assert [(k, src, who) for k, src, who, _, _ in got] == [
        ("remarks", "heading", "Press Conference by Secretary Antony J. Blinken"),
        ("remarks", "label", "QUESTION"),
        ("remarks", "label", "SECRETARY BLINKEN"),
        ("remarks", "label", "QUESTION"),
    ]
    assert {d for _, _, _, d, _ in got} == {date(2022, 5, 11)}


def test_compilation_intro_is_a_summary_and_items_split_at_dated_headings() -> None:
    raw = (
        "Skip to main content\n\nAfter the Meeting\n\nOn June 8, ministers met. This page collects statements.\n\n"
        "Joint Statement of the Small Group\n\nJune 8, 2023\n\nWe, the Ministers, met in Riyadh.\n\n"
        "Remarks by Secretary Blinken\n\nJune 8, 2023\n\nGood morning, everyone.\n\n"
        "Related Program\n\nThe Islamists\n"
    )
    parsed = segment(clean(raw), "compilation", None)
    assert parsed.summary == "On June 8, ministers met. This page collects statements."
    assert [(s.kind, s.speaker_source) for s in parsed.segments] == [
        ("joint_statement", "group"),
        ("remarks", "heading"),
    ]


def test_embedded_post_and_attribution_line() -> None:
    raw = (
        "Statements\n\nIntro text of the page, by the editors.\n\n"
        "We must keep up pressure on #Daesh to ensure its lasting defeat\n\n"
        "— The Global Coalition (@coalition) February 13, 2018\n\n"
        "Guiding Principles\n\nWe, the Foreign Ministers, have come together.\n\n― Feb. 13, in a joint statement\n"
    )
    parsed = segment(clean(raw), "compilation", None)
    kinds = [(s.kind, s.speaker_source, s.date) for s in parsed.segments]
    assert kinds == [("social_post", "post", date(2018, 2, 13)), ("joint_statement", "group", date(2018, 2, 13))]


def test_signed_statement_takes_its_signer() -> None:
    raw = (
        "Statement on Syria\nOctober 3, 2019\n\nThe United States condemns the attack.\n\n"
        "Morgan Ortagus, Department Spokesperson\n"
    )
    got = _segments(raw)
    assert got == [("press_statement", "heading", "Morgan Ortagus, Department Spokesperson", date(2019, 10, 3), "The")]


def test_signed_article_without_kind_is_an_analysis_by_its_author() -> None:
    raw = "The Camps Problem\n\nby Jane Roe\n\nSep 27, 2022\n\nThe camps hold 56,000 people.\n"
    assert _segments(raw) == [("analysis", "author", "Jane Roe", date(2022, 9, 27), "The")]


def test_markdown_front_matter_gives_title_and_date() -> None:
    raw = "---\ntitle: Remarks at the Ministerial\ndate: 2022-05-11\n---\n\nSECRETARY BLINKEN: Thank you, everyone.\n"
    parsed = segment(clean(raw), None, None)
    assert parsed.title == "Remarks at the Ministerial"
    assert [(s.speaker_text, s.date) for s in parsed.segments] == [("SECRETARY BLINKEN", date(2022, 5, 11))]


def test_navigation_above_the_title_is_not_content() -> None:
    raw = "NATO - Homepage\n\nMenu\n\n* Press conference by the Secretary General\n\nJune 1, 2020\n\nGood evening.\n"
    parsed = segment(clean(raw), None, None, "Press conference by the Secretary General")
    assert [s.text for s in parsed.segments] == ["Good evening."]
