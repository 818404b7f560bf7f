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


# --------------------------------------------------------------- page kinds of unseen6


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "DEPUTY PRIME MINISTER AND MINISTER OF FOREIGN AFFAIRS DR. FUAD HUSSEIN (in Arabic, via interpreter): "
            "Thank you.",
            "label",
        ),
        ("MINISTER OF DEFENSE THABET MUHAMMAD SAEED AL-ABBASI (through interpreter): I welcome you.", "label"),
        # A long heading in capitals before a colon opens with no title, or ends with no name.
        ("THE TERRITORIAL DEFEAT OF DAESH ACROSS IRAQ AND SYRIA: FIVE YEARS OF COALITION ACTION", "heading"),
        ("MINISTER OF FOREIGN AFFAIRS AND INTERNATIONAL COOPERATION OF ITALY: a statement", "heading"),
        # A contact line is not a turn, though its label reads like one.
        ("Minister Payne's office: Emma Thornton (02) 6277 7800", "heading"),
        ("Minister's office: press@example.org", "text"),
        ("Minister Payne: We will keep helping them, every day, for as long as it takes.", "label"),
    ],
    ids=[
        "long-caps-label",
        "long-caps-label-2",
        "caps-heading-no-title",
        "caps-ends-no-name",
        "contact",
        "email",
        "turn",
    ],
)
def test_long_caps_labels_and_contact_lines(line: str, kind: str) -> None:
    assert classify(line, 0).kind == kind


def test_a_portfolio_in_a_heading_is_never_a_name() -> None:
    from app.ingest.segment import PERSON_IN_HEADING

    assert (
        PERSON_IN_HEADING.search("Mr. HONDA Taro, Parliamentary Vice-Minister for Foreign Affairs, at the Meeting")
        is None
    )
    assert PERSON_IN_HEADING.search("Minister of Foreign Affairs Dr. Fuad Hussein and Italian Deputy") is None
    found = PERSON_IN_HEADING.search("Remarks by Minister of Foreign Affairs Jane Doe at the Meeting")
    assert found is not None and found.group(1).strip() == "Jane Doe"


def test_a_release_on_a_minister_s_attendance_is_the_ministry_s_report() -> None:
    title = "Attendance of Foreign Minister Jane Doe at the Ministerial Meeting of the Global Coalition"
    raw = f"{title}\n\nMay 12, 2022\n\nOn May 11, Foreign Minister Jane Doe attended the meeting held in Marrakech.\n"
    assert [(k, src) for k, src, *_ in _segments(raw, "press_release")] == [("press_statement", "publisher")]
    remarks = raw.replace("Attendance of", "Remarks by")
    assert [(k, src) for k, src, *_ in _segments(remarks, "press_release")] == [("remarks", "heading")]


def test_a_written_testimony_s_cover_names_its_witness() -> None:
    raw = (
        "STATEMENT OF\n\nBRETT McGURK\nSPECIAL PRESIDENTIAL ENVOY FOR THE GLOBAL COALITION TO COUNTER ISIL\n\n"
        "BEFORE THE\n\nUNITED STATES SENATE COMMITTEE ON FOREIGN RELATIONS 114th Congress, 2nd Session\n\n"
        "Chairman Corker, Ranking Member Cardin: thank you for the opportunity to update you on the campaign.\n"
    )
    parsed = segment(clean(raw), "transcript", None)
    assert [(s.kind, s.speaker_source, s.speaker_text) for s in parsed.segments] == [
        ("remarks", "heading", "BRETT McGURK")
    ]
    assert parsed.segments[0].role_hint == "SPECIAL PRESIDENTIAL ENVOY FOR THE GLOBAL COALITION TO COUNTER ISIL"
    from app.ingest.segment import TESTIMONY_OF

    cover = TESTIMONY_OF.search("Testimony of Jane Doe, Director of the Office")
    assert cover is not None and (cover.group("name"), cover.group("role")) == ("Jane Doe", "Director of the Office")
    assert TESTIMONY_OF.search("Statement of Support for the Iraqi People") is None  # a name ends the title line
    assert TESTIMONY_OF.search("Joint Statement of the Small Group") is None


THREAD = """THREADKEEPER - archived conversation export
Exported: 2020-04-02 14:07:33 UTC   |   Posts in export: 5

--- [1/5] ---------------------------------------------
OIR Spokesman Col. Jane Q. Roe III  (@OIRSpox)  [verified]
Bio: Spokesman for the Coalition.
Thu 26 Mar 2020 · 09:14 · Twitter for iPhone

1/ Today the Coalition transferred the airfield to the Iraqi Security Forces.

[Image 1 of 1: Officers sign the transfer documents.]

Replies 38 · Reposts 214 · Quotes 17 · Likes 612

--- [2/5] ---------------------------------------------
someone  (@someone88)  · replying to @OIRSpox
Thu 26 Mar 2020 · 10:03 · Twitter for Android

@OIRSpox So when are you leaving??

Replies 4 · Reposts 2 · Quotes 0 · Likes 57

--- [3/5] ---------------------------------------------
The Global Coalition Against Daesh  (@coalition)  [verified]
Thu 26 Mar 2020 · 11:02 · TweetDeck

Proud of our partners. Since 2014 the Coalition has trained more than 225,000 members of the ISF.

  ┌ Quoting OIR Spokesman Col. Jane Q. Roe III (@OIRSpox) · 26 Mar 2020
  └ 1/ Today the Coalition transferred the airfield…

Replies 27 · Reposts 305 · Quotes 22 · Likes 1,046

--- [4/5] ---------------------------------------------
🔁 The Global Coalition Against Daesh reposted
CJTF-OIR  (@CJTFOIR)  [verified]
Bio: Official account of Combined Joint Task Force – Operation Inherent Resolve, the military arm.
Fri 27 Mar 2020 · 16:30 · Sprinklr Publishing

On March 25 Coalition aircraft conducted 4 airstrikes in support of ISF ground forces.

Replies 8 · Reposts 142 · Quotes 5 · Likes 498

End of export. 5 posts. Generated by Threadkeeper.
"""


def test_a_thread_export_is_its_authors_posts_without_the_public_s_replies_or_the_tool_s_chrome() -> None:
    parsed = segment(clean(THREAD), None, None)
    assert [(s.kind, s.speaker_text, s.date, s.text.split()[0]) for s in parsed.segments] == [
        ("social_post", "OIR Spokesman Col. Jane Q. Roe III (@OIRSpox)", date(2020, 3, 26), "1/"),
        ("social_post", "The Global Coalition Against Daesh (@coalition)", date(2020, 3, 26), "Proud"),
        # An account named by its initials is named in full from its bio.
        (
            "social_post",
            "Combined Joint Task Force – Operation Inherent Resolve (@CJTFOIR)",
            date(2020, 3, 27),
            "On",
        ),
    ]
    assert "Image" not in parsed.segments[0].text and "Quoting" not in parsed.segments[1].text
    # The same export read as written (author, bio and timestamp each on its own line).
    from app.ingest.segment import _thread_posts, split_lines

    as_written = _thread_posts(split_lines(THREAD)) or []
    assert [line.text.split(" (@")[0].lstrip("— ") for line in as_written if line.kind == "post"] == [
        "OIR Spokesman Col. Jane Q. Roe III",
        "The Global Coalition Against Daesh",
        "Combined Joint Task Force – Operation Inherent Resolve",
    ]
    # One account mentioned in prose is no export: the page stays a page.
    prose = "Coalition spokesman (@OIRSpox) said on Thu 26 Mar 2020 · 09:14 that the handover went well."
    assert [s.kind for s in segment(clean(prose), "press_release", None).segments] == ["press_statement"]


def test_a_joint_media_release_is_issued_by_the_ministers_its_header_names() -> None:
    header = (
        "JOINT MEDIA RELEASE\n\nSenator the Hon Marise Payne\nMinister for Defence\n\n"
        "The Hon Julie Bishop MP\nMinister for Foreign Affairs\n\nFriday, 22 December 2017\n\n"
    )
    body = "Air Task Group to return home\n\nThe Government will bring home the Air Task Group from the Middle East.\n"
    parsed = segment(clean(header + body), "press_release", None, "Air Task Group to return home")
    assert [(s.speaker_source, s.signatories) for s in parsed.segments] == [
        ("signatories", ("Marise Payne", "Julie Bishop"))
    ]
    one = segment(
        clean(header.replace("The Hon Julie Bishop MP\n", "") + body),
        "press_release",
        None,
        "Air Task Group to return home",
    )
    assert [(s.speaker_source, s.speaker_text) for s in one.segments] == [("heading", "Marise Payne")]
    # "Hon" in a sentence is no header line.
    plain = segment(
        clean("Release\n\nMay 2, 2017\n\nThe Hon Julie Bishop MP said the work goes on.\n"), "press_release", None
    )
    assert [s.speaker_source for s in plain.segments] == ["publisher"]


def test_an_article_quoting_two_posts_keeps_its_own_text() -> None:
    prose = " ".join(["The Coalition handed over two more bases this month, and officials said more would follow."] * 4)
    raw = (
        f"Handovers continue\n\nMarch 30, 2020\n\n{prose}\n\n"
        "OIR Spokesman (@OIRSpox) Thu 26 Mar 2020 · 09:14\n\nToday the Coalition transferred Q-West.\n\n"
        "CJTF-OIR (@CJTFOIR) Sun 29 Mar 2020 · 13:05\n\nToday the Coalition handed over K1.\n\n"
        f"{prose}\n"
    )
    kinds = [(s.kind, s.text.split()[0]) for s in segment(clean(raw), None, None).segments]
    assert kinds == [("press_statement", "The"), ("social_post", "Today"), ("social_post", "Today")]
