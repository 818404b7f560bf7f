"""Table tests for the clean stage (``app.ingest.clean.clean``)."""

from __future__ import annotations

import random
import re
import textwrap
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.types import Cleaned

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
CORPUS = sorted(SOURCES.glob("*.txt"))
CORPUS_IDS = [p.name[:3] for p in CORPUS]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _corpus(prefix: str) -> str:
    return _read(next(p for p in CORPUS if p.name.startswith(prefix)))


def _assert_offsets_consistent(raw: str, cleaned: Cleaned) -> None:
    offsets = cleaned.offsets
    assert len(offsets) == len(cleaned.text) + 1
    assert all(a < b for a, b in pairwise(offsets))
    assert all(0 <= o <= len(raw) for o in offsets)
    if cleaned.text:
        assert offsets[-1] == offsets[-2] + 1


def test_corpus_is_present() -> None:
    assert len(CORPUS) == 5


# --------------------------------------------------------------------------------------
# Site chrome.
# --------------------------------------------------------------------------------------

CHROME_CASES = [
    pytest.param(
        "Skip to main content\n\nTitle\n\nBody text.",
        "Title\n\nBody text.",
        id="skip-link",
    ),
    pytest.param(
        "UNITED24 - Make a charitable donation in support of Ukraine!\n\n\nTitle\n\nBody text.",
        "Title\n\nBody text.",
        id="donation-banner",
    ),
    pytest.param(
        "Title\n\n7 minutes read time\n\nBody text.\n\n5 min read",
        "Title\n\nBody text.",
        id="read-time",
    ),
    pytest.param(
        "Title\n\nBody text.\n\nRelated Program\n\nThe Islamists\n\n"
        "Learn more about Hamas and how it relates to similarly aligned organizations "
        "throughout the region.   Read more",
        "Title\n\nBody text.",
        id="related-program-trailing-promo",
    ),
    pytest.param(
        "Body.\n\nRelated Program\n\nThis is real analysis that goes on about the coalition at "
        "length, and it is clearly not a promotional teaser because it keeps going on and on.",
        "Body.\n\nRelated Program\n\nThis is real analysis that goes on about the coalition at "
        "length, and it is clearly not a promotional teaser because it keeps going on and on.",
        id="chrome-heading-before-prose-is-kept",
    ),
    pytest.param(
        "Title\n\nBody text.\n\nJoin the GlobalSecurity.org mailing list",
        "Title\n\nBody text.",
        id="mailing-list",
    ),
    pytest.param(
        "Title\n\nBody text.\n\nSubscribe to our newsletter",
        "Title\n\nBody text.",
        id="newsletter",
    ),
    pytest.param(
        "Title\n\nAlso available in\n\n[العربية \\(/ar/policy-analysis/x\\)](/ar/policy-analysis/x) /\n\n"
        "[Farsi \\(/fa/policy-analysis/y\\)](/fa/policy-analysis/y)\n\nBody paragraph.",
        "Title\n\nBody paragraph.",
        id="also-available-in-links",
    ),
    pytest.param(
        "Title\n\nAlso available in\n\nالعربية /\n\nFarsi\n\nBody paragraph.",
        "Title\n\nBody paragraph.",
        id="also-available-in-plain-names",
    ),
    pytest.param(
        "Title\n\nAlso available in: [Arabic](/ar) | [Farsi](/fa)\n\nBody paragraph.",
        "Title\n\nBody paragraph.",
        id="also-available-in-one-line",
    ),
    pytest.param(
        "Title\n\nABOUT THE AUTHORS\n\n\n\n[Matthew Levitt \\(/experts/matthew-levitt\\)](/experts/matthew-levitt)"
        "\n\nMatthew Levitt is the Fromer-Wexler Fellow at The Washington Institute.\n\n\n\n"
        "Brief Analysis\n\nThe real first paragraph.",
        "Title\n\nBrief Analysis\n\nThe real first paragraph.",
        id="author-box-links",
    ),
    pytest.param(
        "Title\n\nAbout the author\n\nJane Doe\n\nJane Doe is a senior fellow at the Institute."
        "\n\nThe real first paragraph.",
        "Title\n\nThe real first paragraph.",
        id="author-box-plain",
    ),
    pytest.param(
        "Body paragraph. ❖\n\nRECOMMENDED\n\n\n\nBRIEF ANALYSIS\n\n[Iran Takes Next Steps](#)\n\n"
        "Feb 11, 2022\n\n◆\nFarzin Nadimi\n\n[\\(/policy-analysis/iran\\)](#)\n\nTOPICS\n\n"
        "Democracy & Reform [\\(/policy-analysis/democracy-reform\\)](#)\n\n"
        "REGIONS & COUNTRIES\n\n[Iraq \\(/policy-analysis/iraq\\)](/policy-analysis/iraq)",
        "Body paragraph.",
        id="recommended-topics-regions-trailing",
    ),
    pytest.param(
        "Body.\n\nEditor's Note: This entry also appears in the U.S. Department of State's "
        "publication on\n\nFor more information:",
        "Body.",
        id="editors-note",
    ),
    pytest.param(
        "Title\n\nBody text.\n\nShare | Print | Email\n\nTweet",
        "Title\n\nBody text.",
        id="share-print-tweet",
    ),
    pytest.param(
        "Title\n\nA teaser sentence.  Read more\n\nAnother line that says read more about it.",
        "Title\n\nA teaser sentence.\n\nAnother line that says read more about it.",
        id="read-more-tail",
    ),
    pytest.param(
        "Title\n\nBody.\n\n◆\n\n❖\n\nMore body.",
        "Title\n\nBody.\n\nMore body.",
        id="lone-glyph-lines",
    ),
    pytest.param(
        "Home > Policy Analysis > Brief Analysis\n\nMenu\n\nTitle\n\nBody text.",
        "Title\n\nBody text.",
        id="breadcrumb-and-menu",
    ),
    pytest.param(
        "[Home](/)\n[About](/about)\n[Contact](/contact)\n\nTitle\n\nBody text.",
        "Title\n\nBody text.",
        id="navigation-link-run",
    ),
    pytest.param(
        "Title\n\nU.S. Defense Department map showing ISIS territory at its peak in 2015.\n\nBody.",
        "Title\n\nU.S. Defense Department map showing ISIS territory at its peak in 2015.\n\nBody.",
        id="image-caption-kept",
    ),
    pytest.param(
        "Title\n\nBody text.\n\n© 2022 The Washington Institute. All rights reserved.",
        "Title\n\nBody text.",
        id="copyright-footer",
    ),
    # an encyclopedia's contents list goes with its heading; section headings stay
    pytest.param(
        "Title\n\nContents [hide]\n- (Top)\n- 1 History\n  - 1.1 Formation\n- 2 Membership\n\nHistory\n\nBody.",
        "Title\n\nHistory\n\nBody.",
        id="contents-list",
    ),
    # a testimony's contents page: dotted leaders and page numbers
    pytest.param(
        "Title\n\nCONTENTS\n\nI. Introduction ........ 2\nII. The Campaign ........ 4\n\nBody.",
        "Title\n\nBody.",
        id="contents-page-with-leaders",
    ),
    # a list of references: titles, authors and dates of other documents
    pytest.param(
        'Body.\n\nReferences [edit]\n\n1. ^ "Five years of the coalition: 79 partners". 26 March 2019.\n'
        "2. ^ Jones, Seth G. (2017). Rolling Back the Islamic State. ISBN 978-0-8330-9748-5.\n\nCategories: Coalitions",
        "Body.\n\nCategories: Coalitions",
        id="references-list",
    ),
    # a brief's notes, numbered without a point (a PDF's superscripts): dropped with their heading
    pytest.param(
        'Body.\n\nNotes\n1 Global Coalition, "Stabilization Fact Sheet," 2018.\n'
        "2 Author interview, Erbil, 14 February 2019.\n\nAbout us",
        "Body.\n\nAbout us",
        id="notes-numbered-without-point",
    ),
    # "Read more" over a trailing list of related titles
    pytest.param(
        "Body.\n\nRead more\n › Coalition marks 10 years since Jeddah communique\n"
        " › Iraq's 2024 budget: Five things to know\n\nTopics: Iraq | ISIS",
        "Body.",
        id="read-more-trailing-titles",
    ),
    # a list of related items under its heading, with more of the page after it
    pytest.param(
        "Body.\n\nRelated releases\n  >  Task Group Taji 5 returns to Australia          4 December 2017\n"
        "  >  Additional $4 million for demining in Mosul          2 October 2017\n\n"
        "Defence acknowledges the Traditional Custodians of Country throughout Australia and their "
        "continuing connection to land.",
        "Body.\n\nDefence acknowledges the Traditional Custodians of Country throughout Australia and their "
        "continuing connection to land.",
        id="related-releases-before-footer",
    ),
    # a wire's related news, each title after ">>" (Markdown would read quotation marks), and its footer
    pytest.param(
        "Body.\n\nRelated News\n  >> KICRI: Over 2,000 companies register for Iraq reconstruction conference"
        "   11/02/2018\n  >> KFAED signs loan agreements worth KD 45 mln with Iraq   12/02/2018\n\n"
        "Kuwait News Agency (KUNA)   |   Shuwaikh, P.O. Box 24063 Safat, 13101 Kuwait   |   Tel: +965 2227 2727",
        "Body.",
        id="related-news-quoted-markers",
    ),
    # a hard-wrapped page's related titles, each as long as a wrapped line: listed, not one paragraph
    pytest.param(
        "The envoy said repatriation works, and 18 countries have taken people back in the last\n"
        "12 months, more than in any year since the caliphate fell and the camps were opened.\n"
        "He said al-Hol still holds tens of thousands of women and children from sixty countries\n"
        "and more.\n\nRelated\n  Nigeria, Burkina Faso Among 4 New Coalition Members in One Year\n"
        "  VOA Extremism Watch: 5 takeaways from the Marrakech ministerial\n\nComments   Print   Email",
        "The envoy said repatriation works, and 18 countries have taken people back in the last 12 months, more "
        "than in any year since the caliphate fell and the camps were opened. He said al-Hol still holds tens of "
        "thousands of women and children from sixty countries and more.",
        id="wrapped-page-related-titles",
    ),
    pytest.param(
        "The Council last issued a press statement on Iraq in March, condemning a\n"
        "terrorist attack in Kirkuk governorate, and it will meet again on the\n"
        "situation in the country before the summer recess, its president said in\n"
        "New York, where the members also heard a briefing on the camps in Syria.\n\n"
        "Related stories\n\n  Al-Hol: UN chief urges repatriation of 10,000 children 'who did nothing'\n"
        "  UNAMI chief: 5 priorities for Iraq in 2023 and the mandate of the mission\n\nCopyright   Privacy",
        "The Council last issued a press statement on Iraq in March, condemning a terrorist attack in Kirkuk "
        "governorate, and it will meet again on the situation in the country before the summer recess, its "
        "president said in New York, where the members also heard a briefing on the camps in Syria.",
        id="related-titles-after-a-blank-line",
    ),
    # a media player's button and a newsletter's counters
    pytest.param("May 12, 2022\n▶ Listen  9 min\n\nBody.", "May 12, 2022\n\nBody.", id="media-player-button"),
    pytest.param("Jun 9, 2023\n♡ 42      💬 7      ↗ Share\n\nBody.", "Jun 9, 2023\n\nBody.", id="engagement-counters"),
    pytest.param(
        "Body.\n\n  READ ALSO: Iraq: 20 years on, a country 'at a crossroads', says UN envoy\n\nMore body.",
        "Body.\n\nMore body.",
        id="read-also-with-its-title",
    ),
    # a printed page's break inside a sentence, and between paragraphs
    pytest.param(
        "and the United Nations\n\n[[Page E378]]\n\nestimates that up to 400,000 more remain.\n\nEnd.\n\n"
        "[Page 12]\n\nThe second part.",
        "and the United Nations estimates that up to 400,000 more remain.\n\nEnd.\n\nThe second part.",
        id="page-break-markers",
    ),
    # the Government Publishing Office's quotation marks
    pytest.param(
        "As Secretary Tillerson told the ministers, ``ISIS has lost about\n62 percent of its territory.''",
        "As Secretary Tillerson told the ministers, “ISIS has lost about\n62 percent of its territory.”",
        id="gpo-quotation-marks",
    ),
    # a news site's most-viewed list and a military site's "MORE LIKE THIS", at the end of the page
    pytest.param(
        "Body.\n\nMost viewed\n  1  Scottish independence: 'No' campaign gains ground in final days\n"
        "  2  Isis beheads British aid worker David Haines\n  3  iPhone 6: 4m orders in 24 hours",
        "Body.",
        id="most-viewed-list",
    ),
    pytest.param(
        "Body.\n\nMORE LIKE THIS\n  Iraqi Counter Terrorism Service completes 3 weeks of urban training",
        "Body.",
        id="more-like-this",
    ),
    # a feed saved as its XML: items as paragraphs, entities as characters, its machinery gone
    pytest.param(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n\txmlns:dc="http://purl.org/dc/elements/1.1/"'
        "\n\t>\n<channel>\n\t<title>Global Coalition &#8211; State</title>\n\t<link>https://www.state.gov</link>\n"
        "\t<sy:updateFrequency>1</sy:updateFrequency>\n<image>\n\t<url>https://x/favicon-32x32.png</url>\n"
        "\t<width>32</width>\n</image>\n\t<item>\n\t\t<title>Stabilization Pledges</title>\n"
        "\t\t<dc:creator><![CDATA[Matthew Miller, Department Spokesperson]]></dc:creator>\n"
        "\t\t<pubDate>Fri, 09 Jun 2023 18:41:09 +0000</pubDate>\n"
        '\t\t<guid isPermaLink="false">https://www.state.gov/?p=417362</guid>\n'
        "\t\t<content:encoded><![CDATA[<p>Partners pledged more than $601&nbsp;million, toward the "
        "Coalition&#8217;s <strong>target</strong>.</p>\n<p>We thank the Kingdom.</p>\n]]></content:encoded>\n"
        "\t\t<slash:comments>0</slash:comments>\n\t</item>\n</channel>\n</rss>",
        "Global Coalition – State\n\nStabilization Pledges\n\nMatthew Miller, Department Spokesperson\n\n"
        "Fri, 09 Jun 2023 18:41:09 +0000\n\nPartners pledged more than $601 million, toward the Coalition’s "
        "target.\n\nWe thank the Kingdom.",
        id="rss-feed-xml",
    ),
    # a trailing list of teasers: titles longer than a promo line, a date at the end
    pytest.param(
        "Body.\n\nMost Read\n1. Custodian of the Two Holy Mosques Receives Written Message from President of "
        "Tajikistan\n2. Saudi Exports Rise 4.2% in October\n* KSrelief Distributes 1,500 Food Baskets in Idlib "
        "and Several Other Districts of Syria's North 1445/5/20",
        "Body.",
        id="trailing-teasers-with-dates",
    ),
]


CHROME_CASES += [
    pytest.param(
        "   [11]Press Statement\n\n   Today [12]Secretary Pompeo met [13]ministers in Brussels.\n\n"
        "References\n\n   1. https://example.org/a\n   2. https://example.org/b\n",
        "Press Statement\n\nToday Secretary Pompeo met ministers in Brussels.",
        id="text-browser-link-numbers-and-their-reference-list",
    ),
    pytest.param(
        "Body text.\n\nTags\n\nBelgium Bureau of Counterterrorism\nGlobal Coalition to Defeat ISIS\n",
        "Body text.",
        id="tags-and-their-lines",
    ),
    pytest.param(
        "First page text.\n\nCongressional Research Service                    1\nThe Report Title\n\n"
        "Second page text.\n\nCongressional Research Service                    2\nThe Report Title\n\n"
        "Third page text.\n",
        "First page text.\n\nSecond page text.\n\nThird page text.",
        id="pdf-page-footers-and-the-running-head-after-each",
    ),
    pytest.param(
        "Body text.\n\nAuthor Contact Information\n\nElena M. Castellano\nSpecialist in Middle Eastern Affairs\n"
        "ecastellano@crs.loc.gov, 7-3781\n",
        "Body text.",
        id="author-contact-information-at-the-end",
    ),
    pytest.param(
        "Body text.\n\n  Next Post\n  Statement from the President on the Earthquakes\n\n  Previous Post\n"
        "  Readout of the 2+2 Committee\n  Meeting\n\nStay Connected\n  Twitter  Instagram  Facebook\n",
        "Body text.",
        id="next-and-previous-post-links",
    ),
    pytest.param(
        "Body text.\n\nSign up for our free Syria Briefing newsletter, delivered 3x a week.\n",
        "Body text.",
        id="newsletter-sign-up-ending-with-a-full-stop",
    ),
    pytest.param(
        "Costs:\n\nTotal       300\nIraq\n\nTotal       200\nIraq\n",
        "Costs:\n\nTotal 300\nIraq\n\nTotal 200\nIraq",
        id="table-rows-with-falling-numbers-are-no-page-footers",
    ),
    pytest.param(
        "Body text.\n\nWoodrow Wilson International Center for Scholars · One Woodrow Wilson Plaza · 1300 "
        "Pennsylvania Ave., NW · Washington, DC 20004-3027 · (202) 691-4000\n",
        "Body text.",
        id="footer-address-ending-with-its-phone",
    ),
    pytest.param(
        "Body text.\n\n## Related Program\n\n[The Islamists](https://example.org/islamists)\n\n"
        '"The Islamists" is a book and website on Islamist movements. [Read more](https://example.org/x)\n',
        "Body text.",
        id="related-list-and-the-blurb-after-it",
    ),
]

PROSE_LOOKALIKES = [
    pytest.param("Japan said it would make a donation of $10 million to the fund.", id="donation-in-prose"),
    pytest.param("Members will get regular e-mail updates on the progress.", id="email-updates-in-prose"),
    pytest.param("Copyright law reform was discussed.", id="copyright-in-prose"),
    pytest.param("We must read more of the evidence before we decide.", id="read-more-in-prose"),
    pytest.param("Also, the ministers will meet again in 2020.", id="also-in-prose"),
    pytest.param("Listen to the ministers: 40 countries have taken back their citizens.", id="listen-in-prose"),
    pytest.param("A page may show <p> and &amp; as written.", id="markup-quoted-in-text"),
    pytest.param("The topics discussed included detention and repatriation of fighters.", id="topics-in-prose"),
    # a heading named like a list of references or contents, with prose after it: kept
    pytest.param("References\n\nThe report cites 40 sources.", id="references-heading-before-prose"),
    pytest.param("Troops[1] arrived in[2] Mosul.[3]", id="three-footnote-marks-are-no-link-numbers"),
    pytest.param("Contents\n\nThe contents of the agreement were not published.", id="contents-heading-before-prose"),
    pytest.param(
        "Related news\nThe ministers discussed related issues at length, and agreed to meet again in Rome next year.",
        id="related-heading-before-prose",
    ),
]


@pytest.mark.parametrize("line", PROSE_LOOKALIKES)
def test_prose_that_looks_like_chrome_is_kept(line: str) -> None:
    raw = f"Title\n\n{line}\n\nBody text."
    assert clean(raw).text == raw


@pytest.mark.parametrize(("raw", "expected"), CHROME_CASES)
def test_chrome_is_removed(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    _assert_offsets_consistent(raw, cleaned)


# --------------------------------------------------------------------------------------
# Markdown.
# --------------------------------------------------------------------------------------

MARKDOWN_CASES = [
    pytest.param("See [the statement](https://state.gov/x) today.", "See the statement today.", id="link"),
    pytest.param(
        'See [the statement](https://state.gov/x "Title") today.', "See the statement today.", id="link-with-title"
    ),
    pytest.param(
        "by [Matthew Levitt \\(/experts/matthew-levitt\\)](/experts/matthew-levitt)",
        "by Matthew Levitt",
        id="escaped-paren-url-in-link-text",
    ),
    pytest.param(
        "some experts [call for repatriation](https://w.org/view/x) (<https://w.org/view/x>), logistical",
        "some experts call for repatriation, logistical",
        id="autolink-after-link",
    ),
    pytest.param(
        "no easy option for [prosecuting these fighters](https://w.org/policy-) (<https://w.org/policy->\n\n"
        "analysis/view/repatriating-western-jihadists-policy), and other practical issues",
        "no easy option for prosecuting these fighters, and other practical issues",
        id="autolink-split-over-blank-line",
    ),
    pytest.param("Text [](#) more.", "Text more.", id="empty-link"),
    pytest.param("Text [\\(/policy-analysis/x\\)](#) more.", "Text more.", id="link-with-only-a-url"),
    pytest.param("Contact <https://state.gov/contact> now.", "Contact now.", id="bare-autolink"),
    pytest.param("See [the report][1] now.", "See the report now.", id="reference-link"),
    pytest.param("See ![a map](map.png) here.", "See here.", id="image-dropped"),
    pytest.param("They **have totaled** it.", "They have totaled it.", id="bold-stars"),
    pytest.param("They __have totaled__ it.", "They have totaled it.", id="bold-underscores"),
    pytest.param("The ISIS *wilayat* (provinces).", "The ISIS wilayat (provinces).", id="em-star"),
    pytest.param("The ISIS _wilayat_ (provinces).", "The ISIS wilayat (provinces).", id="em-underscore"),
    pytest.param(
        "2018 **[national strategy \\(https://x.gov/NSCT.pdf\\)](https://x.gov/NSCT.pdf)** spoke",
        "2018 national strategy spoke",
        id="bold-around-escaped-link",
    ),
    pytest.param("Use `code` here.", "Use code here.", id="inline-code"),
    pytest.param("more than \\$400 million", "more than $400 million", id="escaped-dollar"),
    pytest.param("item \\(a\\) and \\*b\\*", "item (a) and *b*", id="escaped-parens-and-stars"),
    pytest.param("# Title\n\nBody.", "Title\n\nBody.", id="heading-marker"),
    pytest.param("## Sub heading ##\nBody.", "Sub heading\nBody.", id="closed-heading-marker"),
    pytest.param("> quoted line\n> more", "quoted line\nmore", id="blockquote"),
    pytest.param("Above.\n\n---\n\nBelow.", "Above.\n\nBelow.", id="horizontal-rule"),
    pytest.param("Title\n=====\n\nBody.", "Title\n\nBody.", id="setext-underline"),
    pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n| 1 | 2 |", id="table-separator"),
    pytest.param("Body.\n\n[1]: https://x.org/a", "Body.", id="link-definition"),
    pytest.param("file_name_here and 3 * 4 * 5", "file_name_here and 3 * 4 * 5", id="not-emphasis"),
    pytest.param("#CoalitionProgress matters", "#CoalitionProgress matters", id="hashtag-kept"),
]


@pytest.mark.parametrize(("raw", "expected"), MARKDOWN_CASES)
def test_markdown_is_unwrapped(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    _assert_offsets_consistent(raw, cleaned)


# --------------------------------------------------------------------------------------
# Front matter.
# --------------------------------------------------------------------------------------

FRONT_MATTER_CASES = [
    pytest.param(
        "---\ntitle: Joint Statement\ndate: 2019-11-14\n---\nBody text.",
        {"title": "Joint Statement", "date": date(2019, 11, 14)},
        "Body text.",
        id="valid",
    ),
    pytest.param("---\n---\nBody text.", {}, "Body text.", id="empty"),
    pytest.param("---\ntitle: [unclosed\n---\nBody text.", {}, "title: [unclosed\nBody text.", id="bad-yaml-kept"),
    pytest.param("---\njust a sentence\n---\nBody text.", {}, "just a sentence\nBody text.", id="not-a-mapping"),
    pytest.param("Dashes --- then Body text.", {}, "Dashes --- then Body text.", id="none"),
]


@pytest.mark.parametrize(("raw", "front_matter", "text"), FRONT_MATTER_CASES)
def test_front_matter(raw: str, front_matter: dict[str, object], text: str) -> None:
    cleaned = clean(raw)
    assert cleaned.front_matter == front_matter
    assert cleaned.text == text
    start, end = cleaned.raw_span(0, len(cleaned.text))
    assert raw[start:end].endswith("Body text.")


# --------------------------------------------------------------------------------------
# Hard-wrapped text.
# --------------------------------------------------------------------------------------

PARAGRAPH = (
    "Over five years of military and civilian engagement, the Global Coalition to Defeat "
    "ISIS, with its partners, have liberated all of the territory Daesh/ISIS once held in "
    "Iraq and Syria, freeing nearly 7.7 million people from the terrorist group's control."
)
SECOND = (
    "These successes have come at tremendous sacrifice: tens of thousands of local partners "
    "in Syria and Iraq have died while fighting against Daesh/ISIS on the front lines."
)


def _wrapped(*paragraphs: str, width: int = 72) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs)


WRAP_CASES = [
    pytest.param(_wrapped(PARAGRAPH, SECOND), f"{PARAGRAPH}\n\n{SECOND}", id="wrapped-paragraphs-joined"),
    pytest.param(_wrapped(PARAGRAPH, SECOND, width=60), f"{PARAGRAPH}\n\n{SECOND}", id="wrapped-at-60-joined"),
    pytest.param(
        "Michael R. Pompeo, Secretary of State\nNovember 14, 2019\n\n" + _wrapped(PARAGRAPH, SECOND),
        f"Michael R. Pompeo, Secretary of State\nNovember 14, 2019\n\n{PARAGRAPH}\n\n{SECOND}",
        id="byline-and-date-not-joined",
    ),
    pytest.param(
        "Joint Communique by Ministers\nNovember 14, 2019\n\n" + _wrapped(PARAGRAPH, SECOND),
        f"Joint Communique by Ministers\nNovember 14, 2019\n\n{PARAGRAPH}\n\n{SECOND}",
        id="title-and-date-not-joined",
    ),
    pytest.param(
        _wrapped(PARAGRAPH)
        + "\nSECRETARY POMPEO: Well, good morning.\n"
        + textwrap.fill("QUESTION: " + SECOND, 72)
        + "\nMR. PRICE: Thank you.",
        f"{PARAGRAPH}\nSECRETARY POMPEO: Well, good morning.\nQUESTION: {SECOND}\nMR. PRICE: Thank you.",
        id="speaker-labels-not-joined",
    ),
    pytest.param(
        _wrapped(PARAGRAPH) + "\n- first item\n* second item\n1. third item\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n- first item\n* second item\n1. third item\n\n{SECOND}",
        id="list-items-not-joined",
    ),
    pytest.param(
        _wrapped(PARAGRAPH) + "\n| a | b |\n| 1 | 2 |\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n| a | b |\n| 1 | 2 |\n\n{SECOND}",
        id="table-rows-not-joined",
    ),
    pytest.param(
        _wrapped(PARAGRAPH)
        + "\n— The Global Coalition (@coalition) February 13, 2018\n\n"
        + _wrapped(SECOND)
        + "\n― Feb. 13, in a joint statement\n-- Secretary Tillerson",
        f"{PARAGRAPH}\n— The Global Coalition (@coalition) February 13, 2018\n\n{SECOND}\n"
        "― Feb. 13, in a joint statement\n-- Secretary Tillerson",
        id="attribution-lines-not-joined",
    ),
    pytest.param(
        _wrapped(PARAGRAPH) + "\n\n"
        "The coalition will continue its close cooperation with the counter-\n"
        "terrorism finance group and with other multilateral bodies like the UN.\n"
        "It will also support the Iraqi government in the fight against Da'esh.",
        f"{PARAGRAPH}\n\nThe coalition will continue its close cooperation with the "
        "counter-terrorism finance group and with other multilateral bodies like the UN. "
        "It will also support the Iraqi government in the fight against Da'esh.",
        id="hyphen-at-line-end",
    ),
    pytest.param(
        "Short line one\nShort line two\nShort line three\nShort line four",
        "Short line one\nShort line two\nShort line three\nShort line four",
        id="short-lines-not-a-wrapped-document",
    ),
    # a contents entry ends with its page number: the next entry is not its continuation
    pytest.param(
        _wrapped(PARAGRAPH) + "\n\nI. Introduction ................................................... 2\n"
        "II. The Military Campaign in Iraq and Syria ....................... 2\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n\n{SECOND}",
        id="contents-entries-not-joined",
    ),
    # a teaser with its date in a column ends its line: the next teaser is not joined onto it
    pytest.param(
        _wrapped(PARAGRAPH)
        + "\n\n  >  Task Group Taji 5 returns to Australia                          4 December 2017\n"
        "  >  Australia's enduring commitment to Iraq                        14 November 2017\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n\nTask Group Taji 5 returns to Australia 4 December 2017\n"
        f"Australia's enduring commitment to Iraq 14 November 2017\n\n{SECOND}",
        id="dated-teasers-not-joined",
    ),
    # a plain-text table's rows (columns set apart by runs of spaces) are not joined
    pytest.param(
        _wrapped(PARAGRAPH) + "\n\n  Fund / channel                          Pledged     Disbursed\n"
        "  UNDP Funding Facility (Iraq)              1,130           910\n"
        "  Syria stabilization (bilateral)             540           210\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n\nFund / channel Pledged Disbursed\nUNDP Funding Facility (Iraq) 1,130 910\n"
        f"Syria stabilization (bilateral) 540 210\n\n{SECOND}",
        id="plain-table-rows-not-joined",
    ),
    # ... but a wrapped line with one wide gap (two spaces after a full stop) still is
    pytest.param(
        _wrapped(PARAGRAPH) + "\n\nThe ministers met in Rome on Tuesday.   They agreed that the coalition\n"
        "would continue to support the Iraqi security forces in the months ahead.\n\n" + _wrapped(SECOND),
        f"{PARAGRAPH}\n\nThe ministers met in Rome on Tuesday. They agreed that the coalition "
        f"would continue to support the Iraqi security forces in the months ahead.\n\n{SECOND}",
        id="one-gap-line-still-joined",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), WRAP_CASES)
def test_hard_wraps(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    _assert_offsets_consistent(raw, cleaned)


def test_joining_space_maps_to_the_newline() -> None:
    raw = _wrapped(PARAGRAPH)
    cleaned = clean(raw)
    first_break = raw.index("\n")
    space = cleaned.text.index(" ", first_break - 1)
    assert raw[cleaned.offsets[space]] == "\n"


@pytest.mark.parametrize("width", [60, 72, 80])
@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_wrapped_corpus_file_cleans_like_the_original(path: Path, width: int) -> None:
    raw = _read(path)
    wrapped = "\n".join(
        textwrap.fill(line, width, break_long_words=False) if line.strip() else line for line in raw.split("\n")
    )
    assert clean(wrapped).text == clean(raw).text


@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_unwrapped_corpus_keeps_its_line_structure(path: Path) -> None:
    """No two raw lines are joined: each cleaned line comes from one raw line.

    The one exception is 003's URL that was split over a blank line; removing it
    rightly rejoins the sentence around it.
    """
    raw = _read(path)
    cleaned = clean(raw)
    joined: list[str] = []
    pos = 0
    for line in cleaned.text.split("\n"):
        start, end = cleaned.raw_span(pos, pos + len(line))
        if "\n" in raw[start:end]:
            joined.append(line)
        pos += len(line) + 1
    expected = 1 if path.name.startswith("003") else 0
    assert len(joined) == expected
    assert all("prosecuting these fighters, and other" in line for line in joined)


# --------------------------------------------------------------------------------------
# Whitespace.
# --------------------------------------------------------------------------------------

WHITESPACE_CASES = [
    pytest.param("a  b\t\tc", "a b c", id="runs-of-spaces-and-tabs"),
    pytest.param("  a \n b  ", "a\nb", id="lines-stripped"),
    pytest.param("\n\n\na\n\n\n\nb\n\n", "a\n\nb", id="blank-lines-collapsed"),
    pytest.param("a\n \n\t\n \nb", "a\n\nb", id="whitespace-only-lines-are-blank"),
    pytest.param("a\u00a0b", "a b", id="nbsp"),
    pytest.param("a\r\nb\r\n\r\nc", "a\nb\n\nc", id="crlf"),
    pytest.param("a\u200bb", "ab", id="zero-width-space"),
    pytest.param("“We are,” ISIS/Da’esh – done — ok", "“We are,” ISIS/Da’esh – done — ok", id="curly-kept"),
    pytest.param("", "", id="empty"),
    pytest.param(" \n\t\n ", "", id="only-whitespace"),
]


@pytest.mark.parametrize(("raw", "expected"), WHITESPACE_CASES)
def test_whitespace(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    _assert_offsets_consistent(raw, cleaned)


# --------------------------------------------------------------------------------------
# Offsets.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_offsets_round_trip_on_corpus(path: Path) -> None:
    raw = _read(path)
    cleaned = clean(raw)
    _assert_offsets_consistent(raw, cleaned)
    words = [m.span() for m in re.finditer(r"\w+", cleaned.text)]
    rng = random.Random(path.name)
    for a, b in rng.sample(words, min(300, len(words))):
        assert raw[cleaned.offsets[a] : cleaned.offsets[b - 1] + 1] == cleaned.text[a:b]
        start, end = cleaned.raw_span(a, b)
        assert raw[start:end] == cleaned.text[a:b]


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        pytest.param("more than \\$400 million in support", "$400 million", id="escape"),
        pytest.param("it **have totaled** more", "have totaled", id="bold"),
        pytest.param("by [Matthew Levitt \\(/experts/m\\)](/experts/m)", "Matthew Levitt", id="link"),
        pytest.param("Skip to main content\n\nThe\u00a0title", "The title", id="nbsp"),
    ],
)
def test_offsets_round_trip_through_markup(raw: str, phrase: str) -> None:
    cleaned = clean(raw)
    a = cleaned.text.index(phrase)
    start, end = cleaned.raw_span(a, a + len(phrase))
    assert raw[start:end].replace("\u00a0", " ") == phrase


FUZZ_PIECES = [
    *"ab cd\n\n\t*_[]()<>#\\$-—|:!`",
    "https://x.org/a",
    "Read more",
    "❖",
    "\u00a0",
    "\r\n",
    "---\n",
    "Skip to main content",
    "Related Program\n",
    "ABOUT THE AUTHOR\n",
    "[x](y)",
    "(<https://a>)",
    "\\(",
    "QUESTION: ",
]


@pytest.mark.parametrize("seed", range(4))
def test_invariants_on_random_markup(seed: int) -> None:
    """Whatever the input: no exception, offsets consistent, whitespace normalised."""
    rng = random.Random(seed)
    for _ in range(500):
        raw = "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(0, 60)))
        cleaned = clean(raw)
        _assert_offsets_consistent(raw, cleaned)
        text = cleaned.text
        assert all(raw[cleaned.offsets[i]] == ch for i, ch in enumerate(text) if ch not in " \n")
        assert "\n\n\n" not in text
        assert "  " not in text
        assert all(line == line.strip(" ") for line in text.split("\n"))
        assert text == text.strip()


def test_clean_is_deterministic_and_idempotent() -> None:
    for path in CORPUS:
        raw = _read(path)
        first = clean(raw)
        assert clean(raw) == first
        assert clean(first.text).text == first.text


# --------------------------------------------------------------------------------------
# The corpus.
# --------------------------------------------------------------------------------------

MUST_NOT_SURVIVE = [
    "Skip to main content",
    "Related Program",
    "mailing list",
    "UNITED24",
    "RECOMMENDED",
    "ABOUT THE AUTHORS",
    "Also available in",
    "](",
    "\\$",
    "https://",
    "read time",
    "Editor's Note",
]


@pytest.mark.parametrize("needle", MUST_NOT_SURVIVE)
@pytest.mark.parametrize("path", CORPUS, ids=CORPUS_IDS)
def test_chrome_gone_from_corpus(path: Path, needle: str) -> None:
    assert needle not in clean(_read(path)).text


CONTENT = [
    pytest.param("003", "more than $400 million", id="003-dollars"),
    pytest.param("003", "\nby Matthew Levitt\n", id="003-byline"),
    pytest.param("003", "Nov 7, 2019", id="003-date"),
    pytest.param("003", "no easy option for prosecuting these fighters, and other practical", id="003-split-url"),
    pytest.param("003", "Matthew Levitt is The Washington Institute's Fromer-Wexler Fellow", id="003-closing-bio"),
    pytest.param("003", "U.S. Defense Department map showing ISIS territory", id="003-caption"),
    pytest.param("002", "SECRETARY POMPEO:", id="002-speaker"),
    pytest.param("002", "Michael R. Pompeo, Secretary of State\nNovember 14, 2019", id="002-byline-date"),
    pytest.param("001", "— The Global Coalition (@coalition) February 13, 2018", id="001-tweet-attribution"),
    pytest.param("001", "― Feb. 13, in a joint statement", id="001-statement-attribution"),
    pytest.param("000", "November 18, 2019", id="000-date"),
    pytest.param("004", "more than $22.2 billion", id="004-figure"),
]


@pytest.mark.parametrize(("prefix", "phrase"), CONTENT)
def test_content_survives_in_corpus(prefix: str, phrase: str) -> None:
    assert phrase in clean(_corpus(prefix)).text


def test_corpus_003_drops_the_author_box_but_keeps_the_byline() -> None:
    text = clean(_corpus("003")).text
    assert text.startswith("The Counter-ISIS Coalition Has Much to Do After Baghdadi's Death\n\nby Matthew Levitt\n")
    assert "Matthew Levitt is the Fromer-Wexler Fellow" not in text  # the author-box bio
    assert not text.endswith("❖")
    assert "Farsi" not in text


def test_corpus_last_paragraphs_are_content() -> None:
    endings = {
        "000": "financial networks",
        "001": "ministerial meeting",
        "002": "closed session.",
        "004": "stay aggressive in this battle.”",
    }
    for prefix, ending in endings.items():
        last = clean(_corpus(prefix)).text.rsplit("\n\n", 1)[-1]
        assert ending in last, prefix


def test_large_document_is_linear_enough() -> None:
    body = "\n\n".join(_read(p) for p in CORPUS)
    big = "\n\n".join([body] * 30)  # ~2 MB
    cleaned = clean(big)
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    assert cleaned.text.count("SECRETARY POMPEO:") == 30 * clean(body).text.count("SECRETARY POMPEO:")
