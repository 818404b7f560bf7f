"""Attribute, quotes, link and dedupe, each on its own with the hard cases named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.ingest.attribute import SpeakerResolver, slugify
from app.ingest.dates import date_line
from app.ingest.dedupe import Draft, merge
from app.ingest.link import MeetingIndex, cities_in, sentence_dates, sentences
from app.ingest.quotes import find_quotations
from app.ingest.sources import read_meetings, read_speakers

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def resolver() -> SpeakerResolver:
    return SpeakerResolver(read_speakers(DATA / "speakers.yaml"))


@pytest.mark.parametrize(
    ("label", "speaker", "role"),
    [
        ("SECRETARY POMPEO", "michael-r-pompeo", "Secretary of State"),
        ("SECRETARY GENERAL STOLTENBERG", "jens-stoltenberg", "Secretary General of NATO"),
        ("MR PRICE", "ned-price", "Spokesperson of the Department of State"),
        ("QUESTION", "journalist", None),
        ("Question (Reuters)", "journalist", None),
        ("NATO Spokesperson [Oana Lungescu]", "oana-lungescu", "NATO Spokesperson"),
    ],
    ids=["title-surname", "two-word-title", "mr-without-period", "question", "question-outlet", "bracketed-name"],
)
def test_labels_resolve_through_aliases(resolver: SpeakerResolver, label: str, speaker: str, role: str | None) -> None:
    found = resolver.resolve_label(label, date(2021, 6, 1) if "PRICE" in label else date(2019, 11, 14))
    assert (found.speaker.id, found.role) == (speaker, role)


def test_role_is_the_one_held_on_the_date(resolver: SpeakerResolver) -> None:
    assert resolver.resolve_name("Mike Pompeo", date(2017, 6, 1)).role == "Director of the Central Intelligence Agency"
    assert resolver.resolve_name("Mike Pompeo", date(2019, 11, 14)).role == "Secretary of State"


def test_a_titled_surname_takes_the_full_name_the_document_gives(resolver: SpeakerResolver) -> None:
    resolver.read_document("We thank our host, Foreign Minister Nasser Bourita, for the welcome.")
    found = resolver.resolve_label("FOREIGN MINISTER BOURITA", date(2022, 5, 11))
    assert (found.speaker.name, found.role, found.speaker.curated) == ("Nasser Bourita", "Foreign Minister", False)


def test_headings_name_people_groups_and_issuers(resolver: SpeakerResolver) -> None:
    when = date(2019, 11, 14)
    heading = "Secretary Michael R. Pompeo At the Global Coalition to Defeat ISIS Small Group Ministerial"
    assert resolver.resolve_heading(heading, when, "person").speaker.id == "michael-r-pompeo"
    issuer = resolver.resolve_heading("U.S. Designates ISIS Facilitators", when, "organization")
    assert issuer.speaker.id == "u-s-department-of-state"
    assert resolver.resolve_heading("U.S. Embassy Syria", when, "organization").speaker.id == "u-s-embassy-syria"


VISIT = (
    "The Minister of Defence, Margarita Robles, received in Madrid the Minister of Defence of the Republic of "
    "Iraq, Juma Inad Saadoun, who is on an official visit. "
)
QUOTES = [
    (
        "On October 15, Turkish presidential spokesman Fahrettin Altun declared that “nobody is dumping those "
        "terrorists on Turkey,” so it is unclear.",
        "Fahrettin Altun",
        "Turkish presidential spokesman",
    ),
    (
        "“The Coalition’s work is far from over, and today’s meeting shows our resolve,” said Acting Special Envoy "
        "Godfrey. He thanked Belgium.",
        "Acting Special Envoy Godfrey",
        None,
    ),
    (
        "Secretary Tillerson reaffirmed the commitment. He encouraged his colleagues, stating, “Our Coalition is "
        "united in stopping an ISIS resurgence.”",
        "Secretary Tillerson",
        None,
    ),
    (
        "Iraq’s national security adviser, Qasim al-Araji, declared at a conference in Baghdad in June: “Al-Hol is a "
        "ticking time bomb on our border.”",
        "Qasim al-Araji",
        "Iraq’s national security adviser",
    ),
]


QUOTES += [
    (
        "U.S. Army Lieutenant General Stephen Townsend spoke by video link. “We think we've taken about 50,000 "
        "fighters off the battlefield,” Townsend said.",
        "Townsend",
        None,
    ),
    (
        "Major General Leahy reaffirmed the commitment. “Our advise, assist and enable mission will continue for "
        "years,” the General said.",
        "Leahy",
        "General",
    ),
    (
        "“Daesh is collapsing in the eastern districts of the city,” Brigadier General Yahya Rasool, a spokesman for "
        "the Joint Operations Command, told Reuters.",
        "Brigadier General Yahya Rasool",
        None,
    ),
    (
        "“This victory belongs first to the Iraqis and Syrians who fought,” said Chargé d'Affaires a.i. Joey Hood.",
        "Joey Hood",
        "Chargé d'Affaires a.i.",
    ),
    (
        "Iraqi Prime Minister Haider al-Abadi sounded upbeat. “More than 1.5 million of our displaced people have "
        "gone back,” al-Abadi said.",
        "Haider al-Abadi",
        None,
    ),
    (
        "UN envoy Staffan de Mistura spoke in Geneva. “We are not there yet, but we are closer than before,” "
        "de Mistura told reporters.",
        "Staffan de Mistura",
        None,
    ),
    (
        "The minister received Lieutenant General Paul Calvert. For his part, Calvert stressed that the mission of "
        "the Coalition “has moved from combat to advising, assisting and enabling,” noting the fall in troops.",
        "Calvert",
        None,
    ),
    (
        "“Our Tornados have flown more than 2,400 reconnaissance sorties,” said Federal Minister of Defence "
        "Annegret Kramp-Karrenbauer (CDU) in the debate.",
        "Annegret Kramp-Karrenbauer",
        "Federal Minister of Defence",
    ),
    (
        "“ISIS continues to depend on a small number of trusted facilitators,” said Under Secretary of the "
        "Treasury for Terrorism and Financial Intelligence Brian E. Nelson.",
        "Brian E. Nelson",
        None,
    ),
    (
        "“We will keep working with all of our partners in the region,” said John Kerry and Laurent Fabius.",
        "John Kerry",
        None,
    ),
    (
        "“When they arrived, fewer than one in five of them had ever cleared a device,” said Spanish army Lt. "
        "Col. Javier Ortega Ruiz, commander of the training team.",
        "Javier Ortega Ruiz",
        "Spanish army Lt. Col.",
    ),
    (
        "The Minister of Defence, Margarita Robles, received her Iraqi counterpart in Madrid. “Spain arrived in "
        "Iraq in 2015 at the request of the Iraqi Government,” said the Minister, who recalled the rotations.",
        "Margarita Robles",
        "Minister",
    ),
    (
        "Robert Wood, Alternate Representative of the United States, spoke next. “Since 2014, the United States "
        "has provided more than $3.5 billion in humanitarian assistance to Iraq,” he said.",
        "Robert Wood",
        None,
    ),
    (
        "Baghdad - The Prime Minister, Mohammed Shia Al-Sudani, received today the Commander of the Combined "
        "Joint Task Force, Major General Kevin Leahy.\n\nHis Excellency affirmed that the Iraqi forces have "
        "reached a level of readiness, and said: “Iraq today is not the Iraq of 2014, and its mission has ended.”",
        "Mohammed Shia Al-Sudani",
        None,
    ),
    (
        "Iraq's representative, Mohammed Hussein Bahr Aluloom, said his Government had brought families home "
        "and that Prime Minister Mohammed Shia al-Sudani had discussed the next steps with Ms. Hennis-Plasschaert "
        "in Baghdad on 10 May. “Iraq is taking back its citizens. We ask other countries to do the same,” he said.",
        "Mohammed Hussein Bahr Aluloom",
        None,
    ),
    (
        "Robert Wood said the ministers would meet in Riyadh. Fuad Hussein, the foreign minister, welcomed the "
        "meeting. “Iraq is taking back its citizens, and others must do the same,” he said.",
        "Fuad Hussein",
        None,
    ),
    (
        VISIT + "“Spain arrived in Iraq in 2015 and we will stay as long as Iraq needs us,” said the Minister.",
        "Margarita Robles",
        "Minister",
    ),
    (
        VISIT + "“Today Iraq is able to defend itself, but we still need advice and air support,” said the Iraqi "
        "minister, who thanked Spain.",
        "Juma Inad Saadoun",
        "Iraqi minister",
    ),
    (
        "Secretary of State Mike Pompeo hosted the meeting with Turkish Foreign Minister Mevlut Cavusoglu and "
        "Iraqi Foreign Minister Mohammed Ali al-Hakim. “Countries must take back their citizens who joined "
        "ISIS,” the Turkish foreign minister said.",
        "Mevlut Cavusoglu",
        "Turkish foreign minister",
    ),
    (
        "Less than two months have passed since President Donald Trump announced that the roughly 2,000 U.S. "
        'troops in Syria would come home, declaring in a December 19 video that "we have won against ISIS."',
        "President Donald Trump",
        None,
    ),
    (
        "Secretary Pompeo has tried to reassure partners, telling an audience in Cairo last month that "
        '"America will not retreat until the terror fight is over."',
        "Secretary Pompeo",
        None,
    ),
    (
        "“This increase indicates ISIS is attempting to reconstitute after several years,” CENTCOM commander Gen. "
        "Michael Erik Kurilla said. According to the UN, ISIS retains fighters.",
        "Michael Erik Kurilla",
        "CENTCOM commander Gen.",
    ),
    (
        "Deputy Special Presidential Envoy Brett McGurk told the Senate Foreign Relations Committee that "
        '"more than 22,000 foreign fighters from more than 100 countries" had traveled to Syria.',
        "Brett McGurk",
        "Deputy Special Presidential Envoy",
    ),
    (
        'Peshmerga Minister Shorsh Ismail received a delegation. "We do not want party forces. We want a single '
        'Peshmerga that belongs to all of Kurdistan," the statement quoted Ismail as saying.',
        "Ismail",
        None,
    ),
    (
        '"Cutting off the trade in looted antiquities is as important as cutting off the oil," said Minister '
        "Plenipotentiary Giulia Sartori, Deputy Director General for Political Affairs at the Italian Ministry.",
        "Minister Plenipotentiary Giulia Sartori",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "who", "descriptor"),
    QUOTES,
    ids=[
        "who-verb-that",
        "quote-said-who",
        "pronoun-back-reference",
        "verb-then-place",
        "surname-named-in-full-before",
        "bare-title-for-the-last-titled-name",
        "appositive-between-name-and-verb",
        "lowercase-particles-in-a-title",
        "surname-with-a-hyphened-particle",
        "surname-with-a-spaced-particle",
        "opening-phrase-surname-verb-that-quotation",
        "said-title-of-portfolio-name",
        "said-title-for-portfolio-and-portfolio-name",
        "said-two-people-is-the-first",
        "said-nationality-service-rank-name",
        "said-the-title-named-with-its-portfolio-before",
        "she-said-after-a-name-and-its-role",
        "his-excellency-is-the-release-s-principal",
        "he-said-is-the-speaker-not-a-name-in-his-reported-clause",
        "he-said-after-a-new-sentence-is-its-subject",
        "said-the-minister-is-the-host-not-the-visitor-with-a-country-portfolio",
        "said-the-nationality-minister-is-the-one-from-that-country",
        "said-the-turkish-foreign-minister-named-with-title-before",
        "an-abbreviation-s-full-stop-between-name-and-verb-ends-no-sentence",
        "telling-an-audience-that",
        "quote-then-title-with-an-abbreviation-then-name-said",
        "a-name-after-four-title-words",
        "quote-then-the-statement-quoted-name-as-saying",
        "said-title-name-then-an-appositive-with-a-portfolio",
    ],
)
def test_quotations_and_who_said_them(text: str, who: str, descriptor: str | None) -> None:
    [quote] = find_quotations(text)
    assert (quote.who, quote.descriptor) == (who, descriptor)


def test_a_quotation_interrupted_by_its_attribution_is_one_statement() -> None:
    [quote] = find_quotations(
        "“The worst is not over,” Lise Grande, the UN Humanitarian Coordinator, said in Baghdad. “Up to 150,000 "
        "people may still be trapped in the Old City.”"
    )
    assert quote.who == "Lise Grande"
    assert quote.quote == "The worst is not over. Up to 150,000 people may still be trapped in the Old City."


def test_a_report_quoted_as_a_block_is_the_organization_s_statement() -> None:
    text = (
        "The latest report of the UN Office for the Coordination of Humanitarian Affairs (OCHA) is worth quoting:\n\n"
        "KEY FIGURES\n\n806,000 people displaced from Mosul since 17 October 2016\n613,000 people displaced\n\n"
        "• Some 333,000 people are sheltering in camps and emergency sites\naround the city.\n\n"
        "Put differently: more than half a million people from a single city were still living away from home at "
        "the start of June, and many of them will not go back soon."
    )
    [quote] = find_quotations(text)
    assert quote.who == "UN Office for the Coordination of Humanitarian Affairs"
    assert quote.quote.startswith("KEY FIGURES") and quote.quote.endswith("around the city.")
    # A list introduced by a colon is not a quotation: no verb of saying, no organization.
    assert find_quotations("A selection of members and the date they joined:\n\n" + "Albania 2014\n" * 12) == []


def test_reported_speech_in_meetings_coverage_is_each_speaker_s_statement() -> None:
    text = (
        "Briefing the Council, Vladimir Voronkov, Under-Secretary-General of the Office of Counter-Terrorism, said "
        "that the group commands between 5,000 and 7,000 militants across Iraq and Syria.\n\n"
        "He welcomed the repatriation of more than 1,700 people from north-east Syria since January.\n\n"
        "The representative of the United States said that the Global Coalition remained the cornerstone of "
        "international efforts against the group.\n\n"
        "Speaking for Iraq, its representative said that his country had paid a heavy price in the war."
    )
    found = [(q.who, q.quote.count("\n\n")) for q in find_quotations(text)]
    assert found == [("Vladimir Voronkov", 1), ("United States", 0), ("Iraq", 0)]


def test_scare_quotes_and_unnamed_officials_are_not_statements() -> None:
    assert find_quotations("European governments want to avoid creating “a new Guantanamo Bay” in Syria.") == []
    assert find_quotations("Officials said “this is a long sentence that nobody in particular said.”") == []


def test_dates_in_a_sentence_read_against_the_document_date() -> None:
    context = date(2019, 11, 7)
    assert (date(2019, 6, 1), "month") in sentence_dates("their previous meeting in Paris this June", context)
    assert (date(2019, 11, 14), "day") in sentence_dates("gathering in Washington on November 14", context)
    assert (date(2020, 2, 13), "day") in sentence_dates("in Brussels on 13 February", date(2020, 2, 12))
    assert (date(2016, 7, 1), "month") in sentence_dates("Last July, at the conference", date(2017, 3, 22))


def test_a_person_s_name_is_not_a_city() -> None:
    assert cities_in("Florence Parly attended the meeting in Rome.") == [("Rome", "Italy")]
    assert cities_in("Secretary of Defense Lloyd J. Austin III met Secretary Austin's hosts") == []
    assert [c for c, _ in cities_in("the Rome Ministerial, Washington, D.C., and Riyadh Saudi Arabia")] == [
        "Rome",
        "Washington",
        "Riyadh",
    ]


def test_datelines_with_a_place_or_a_stamp() -> None:
    assert date_line("Brussels, 22/03/2017 - 23:41, UNIQUE ID: 170322_17") == date(2017, 3, 22)
    assert date_line("DECEMBER 7, 2016 / 9:52 PM / 8 YEARS AGO") == date(2016, 12, 7)
    assert date_line("Paris, 14 February 2018") == date(2018, 2, 14)
    assert date_line("04/05/2017") is None  # month or day first: nothing says
    assert date_line("The meeting in Paris was long") is None


def test_a_weekday_or_a_clock_time_is_read_against_the_document_date() -> None:
    tuesday = date(2018, 2, 13)
    assert (tuesday, "day") in sentence_dates("Kuwait on Tuesday reaffirmed its support", date(2018, 2, 15))
    assert (date(2018, 2, 15), "day") in sentence_dates("Ministers will meet in Rome on Thursday", tuesday)
    assert (tuesday, "day") in sentence_dates("The committee met at 10:07 a.m. in room 2172", tuesday)


def test_sentences_run_past_abbreviations() -> None:
    assert sentences("Carter will host ministers in London on Dec. 15 to review it. Lt. Gen. Townsend agreed.") == [
        "Carter will host ministers in London on Dec. 15 to review it.",
        "Lt. Gen. Townsend agreed.",
    ]


def test_cities_by_name_and_alternate_spelling() -> None:
    assert [c for c, _ in cities_in("welcome all the delegations to Marrakech and Kuwait City")] == [
        "Marrakesh",
        "Kuwait City",
    ]
    assert cities_in("The Coalition Has Much to Do") == []


def test_meetings_are_found_by_place_and_time_and_created_when_new() -> None:
    index = MeetingIndex(read_meetings(DATA / "meetings.yaml"))
    found = index.find("When officials held their previous D-ISIS meeting in Paris this June", date(2019, 11, 7), True)
    assert found == ["2019-06-paris-d-isis-meeting"]
    created = index.find("We, the Ministers, met in Rome on June 28, 2021.", date(2021, 6, 28), True)
    assert created == ["2021-06-28-rome-full-ministerial"]
    assert index.meetings[created[0]].curated is False
    assert index.find("The meeting was productive.", date(2021, 6, 28), True) == []


def _draft(doc: str, text: str, speaker: str = "p", seq: int = 0) -> Draft:
    return Draft(doc, seq, speaker, None, "remarks", None, text, date(2019, 11, 14), None, None, 0, len(text))


SPEECH = " ".join(f"sentence number {i} of the long speech about the coalition." for i in range(40))


def test_an_excerpt_in_another_document_merges_into_the_full_text() -> None:
    [merged] = merge([_draft("a", SPEECH), _draft("b", SPEECH[200:-200])])
    assert merged.text == SPEECH
    assert {(s.document_id, s.complete) for s in merged.sources} == {("a", True), ("b", False)}


def test_same_text_same_document_or_other_speaker_stays_apart() -> None:
    twice = merge([_draft("a", SPEECH, seq=0), _draft("a", SPEECH, seq=1)])
    assert len({m.id for m in twice}) == 2  # a passage said twice is two statements with two ids
    assert len(merge([_draft("a", SPEECH, "p"), _draft("b", SPEECH, "q")])) == 2
    assert (
        len(merge([_draft("a", SPEECH), _draft("b", "Thank you, Jens. At this time I'd like to ask the press.")])) == 2
    )


def test_a_statement_delivered_at_a_meeting_no_registry_knows_creates_it() -> None:
    index = MeetingIndex([])
    opening = "We, the Ministers of the Global Coalition, met today in Rome to review our progress."
    created = index.from_statement("Joint Communique by Ministers", opening, date(2021, 6, 28), None)
    assert created == "2021-06-28-rome-full-ministerial"
    past = "At our meeting in Paris last June we agreed to do more. Today we act."
    assert index.from_statement("Joint Communique", past, date(2021, 7, 28), None) is None


# --------------------------------------------------------------- page kinds of unseen5


def _segments(text: str, kind: str | None = None, title: str | None = None) -> list:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    return list(segment(clean(text), kind, date(2017, 3, 21), title).segments)


def test_a_quotation_signed_on_the_line_below_is_the_signers_without_honorific() -> None:
    text = (
        "Intro.\n\n\u201cLasting peace needs diplomacy, and we will add some two dozen diplomats.\u201d\n"
        "- The Honourable St\u00e9phane Dion, Minister of Foreign Affairs\n\n"
        '"The physical caliphate is gone, but Daesh is not, and we will stay the course."\n'
        "- Ambassador James F. Jeffrey, U.S. Special Representative\n\n"
        '- Coalition foreign ministers met in Washington on 6 February 2019 and "committed to the enduring defeat"\n'
        "- Partners share information through INTERPOL."
    )
    found = [(q.who, q.descriptor) for q in find_quotations(text)]
    assert found == [
        ("St\u00e9phane Dion", "Minister of Foreign Affairs"),
        ("Ambassador James F. Jeffrey", "U.S. Special Representative"),
    ]


def test_written_questions_give_the_member_who_asks_and_the_minister_who_answers() -> None:
    text = (
        "Islamic State: Military Intervention\n\nAsked by Helen Marchbank\n\n(Labour, Stockport West)\n\n"
        "To ask the Secretary of State for Defence, how many air strikes the RAF has conducted.\n\n"
        "Answered on 14 March 2017 by Mike Penning\n\nAs at 6 March 2017, the RAF had conducted 1,297 air strikes.\n\n"
        "Asked by Baroness Anelay of St Johns\n\nTo ask Her Majesty's Government what objectives they will pursue.\n"
    )
    labels = [s.speaker_text for s in _segments(text, "transcript") if s.speaker_source == "label"]
    assert labels == ["Helen Marchbank", "Mike Penning", "Baroness Anelay of St Johns"]


def test_hansard_labels_with_seat_and_party_and_the_name_alone_later(resolver: SpeakerResolver) -> None:
    text = (
        "Daesh: Iraq and Syria\n\n"
        "1. Helen Marchbank (Stockport West) (Lab): What progress the Coalition is making in Mosul. [909311]\n\n"
        "The Secretary of State for Defence (Sir Michael Fallon): RAF aircraft have conducted 1,400 strikes.\n\n"
        "Helen Marchbank: I thank the Secretary of State for that answer.\n\n"
        "1. WASHINGTON MINISTERIAL: THE COALITION TAKES STOCK\n\nSecretary Tillerson opened the meeting today."
    )
    labels = [s.speaker_text for s in _segments(text, "transcript") if s.speaker_source == "label"]
    assert labels == [
        "Helen Marchbank (Stockport West) (Lab)",
        "The Secretary of State for Defence (Sir Michael Fallon)",
        "Helen Marchbank",
    ]
    assert resolver.resolve_label(labels[0], date(2017, 3, 20)).speaker.name == "Helen Marchbank"
    assert resolver.resolve_label(labels[1], date(2017, 3, 20)).speaker.name == "Michael Fallon"


def test_podcast_first_name_timestamp_labels_take_the_full_name_the_show_gives(resolver: SpeakerResolver) -> None:
    text = (
        "Sarah  00:00:04\nWelcome back to The Long War. I'm Sarah Kendrick.\n\n"
        "Rania  00:00:48\nThanks for having me, Sarah.\n\n"
        "Sarah  00:17:30\nOkay, Rania. Mosul. Here is a clip from that time, which we found.\n"
        "[CLIP - Brett McGurk, State Department briefing, 21 December 2017]\n"
        '"ISIS has now lost more than 95 percent of the territory it once held."\n[END CLIP]\n\n'
        "Rania  00:51:45\nThank you both. Next week: the Sahel. Rania Haddad is a senior fellow.\n\n"
        "Sponsor 02:45\nSomething else."
    )
    labels = [s.speaker_text for s in _segments(text, "transcript") if s.speaker_source == "label"]
    assert labels == ["Sarah", "Rania", "Sarah", "Brett McGurk", "Rania"]  # "Sponsor" labels one line only
    resolver.read_document(text)
    assert [resolver.resolve_label(n, None).speaker.name for n in ("Sarah", "Rania")] == [
        "Sarah Kendrick",
        "Rania Haddad",
    ]


def test_a_documents_title_printed_in_capitals_is_never_a_speaker() -> None:
    text = (
        "THE GLOBAL COALITION AGAINST DAESH FACT SHEET\n\n"
        "THE TERRITORIAL DEFEAT OF DAESH: FIVE YEARS OF COALITION ACTION Updated 26 Mar 19\n\n"
        "Since 2014 the Coalition's 79 members and their partners have liberated nearly 110,000 square km."
    )
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    parsed = segment(
        clean(text), None, None, "The Territorial Defeat of Daesh: Five Years of Coalition Action (fact sheet)"
    )
    assert [s.speaker_source for s in parsed.segments] == ["publisher"]
    assert parsed.issuer == "The Global Coalition Against Daesh"


def test_a_name_in_a_title_case_heading_never_ends_with_a_preposition(resolver: SpeakerResolver) -> None:
    when = date(2023, 6, 8)
    heading = "Foreign Minister Adam Nadescu At the Global Coalition Leaders' Summit in The Hague"
    assert resolver.resolve_heading(heading, when, "person").speaker.name == "Adam Nadescu"  # type: ignore[union-attr]
    other = resolver.resolve_heading("Minister Lena Varga With Partners In Baghdad", when, "person")
    assert other.speaker.name == "Lena Varga"  # type: ignore[union-attr]
    owned = resolver.resolve_heading("Foreign Minister Nasser Bourita's Remarks at the Opening Session", when, "person")
    assert owned.speaker.name == "Nasser Bourita"  # type: ignore[union-attr]
    for heading, name in [
        ("Prime Minister Haider al-Abadi of Iraq", "Haider al-Abadi"),
        ("Kuwaiti Foreign Minister Sheikh Sabah Al-Khalid Al-Sabah", "Sabah Al-Khalid Al-Sabah"),
        ("Special Envoy Brett McGurk", "Brett McGurk"),
    ]:
        assert resolver.resolve_heading(heading, when, "person").speaker.name == name  # type: ignore[union-attr]


def test_a_label_takes_the_full_name_a_title_case_heading_gives(resolver: SpeakerResolver) -> None:
    # The document-wide name scan reads the heading too: the name stops at the preposition.
    resolver.read_document("Foreign Minister Adam Nadescu At the Global Coalition Ministerial in Seoul\n\nMarch 2021")
    found = resolver.resolve_label("MINISTER NADESCU", date(2021, 3, 19))
    assert found.speaker.name == "Adam Nadescu"
    # A particle or a given name that is a preposition elsewhere is kept where a name can hold it.
    resolver.read_document("Prime Minister To Lam of Viet Nam spoke first.")
    assert resolver.resolve_label("PRIME MINISTER LAM", date(2024, 8, 1)).speaker.name == "To Lam"


def test_check_against_delivery_is_a_note_so_the_speech_title_names_the_speaker() -> None:
    text = (
        "Speech by Foreign Minister Heiko Maas at the Ministerial Meeting in Rome\n\n"
        "\u2013 Check against delivery \u2013\n\n(Translation of advance text)\n\n"
        "Thank you, Luigi, for bringing us together here in Rome today, and thank you all for coming."
    )
    found = _segments(text, "transcript", "Speech by Foreign Minister Heiko Maas at the Ministerial Meeting in Rome")
    assert [(s.kind, s.speaker_source) for s in found] == [("remarks", "heading")]


def test_council_conclusions_and_a_bilingual_communique_de_presse_are_not_joint_statements() -> None:
    council = _segments(
        "Council conclusions on Syria and Iraq\n\n16/03/2015\n\nThe Council today adopted conclusions on the strategy.",
        "press_release",
    )
    canada = _segments(
        "News release / Communiqu\u00e9 de presse\n\nFebruary 8, 2016\n\nToday, Canada announced its new strategy.",
        "press_release",
    )
    assert [s.kind for s in council + canada] == ["press_statement", "press_statement"]


def test_a_meeting_that_takes_place_or_where_ministers_sat_down_is_found() -> None:
    index = MeetingIndex([])
    council = index.find("The next Foreign Affairs Council will take place in Luxembourg on 20 April 2015.", None, True)
    jeddah = index.find("Ministers sat down in Jeddah - that was September 11th, 2014 - and then in Paris.", None, True)
    assert [index.meetings[m].city for m in council + jeddah] == ["Luxembourg", "Jeddah"]
    assert [index.meetings[m].date for m in council + jeddah] == [date(2015, 4, 20), date(2014, 9, 11)]


def test_a_news_site_s_iso_timestamp_with_a_view_counter_dates_the_page() -> None:
    assert date_line("2021-03-30T09:41:00Z        Views: 1,284") == date(2021, 3, 30)
    assert date_line("March 3, 2020 | 5 comments") == date(2020, 3, 3)
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = (
        "Security\n\nForeign Minister receives Coalition commander\n\n2021-03-30T09:41:00Z        Views: 1,284\n\n"
        "Baghdad - INA\n\nThe Minister of Foreign Affairs received on Tuesday in Baghdad the Coalition commander."
    )
    parsed = segment(clean(text), None, None, "Foreign Minister receives Coalition commander")
    assert parsed.date == date(2021, 3, 30)
    assert [s.date for s in parsed.segments] == [date(2021, 3, 30)]


def test_an_interview_s_answers_are_by_whom_its_introduction_puts_the_questions_to() -> None:
    text = (
        "3. FIVE QUESTIONS FOR THE SPOKESMAN\n\n"
        "We put five questions to Col. John Dorrian, spokesman for the Coalition, by phone on Thursday.\n\n"
        "Q: How many fighters are left in west Mosul?\nA: Our estimate is fewer than 2,000.\n\n"
        "Q: And Raqqa?\nA: The Syrian Democratic Forces are about 8 kilometers from the city."
    )
    labels = [s.speaker_text for s in _segments(text, "analysis") if s.speaker_source == "label"]
    assert labels == ["Q", "Col. John Dorrian", "Q", "Col. John Dorrian"]
    # With no one named as answering, an "A:" line stays with the turn it follows.
    unnamed = text.replace("We put five questions to Col. John Dorrian", "We put five questions to the spokesman")
    assert [s.speaker_text for s in _segments(unnamed, "analysis") if s.speaker_source == "label"] == ["Q", "Q"]
    # The answer keeps its question, so a bare count counts what was asked about.
    answer = next(s for s in _segments(text, "analysis") if s.speaker_text == "Col. John Dorrian")
    assert answer.asked == "How many fighters are left in west Mosul?"
    from app.ingest.pipeline import answer_figures

    [fig] = answer_figures(answer.text, answer.asked)
    assert (fig.text, fig.unit, answer.text[fig.start : fig.end]) == ("fewer than 2,000", "people", "fewer than 2,000")


# --------------------------------------------------------------- page kinds of unseen6


def test_a_japanese_name_family_name_first_in_capitals_is_kept_in_that_order(resolver: SpeakerResolver) -> None:
    resolver.read_document("On May 11, Mr. HONDA Taro, Parliamentary Vice-Minister for Foreign Affairs, attended.")
    found = resolver.resolve_name("Parliamentary Vice-Minister Honda", date(2022, 5, 11))
    assert found.speaker.name == "Honda Taro"
    # Capitals after no honorific are an acronym, not a family name.
    resolver.read_document("The ISIS Leader was killed. Mr. Abe Jones spoke.")
    assert "isis" not in resolver.document_names


def test_a_name_running_on_from_a_portfolio_is_only_the_name(resolver: SpeakerResolver) -> None:
    resolver.read_document(
        "For her part, Assistant Secretary of the U.S. Treasury for Terrorist Financing and Financial Crimes "
        "Elizabeth Rosenberg thanked the Kingdom."
    )
    assert resolver.resolve_name("Rosenberg", date(2023, 12, 13)).speaker.name == "Elizabeth Rosenberg"
    # A name after "and" whose title words cut it keeps every part.
    resolver.read_document("the Iraqi minister and Foreign Minister Ibrahim Bahr al-Ulum met")
    assert resolver.document_names["al-ulum"] == "Ibrahim Bahr al-Ulum"


def test_a_long_label_ends_with_the_name_the_document_gives(resolver: SpeakerResolver) -> None:
    resolver.read_document("welcome to the press conference of His Excellency Mr. Antonio Tajani. Thank you.")
    found = resolver.resolve_label(
        "DEPUTY PRIME MINISTER AND MINISTER OF FOREIGN AFFAIRS AND INTERNATIONAL COOPERATION ANTONIO TAJANI "
        "(in Italian, via interpreter)",
        date(2023, 7, 11),
    )
    assert (found.speaker.name, found.role) == (
        "Antonio Tajani",
        "Deputy Prime Minister and Minister of Foreign Affairs and International Cooperation",
    )
    # A peer's territorial title is no title before a name: the label is the name.
    resolver.read_document("Asked by Baroness Anelay of St Johns. St Johns is a place.")
    assert resolver.resolve_label("Baroness Anelay of St Johns", None).speaker.name == "Baroness Anelay of St Johns"


def test_a_witness_named_in_capitals_on_a_cover(resolver: SpeakerResolver) -> None:
    found = resolver.resolve_heading("BRETT McGURK", date(2016, 6, 28), "person", "SPECIAL PRESIDENTIAL ENVOY")
    assert (found.speaker.name, found.role) == ("Brett McGurk", "Special Presidential Envoy")  # type: ignore[union-attr]
    assert resolver.resolve_heading("UNITED STATES SENATE COMMITTEE", date(2016, 6, 28), "person") is None


QUOTES_6 = [
    (
        # A sentence's opening word is not part of the name.
        "As Prime Minister Haider al-Abadi told me in Baghdad earlier this month: “Half of our budget now goes to "
        "this war.”",
        [("Prime Minister Haider al-Abadi", None)],
    ),
    (
        # "He" is the last person named, not a date written in capitalised words ("Rabi al-Awwal 3").
        "Vice Minister Waleed bin Abdulkarim Elkhereiji opened the meeting. “Financing is the oxygen of terrorism, "
        "and we will cut it,” Elkhereiji said.\n\nHe pointed out that designations were announced on Rabi al-Awwal "
        "3, 1445.\n\nHe added, “ISIS has lost its territory, but not its money.”",
        [("Elkhereiji", None), ("Elkhereiji", None)],
    ),
    (
        # A quoted phrase is a statement when a named person says it…
        "On 10 September 2014, U.S. President Barack Obama announced a broad coalition against the group, saying "
        "that its aim was to “degrade, and ultimately destroy” it.",
        [("President Barack Obama", None)],
    ),
    # …not when a pronoun or no one says it, nor when the phrase is two words.
    ("He announced a coalition, saying that its aim was to “degrade, and ultimately destroy” it.", []),
    ("Officials said that its aim was to “degrade, and ultimately destroy” it.", []),
    ("Minister Jane Doe warned against a “new Guantanamo” in north-east Syria, of all places.", []),
]


@pytest.mark.parametrize(
    ("text", "found"),
    QUOTES_6,
    ids=[
        "opening-word-not-a-name",
        "pronoun-skips-a-date",
        "phrase-by-a-named-person",
        "phrase-by-he",
        "phrase-by-no-one",
        "two-word-phrase",
    ],
)
def test_quotations_of_unseen6(text: str, found: list[tuple[str, str | None]]) -> None:
    assert [(q.who, q.descriptor) for q in find_quotations(text)] == found


def test_remarks_report_only_speech_in_quotation_marks(tmp_path: Path, resolver: SpeakerResolver) -> None:
    from app.ingest.prepare import prepare
    from app.ingest.sources import SourceEntry

    (tmp_path / "t.txt").write_text(
        "STATEMENT OF\n\nJANE ROE\nSPECIAL ENVOY\n\n"
        "As Prime Minister Haider al-Abadi told me in Baghdad: “Half of our budget now goes to this war.”\n\n"
        "The representative of France said that the Coalition must stay in Iraq for some years yet.\n"
    )
    entry = SourceEntry(tmp_path / "t.txt", "Statement of Jane Roe", None, None, date(2016, 6, 28), "transcript", 0, 1)
    found = prepare(entry, tmp_path / "sources.yaml", resolver)
    said = [(p.segment.speaker_text, [q.quotation.who for q in p.quotes]) for p in found.pieces]
    # The quotation is al-Abadi's; "The representative of France said that …" stays the witness's.
    assert said == [("JANE ROE", ["Prime Minister Haider al-Abadi"])]


# A news story's reported statement with its speaker named after it, no quotation marks.
QUOTES_7 = [
    (
        "Since 2014, the coalition has trained more than 225,000 members of the security forces, Maj Gen Jane "
        "Roe, the coalition's deputy commander, said in a statement.",
        [("Maj Gen Jane Roe", "the coalition's deputy commander")],
    ),
    (
        "The mission will be wound down within two to three years, Foreign Minister John Doe told reporters.",
        [("Foreign Minister John Doe", None)],
    ),
    # Not a person: no title, no role ("Saudi Arabia"), an organisation, a sentence too short.
    ("Oil exports rose by ten per cent over the whole of last year, Saudi Arabia said.", []),
    ("Attacks dropped by nearly 80 per cent across Iraq in 2023, Coalition Forces said.", []),
    ("It is over, Minister John Doe said.", []),
    # The speaker named before the clause is the existing patterns' business, not this one's.
    ("Coalition officials said the number of fighters was between 3,000 and 5,000.", []),
]


@pytest.mark.parametrize(
    ("text", "found"),
    QUOTES_7,
    ids=["rank-name-role-said", "title-name-told", "country-said", "organisation-said", "too-short", "officials"],
)
def test_trailing_attributions_of_unseen7(text: str, found: list[tuple[str, str | None]]) -> None:
    assert [(q.who, q.descriptor) for q in find_quotations(text)] == found
    assert find_quotations(text, reported=False) == []  # remarks report only speech in quotation marks


@pytest.mark.parametrize(
    ("text", "url", "publisher"),
    [
        (
            "THE NATIONAL\nUAE | MENA | World\n\nIraq says",
            "https://www.thenationalnews.com/mena/2024/x",
            "The National",
        ),
        ("NATO\nMenu\n\nPress point", "https://www.nato.int/cps/en/natohq/x.htm", "NATO"),
        # A menu's word the host happens to contain, a line the host does not spell, no address.
        ("News\nWorld\n\nIraq says", "https://www.thenationalnews.com/mena/x", None),
        ("Skip to main content\nHome\n\nText", "https://www.example.org/home", None),
        ("THE NATIONAL\n\nIraq says", None, None),
        # Every word of the name one of the address's labels.
        ("UN News\nGlobal perspective Human stories\n\nIraq:", "https://news.un.org/en/story/2023/05/x", "UN News"),
    ],
    ids=["masthead-in-capitals", "acronym-kept", "menu-word", "not-the-host", "no-url", "words-are-host-labels"],
)
def test_a_page_s_masthead_names_its_publisher_when_the_address_spells_it(
    text: str, url: str | None, publisher: str | None
) -> None:
    from app.ingest.prepare import masthead

    assert masthead(text, url) == publisher


# Reported speech as news pages and newsletters of the eighth held-out set write it.
QUOTES_8 = [
    (
        # A title in lower case between the quotation and the name.
        "“The security situation allows us to move to bilateral relations with each of the coalition countries,” "
        "government spokesman Basim al-Awadi said.",
        [("Basim al-Awadi", "government spokesman")],
    ),
    # …but not a pronoun or a conjunction in lower case before a capitalised word.
    ("“The security situation allows us to move to bilateral relations,” he told Reuters on Monday.", []),
    (
        # A short quoted phrase of a person named before the verb, the body in the appositive not the speaker.
        "Speaking at the reopening, Leila Mustafa, co-chair of the Raqqa Civil Council, said that “almost 70 per "
        "cent” of residents had returned.",
        [("Leila Mustafa", "co-chair of the Raqqa Civil Council")],
    ),
    # A short phrase set in the text with no one saying it stays a scare quote.
    ("The council called it “almost 70 per cent” of the city.", []),
    (
        # The role first, the name in an appositive, then "said" and reported speech.
        "Jordan will host a course. The Ministry's Official Spokesman, Ambassador Sinan Majali, said the Minister "
        "would brief the Political Directors in Amman on 21 June 2023.",
        [("Ambassador Sinan Majali", "The Ministry's Official Spokesman")],
    ),
    (
        # Every verb the appositive pattern takes passes its gate: "announced" too.
        "Jordan will host a course. The Ministry's Spokesperson, Ambassador Sinan Majali, announced that the "
        "Minister would host the Coalition's Political Directors.",
        [("Ambassador Sinan Majali", "The Ministry's Spokesperson")],
    ),
    (
        # At a paragraph's start too: the role opens with an article, so it is no name.
        "The Ministry's Official Spokesman, Ambassador Sinan Majali, said the Minister would brief the Political "
        "Directors in Amman on 21 June 2023.",
        [("Ambassador Sinan Majali", "The Ministry's Official Spokesman")],
    ),
    # A place or a body before the appositive is no role.
    ("The talks went on. In Baghdad, John Doe, said the Minister would brief the Political Directors.", []),
    (
        # A quotation set below a line that introduces it with a colon, with no verb of saying.
        "Secretary of State Antony Blinken framed it this way:\n\n    “ISIS's territorial caliphate was destroyed "
        "four years ago, but the job is not finished.”\n\nMy take: it is respectable.",
        [("Antony Blinken", "Secretary of State")],
    ),
    (
        # The surname's particle after the titles; "he said" after the quotation is the same person.
        "Saudi Foreign Minister Prince Faisal bin Farhan was blunt about al-Hol:\n\n    “We cannot allow a camp of "
        "more than 50,000 people to become the incubator of terrorists,” he said.",
        [("Faisal bin Farhan", "Saudi Foreign Minister Prince")],
    ),
    # A document introduced with a colon names no titled person.
    ("The Joint Statement reads as follows:\n\n“The Coalition remains united in its resolve to defeat ISIS.”", []),
]


@pytest.mark.parametrize(
    ("text", "found"),
    QUOTES_8,
    ids=[
        "lowercase-title-before-name",
        "pronoun-then-capital",
        "short-phrase-appositive-body",
        "short-phrase-no-speaker",
        "role-appositive-name-said",
        "role-appositive-name-announced",
        "role-appositive-name-said-opening-a-paragraph",
        "place-appositive-name-said",
        "colon-introduced-block",
        "colon-introduced-particle-surname",
        "colon-introduced-document",
    ],
)
def test_quotations_of_unseen8(text: str, found: list[tuple[str, str | None]]) -> None:
    assert [(q.who, q.descriptor) for q in find_quotations(text)] == found


def test_surname_labels_are_the_full_names_the_page_gives(resolver: SpeakerResolver) -> None:
    resolver.read_document("WASHINGTON - Ian McCary, the acting envoy, spoke to correspondent Carla Benson.")
    assert resolver.resolve_label("McCARY", None).speaker.name == "Ian McCary"
    assert resolver.resolve_label("BENSON", None).speaker.name == "Carla Benson"


def test_a_short_mention_takes_the_long_title_run_name_not_a_namesake(resolver: SpeakerResolver) -> None:
    # Seven capitalised words before the name's end, and the Amir sharing its last part.
    resolver.read_document(
        "Opening the meeting, First Deputy Prime Minister and Foreign Minister Sheikh Sabah Khaled Al-Hamad "
        "Al-Sabah said the coalition had turned the tide. The conference is held under the patronage of the "
        "Amir Sheikh Sabah Al-Ahmad Al-Jaber Al-Sabah."
    )
    found = resolver.resolve_name("Sheikh Sabah Al-Khaled", date(2018, 2, 13))
    assert found.speaker.name == "Sabah Khaled Al-Hamad Al-Sabah"
    assert resolver.resolve_name("Al-Sabah", date(2018, 2, 13)).speaker.name == "Sabah Al-Ahmad Al-Jaber Al-Sabah"


def test_a_byline_in_capitals_is_written_as_a_name(resolver: SpeakerResolver) -> None:
    when = date(2017, 12, 9)
    assert resolver.resolve_author("SAMIR HADDAD and LAURA PRICE", when).speaker.name == "Samir Haddad"
    assert resolver.resolve_author("Rachel Kwan", when).speaker.name == "Rachel Kwan"


RECORD = """RECOGNIZING THE GLOBAL COALITION TO DEFEAT ISIS MINISTERIAL

                                 ______


                         HON. ELEANOR V. PRUITT

                             of minnesota

                    in the house of representatives

                        Thursday, March 23, 2017

  Mrs. PRUITT. Mr. Speaker, I rise today to recognize the foreign ministers of the Global Coalition,
who gathered yesterday here in Washington at the invitation of the Secretary of State.
"""


def test_a_record_s_item_is_dated_under_its_member_and_the_turn_takes_the_member_s_full_name(
    resolver: SpeakerResolver,
) -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    cleaned = clean(RECORD)
    parsed = segment(cleaned, None, None, "Recognizing the Global Coalition to Defeat ISIS Ministerial")
    [turn] = [s for s in parsed.segments if s.speaker_source == "label"]
    assert turn.date == date(2017, 3, 23)
    resolver.read_document(cleaned.text)
    assert resolver.resolve_label(turn.speaker_text, turn.date).speaker.name == "Eleanor V. Pruitt"


@pytest.mark.parametrize(
    ("story", "day"),
    [
        ("graduated here Nov. 5, 2019, taught by instructors", date(2019, 11, 7)),  # month first, near the story
        ("graduated here 9 July 2019, taught by instructors", date(2019, 7, 11)),  # day first, near the story
        ("graduated here in 2019, taught by instructors", None),  # nothing to say which number is the month
    ],
)
def test_a_page_dated_only_by_a_dotted_line_takes_the_reading_near_its_story(story: str, day: date | None) -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = f"BESMAYA RANGE COMPLEX, BAGHDAD, IRAQ\n11.07.2019\nStory by Sgt. Mark Delaney\n\n240 soldiers {story}."
    assert segment(clean(text), None, None, None).date == day


@pytest.mark.parametrize(
    ("opening", "speaker"),
    [
        (
            "This summary is issued under the sole responsibility of the Chair, the Minister of Foreign Affairs "
            "and International Cooperation of the Italian Republic, Luigi Di Maio. It is not a negotiated text.",
            ("press_statement", "heading", "Luigi Di Maio"),
        ),
        # a chair's statement that names no Chair stays the members' statement
        (
            "The members of the Coalition met in Rome and agreed on the following.",
            ("joint_statement", "group", "CHAIR'S SUMMARY | MINISTERIAL MEETING OF THE GLOBAL COALITION AGAINST DAESH"),
        ),
    ],
    ids=["chair-named", "no-chair-named"],
)
def test_a_chair_s_summary_is_the_chair_s_statement(opening: str, speaker: tuple[str, str, str | None]) -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = f"CHAIR'S SUMMARY\n\nMINISTERIAL MEETING OF THE GLOBAL COALITION AGAINST DAESH\n\n{opening}"
    [first] = segment(clean(text), "communique", date(2021, 6, 28), "Chair's Summary - Ministerial Meeting").segments
    assert (first.kind, first.speaker_source, first.speaker_text) == speaker


def test_a_feed_item_opening_with_its_page_s_head_is_its_spokesperson_s() -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = (
        "Stabilization Pledges at the Ministerial\n\nOffice of the Spokesperson\n\nFri, 09 Jun 2023 18:41:09 +0000\n\n"
        "PRESS STATEMENT\n\nMATTHEW MILLER, DEPARTMENT SPOKESPERSON\n\nJUNE 9, 2023\n\n"
        "On Thursday in Riyadh, partners pledged more than $601 million for stabilization.\n\n"
        "Secretary's Travel to Saudi Arabia\n\nOffice of the Spokesperson\n\nFri, 02 Jun 2023 20:30:00 +0000\n\n"
        "The Secretary will travel to Jeddah and Riyadh."
    )
    parsed = segment(clean(text), "compilation", None, None)
    assert [(s.speaker_source, s.speaker_text) for s in parsed.segments if s.speaker_source == "heading"] == [
        ("heading", "MATTHEW MILLER, DEPARTMENT SPOKESPERSON")
    ]


def test_a_hansard_fragment_s_roster_names_its_labels(resolver: SpeakerResolver) -> None:
    # The roster's lines as the cleaner leaves them: two joined into one, the label column before the first.
    resolver.read_document(
        "Questioner Linton, Sen Ian (Chair)\nRaynor, Sen Kate\n"
        "Responder Payne, Sen Marise (Minister for Defence) Binskin, ACM Mark (Chief of the Defence Force) "
        "Status Proof\n\nCHAIR: We now move to outcome 1."
    )
    when = date(2017, 10, 25)
    labels = ["CHAIR", "Senator RAYNOR", "Senator Payne", "Air Chief Marshal Binskin"]
    assert [resolver.resolve_label(label, when).speaker.name for label in labels] == [
        "Ian Linton",
        "Kate Raynor",
        "Marise Payne",
        "Mark Binskin",
    ]
    # Prose is no roster: "In Washington, Mr Blinken said" names no one "Washington".
    resolver.read_document("In Washington, Mr Blinken said the Coalition would meet again.")
    assert "Blinken Washington" not in resolver.document_names.values()


def test_a_byline_s_dotted_date_that_only_one_way_is_a_date_dates_the_page() -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = (
        "Turkey urges coalition to take back foreign terrorists\n\nSelin Karaca   |14.11.2019 - Update : 15.11.2019\n\n"
    )
    text += "Turkey's foreign minister on Thursday called on members of the coalition to act."
    assert segment(clean(text), None, None, None).date == date(2019, 11, 14)


def test_a_social_network_post_is_its_author_s() -> None:
    from app.ingest.clean import clean
    from app.ingest.segment import segment

    text = (
        "Articles   People   Learning   Jobs\n\nMette Kjær Lund's Post\n\n  Mette Kjær Lund\n"
        "  Special Envoy for the Global Coalition against Daesh at Ministry of Foreign Affairs of Denmark\n\n"
        "Back in Copenhagen after 48 hours in Riyadh, where ministers of the Global Coalition met on 8 June 2023."
    )
    parsed = segment(clean(text), None, None, None)
    assert parsed.author == "Mette Kjær Lund"
    assert [(s.speaker_source, s.speaker_text) for s in parsed.segments] == [("author", "Mette Kjær Lund")]


def test_a_post_on_an_office_s_account_under_a_person_s_name_is_the_person_s(resolver: SpeakerResolver) -> None:
    when = date(2014, 9, 11)
    assert resolver.resolve_post("Jen Psaki", "@statedeptspox", when).speaker.id == "jen-psaki"
    assert resolver.resolve_post("U.S. Embassy Syria", "@USEmbassySyria", when).speaker.id == "u-s-embassy-syria"
    assert resolver.resolve_post("Department of State", "@StateDept", when).speaker.id == "u-s-department-of-state"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("François Hollande", "francois-hollande"),
        ("Mette Kjær Lund", "mette-kjaer-lund"),
        ("Wang Wenbin", "wang-wenbin"),
    ],
)
def test_ids_spell_accented_names_in_ascii(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_heading_names_a_person_with_accents(resolver: SpeakerResolver) -> None:
    found = resolver.resolve_heading(
        "President François Hollande (unofficial translation)", date(2014, 9, 15), "person"
    )
    assert found is not None and found.speaker.id == "francois-hollande"
