"""Segment: line kinds and statement boundaries, on small documents of each kind."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.clean import clean
from app.ingest.segment import _statement_by, classify, segment

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


def test_a_report_s_cover_title_on_two_lines_and_its_authors_each_with_a_role() -> None:
    raw = (
        "Coalition Military Operations Against the\nIslamic State: Issues for Congress\n\n"
        "Elena M. Castellano\nSpecialist in Middle Eastern Affairs\n\n"
        "Bradley J. Okonkwo\nAnalyst in U.S. Defense Policy"
        "\n\nJune 16, 2015\n\nCongressional Research Service\n7-5700\nwww.crs.gov\nR44098\n"
        "Coalition Military Operations Against the Islamic State: Issues for Congress\n\nSummary\n"
        "Since August 8, 2014, coalition forces have conducted more than 4,500 airstrikes.\n"
    )
    title = "Coalition Military Operations Against the Islamic State: Issues for Congress"
    parsed = segment(clean(raw), "analysis", None, title)
    assert parsed.author == "Elena M. Castellano and Bradley J. Okonkwo"
    assert [(s.speaker_source, s.date, s.text[:25]) for s in parsed.segments] == [
        ("signatories", date(2015, 6, 16), "Since August 8, 2014, coa")
    ]


@pytest.mark.parametrize(
    ("title", "who"),
    [
        (
            "Statement from NSC Spokesperson Adrienne Watson on National Security Advisor Jake Sullivan's Meeting",
            "Adrienne Watson",
        ),
        ("Statement by the Spokesperson on the attack in Baghdad", None),
    ],
    ids=["the-name-after-the-office", "the-office-alone"],
)
def test_a_statement_s_title_names_who_issued_it(title: str, who: str | None) -> None:
    assert _statement_by(title) == (who and f"NSC Spokesperson {who}")


def test_a_dated_list_s_first_item_is_not_the_introduction_s() -> None:
    raw = (
        "What Officials Said\n\nSep 10, 2019\n\nFive years ago, the coalition was formed.\n\nIt grew.\n\n"
        "Officials said this.\n\n"
        'Sept. 10, 2014\n\nPresident Barack Obama\n\n"We will degrade, and ultimately destroy, ISIL."\n\n'
        "― Sept. 10, 2014, in an address to the nation\n\nSept. 15, 2014\n\nSecretary of State John Kerry\n\n"
        '"Nearly 40 countries have now committed."\n\n― Sept. 15, 2014, in remarks in Paris\n'
    )
    parsed = segment(clean(raw), None, None, "What Officials Said")
    assert parsed.summary == "Five years ago, the coalition was formed.\n\nIt grew.\n\nOfficials said this."
    assert [(s.speaker_text, s.date) for s in parsed.segments] == [
        ("President Barack Obama", date(2014, 9, 10)),
        ("Secretary of State John Kerry", date(2014, 9, 15)),
    ]


def test_a_heading_may_close_with_a_short_note_in_brackets() -> None:
    raw = (
        "Skip to main content\n\nAfter the Meeting\n\nOn May 11, ministers met. This page collects statements.\n\n"
        "Joint Communique by the Ministers\n\nMay 11, 2022\n\nThe Ministers met in Marrakesh.\n\n"
        "Foreign Minister Nasser Bourita's Remarks at the Opening Session (unofficial translation)\n\nMay 11, 2022"
        "\n\nAfrica today is the new frontier of Daesh.\n\nRelated Program\n\nThe Islamists\n"
    )
    parsed = segment(clean(raw), "compilation", None)
    assert [(s.kind, s.speaker_source, s.text) for s in parsed.segments][1:] == [
        ("remarks", "heading", "Africa today is the new frontier of Daesh.")
    ]
    assert parsed.segments[1].speaker_text == (
        "Foreign Minister Nasser Bourita's Remarks at the Opening Session (unofficial translation)"
    )


def test_a_post_dated_in_french() -> None:
    line = classify("— Laurent Fabius (@LaurentFabius) 15 Septembre 2014", 0)
    assert (line.kind, line.date) == ("post", date(2014, 9, 15))


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


@pytest.mark.parametrize(
    ("office", "signer"),
    [
        ("Heather Nauert\nDepartment Spokesperson", "Heather Nauert, Department Spokesperson"),
        ("The White House\nOffice of the Press Secretary", None),  # a body and its office: no person signs
    ],
    ids=["name-and-office-a-line-each", "a-body-and-its-office"],
)
def test_a_press_statement_signed_under_its_title(office: str, signer: str | None) -> None:
    raw = (
        "Meeting of the Coalition in Brussels\n\nPress Statement\n\n"
        f"{office}\nWashington, DC\nJuly 12, 2018\n\nToday in Brussels, ministers met.\n"
    )
    parsed = segment(clean(raw), "press_release", None, "Meeting of the Coalition in Brussels")
    assert [(s.speaker_text, s.text) for s in parsed.segments] == [(signer, "Today in Brussels, ministers met.")]


def test_a_statement_released_in_full_is_the_text_between_its_markers() -> None:
    raw = (
        "Joint Statement on the Meeting of the Small Group\n\nJOINT STATEMENT\n\nMARCH 21, 2024\n\n"
        "The text of the following statement was released by the participants in the meeting.\n\n"
        "Begin Text:\n\nPolitical Directors met in The Hague today.\n\nParticipants noted progress.\n\n"
        "End Text.\n"
    )
    parsed = segment(clean(raw), "communique", None, "Joint Statement on the Meeting of the Small Group")
    assert [(s.kind, s.text) for s in parsed.segments] == [
        ("joint_statement", "Political Directors met in The Hague today.\n\nParticipants noted progress.")
    ]


def test_signed_article_without_kind_is_an_analysis_by_its_author() -> None:
    raw = "The Camps Problem\n\nby Jane Roe\n\nSep 27, 2022\n\nThe camps hold 56,000 people.\n"
    assert _segments(raw) == [("analysis", "author", "Jane Roe", date(2022, 9, 27), "The")]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # a title that asks a question ends like a sentence; the manifest's title says it is the title
        (
            "Can the Coalition Survive a U.S. Exit?\n\nby Jane Roe\n\nFeb 4, 2019\n\nThe camps hold 56,000 people.\n",
            "Can the Coalition Survive a U.S. Exit?",
        ),
        # the piece's format before "by"
        (
            "The Coalition at Ten\n\nCritical Questions by Jane Roe\n\nFeb 4, 2019\n\nThe camps hold 56,000 people.\n",
            "The Coalition at Ten",
        ),
    ],
    ids=["title-asking-a-question", "format-before-by"],
)
def test_an_analysis_byline_under_its_title(raw: str, title: str) -> None:
    parsed = segment(clean(raw), "analysis", None, title)
    assert parsed.author == "Jane Roe"
    assert [(s.kind, s.speaker_source, s.speaker_text, s.text) for s in parsed.segments] == [
        ("analysis", "author", "Jane Roe", "The camps hold 56,000 people.")
    ]


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


# --------------------------------------------------------------- page kinds of unseen7


def test_a_press_point_s_bare_name_labels_are_turns_when_a_name_takes_the_floor_twice() -> None:
    raw = (
        "Joint press point by the High Representative Jane Roe and Minister John Doe following their meeting\n\n"
        "Check against delivery!\n\n"
        "Spokesperson Ann Lee: Good afternoon. The floor is yours.\n\n"
        "Jane Roe: Thank you. We met this morning.\n\n"
        "John Doe: Thank you, Jane. We are grateful.\n\n"
        "Question: Minister, will you ask for more trainers?\n\n"
        "John Doe: We are discussing it.\n\n"
        "Jane Roe: And if I may add one thing.\n\n"
        "Key Points: this line opens once and is no turn.\n"
    )
    title = "Joint press point by HR Jane Roe and Minister John Doe"
    got = [(src, who) for _, src, who, _, _ in _segments(raw, None, title)]
    # The title wrapped above the first turn is not a statement; each name labels its turns.
    assert got == [
        ("label", "Spokesperson Ann Lee"),
        ("label", "Jane Roe"),
        ("label", "John Doe"),
        ("label", "Question"),
        ("label", "John Doe"),
        ("label", "Jane Roe"),
    ]
    # Once, a bare name before a colon is not a turn: a quotation's lead-in, a heading.
    once = "Remarks\n\nSECRETARY DOE: Thank you.\n\nJane Roe: a profile of the envoy.\n"
    assert [who for _, _, who, _, _ in _segments(once)] == ["SECRETARY DOE"]
    # Without labelled turns nothing is promoted, however often a name opens a line.
    prose = "Jane Roe: first note here.\n\nJane Roe: second note here, and more words.\n"
    assert all(src != "label" for _, src, *_ in _segments(prose))


def test_a_ministry_briefing_s_q_and_r_turns_are_the_press_s_and_the_titled_spokesperson_s() -> None:
    raw = (
        "Daily press briefing - Statements made by the Deputy Spokesperson, Jane Roe - 3 May 2021\n\n"
        "1 - Iraq - Meeting of the Coalition\n\n"
        "France took part today in the meeting of the Political Directors of the Coalition.\n\n"
        "2 - Syria\n\n"
        "Q - How many nationals are held in the camps?\n\n"
        "R - Our position is unchanged. Around 200 children remain there.\n"
    )
    parsed = segment(clean(raw), None, None, "Daily press briefing - Statements made by the Deputy Spokesperson")
    got = [(s.speaker_source, s.speaker_text, s.asked[:8]) for s in parsed.segments]
    assert got == [
        ("heading", "Jane Roe, Deputy Spokesperson", ""),
        ("label", "Q", ""),
        ("label", "Jane Roe", "How many"),  # the answer knows the question it answers
    ]
    # An answer with no one named in the title falls back to the publisher, never a speaker "R".
    unnamed = raw.replace(", Jane Roe", "")
    assert [s.speaker_source for s in segment(clean(unnamed), None, None).segments][-1] == "publisher"
    # "A - …" or "Q - …" alone (a list, a heading) are not turns.
    alone = "Options\n\nA - Introduction of a new fund for the year ahead.\n\nB - Nothing at all for now here.\n"
    assert all(s.speaker_source != "label" for s in segment(clean(alone), None, None).segments)


def test_a_speech_page_s_from_line_names_the_minister_not_the_department() -> None:
    raw = (
        "Speech\n\nDefeating Daesh together\n\n"
        "From: Foreign Office and The Rt Hon Jane Roe MP\nDelivered on: 11 May 2022\n\n"
        "Thank you to all partners here today. We have trained many forces.\n\n"
        "Looking ahead\n\nPublished 11 May 2022\n\nWe will meet again in London.\n"
    )
    parsed = segment(clean(raw), "transcript", None, "Defeating Daesh together")
    assert {(s.speaker_source, s.speaker_text) for s in parsed.segments} == {("heading", "Jane Roe")}
    assert parsed.issuer == "Foreign Office"
    # A From: line naming only a department leaves the speech to the publisher.
    dept = segment(
        clean(raw.replace(" and The Rt Hon Jane Roe MP", "")), "transcript", None, "Defeating Daesh together"
    )
    assert all(s.speaker_text != "Jane Roe" for s in dept.segments)


def test_a_brief_signed_by_two_authors_is_both_authors() -> None:
    raw = "Paying for the Peace\n\nBy Jane Roe and John Doe\n\nMarch 2019\n\nStabilization funding has lagged.\n"
    parsed = segment(clean(raw), "analysis", None)
    assert [(s.speaker_source, s.signatories) for s in parsed.segments] == [("signatories", ("Jane Roe", "John Doe"))]
    single = segment(clean(raw.replace(" and John Doe", "")), "analysis", None)
    assert [s.speaker_source for s in single.segments] == ["author"]
    # A news story's reporters ("By Jane Roe, John Doe"), the page's kind not given, are no joint authors.
    news = segment(clean(raw.replace(" and ", ", ")), None, None)
    assert [s.speaker_source for s in news.segments] == ["author"]
    # A byline naming an institution beside a person is not a list of co-authors.
    from app.ingest.segment import _coauthors

    assert _coauthors("Jane Roe and the Middle East Program Office") == ()
    assert _coauthors("Jane Roe, John Doe & Ann Lee") == ("Jane Roe", "John Doe", "Ann Lee")


@pytest.mark.parametrize(
    ("title", "when"),
    [
        ("Daily press briefing - Statements made by the Deputy Spokesperson - 10 March 2020", date(2020, 3, 10)),
        ("Press point | 14 February 2022", date(2022, 2, 14)),
        ("Iraq: Statement by the Spokesperson (13.01.2020)", date(2020, 1, 13)),
        # A date inside the title, a count or a bare year after a dash: no page date.
        ("Statement on the 10 March 2020 attack", None),
        ("Coalition - 83 members", None),
        ("Remarks - 2020", None),
    ],
    ids=["dash-date", "bar-date", "bracketed-date", "date-inside", "count", "bare-year"],
)
def test_a_title_ending_with_a_date_dates_an_undated_page(title: str, when: date | None) -> None:
    from app.ingest.segment import _title_date

    assert _title_date(title) == when
    parsed = segment(clean(f"{title}\n\nFrance took part today in the meeting in Copenhagen.\n"), None, None, title)
    assert parsed.date == when
    # A date line or the manifest's date comes first.
    dated = segment(clean("May 2, 2021\n\nFrance took part today in the meeting.\n"), None, None, title)
    assert dated.date == date(2021, 5, 2)


def test_a_surname_label_in_capitals_keeps_its_mc_prefix() -> None:
    assert classify("McCARY: Well, the threat has moved.", 0).kind == "label"
    assert classify("MacLEOD: Thank you.", 0).kind == "label"
    # A mixed-case word before a colon is no label: "McDonald's" and a title-cased "Mcmahon".
    assert classify("McDonald: the chain reopened in Erbil.", 0).kind == "text"
    assert classify("Mcmahon: Thank you.", 0).kind == "text"


def test_a_newsletter_s_name_above_its_date_is_its_author() -> None:
    raw = (
        "Riyadh and the camps\n\nNotes from the meeting, plus the numbers that matter\n\n"
        "Jane Roe\nJun 9, 2023\n\nForeign ministers met in Riyadh on 8 June 2023. My take: it is not enough.\n"
    )
    assert [(s.kind, s.speaker_source, s.speaker_text) for s in segment(clean(raw), None, None).segments][-1] == (
        "analysis",
        "author",
        "Jane Roe",
    )
    # A news story's reporter above the date, the story in the third person, is not its speaker.
    assert segment(clean(raw.replace(" My take: it is not enough.", "")), None, None).author is None
    # The site's name repeated above the date is its masthead, not an author.
    site = "Gulf Daily Herald\n\nIraq and the camps\n\nGulf Daily Herald\nJun 9, 2023\n\nMy take: they met.\n"
    assert segment(clean(site), None, None).author is None
    # A press release's name above a date is not read as an author.
    release = raw.replace("Notes from the meeting, plus the numbers that matter\n\n", "")
    assert segment(clean(release), "press_release", None).author is None


def test_a_paper_signed_by_its_authors_at_the_end_is_both_authors() -> None:
    raw = (
        "The Coalition: Issues for Congress\nUpdated January 12, 2018\n\n"
        "The coalition has conducted more than 25,000 strikes since 2014.\n\n"
        "Margaret L. Travers, Specialist in Middle Eastern Affairs\nDaniel R. Achebe, Analyst in Foreign Affairs\n\n"
        "IF10611\n"
    )
    parsed = segment(clean(raw), "analysis", None)
    assert parsed.author == "Margaret L. Travers and Daniel R. Achebe"
    assert [(s.speaker_source, s.signatories) for s in parsed.segments] == [
        ("signatories", ("Margaret L. Travers", "Daniel R. Achebe"))
    ]
    # An office signing at the end is no author; nor is a signature in a press release.
    office = raw.replace("Daniel R. Achebe, Analyst in Foreign Affairs\n", "Press Office, Embassy of Iraq\n")
    assert segment(clean(office), "analysis", None).author == "Margaret L. Travers"
    assert segment(clean(raw), "press_release", None).author is None
    # The name lines joined into one by the cleaner still give both authors.
    joined = raw.replace("Affairs\nDaniel", "Affairs Daniel")
    assert segment(clean(joined), "analysis", None).author == "Margaret L. Travers and Daniel R. Achebe"
