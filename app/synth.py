"""A deterministic synthetic corpus, in the formats of the real source pages, for performance work.

Why: the bundled corpus is five documents, far too small to measure how the ingest and the
API behave at scale. ``write_corpus`` writes as many source documents as it takes to hold a
requested number of statements, plus the manifest and the two registries, in exactly the
shapes the real pipeline reads, so a benchmark exercises the real code paths (chrome
removal, segmentation, speaker and meeting resolution, figure extraction, dedupe).

Guarantees:

* **Deterministic.** Everything is drawn from one ``random.Random(seed)``; nothing reads the
  clock, the environment, a locale or hash order. The same arguments give byte-identical
  files.
* **Bounded memory, streaming.** Each document is built, written and dropped; the manifest
  is appended entry by entry. What stays in memory is the vocabulary (a few thousand
  speakers, ~500 meetings) and two small ring buffers of recent texts for reprints.
* **Statements as the ingest counts them.** ``SynthReport.statements`` is exactly the
  requested number: one per transcript turn, one per communiqué, press release and
  analysis, one per attributed quotation in a press release or an analysis (the ingest
  makes those statements too), and one per fresh item of a compilation. Compilations also
  reprint the opening of recent turns and communiqués; the ingest's dedupe merges those
  into the original, so reprints are not counted. Only turns of registered speakers (and
  questions) are reprinted: the ingest names an unregistered speaker from the page it is
  on, so the same label on two pages may become two speakers and the copies would not merge.
  Generated texts are slot-dense for the same reason: dedupe merges one speaker's texts
  that share 80% of their 5-grams, and every question belongs to one speaker (the journalist).
* **Benchmark hooks.** About a quarter of the statements (every fourth, by a running
  quota) contain the exact phrase "foreign terrorist fighters"; no other text does (not
  titles, not compilation introductions, not quotations). ``SynthReport.phrase_statements``
  is the exact count. Money figures are mostly millions of dollars, so "USD above a
  billion" matches only a small fraction of the figures.

Formats imitated (see ``data/sources``): transcripts (title, "Name, Role" byline, date line,
turns opened by upper-case labels), joint communiqués, feed-style press releases with an
RFC 2822 date and read-time / mailing-list chrome, analyses ("by Author", "Nov 7, 2019",
ALL-CAPS subheadings, author box, recommended links) and compilations (editorial
introduction, dated items, "Related Program" promo). Every paragraph of prose ends with
sentence punctuation and no heading does, because that is how the segmenter tells them
apart. Prose never contains a colon (it would read as a speaker label), never starts with
a dash (an attribution line) or with "By" (a byline).

Vocabulary: ~2,000 synthetic people (officials with dated roles, and analysts) plus real ones
(Pompeo, Tillerson, Blinken, Kerry, Stoltenberg, Le Drian), each with a unique surname so a
label such as "MINISTER VALOGLU" names one person; about half of the synthetic people are
written to ``speakers.yaml``. 500 meetings (2014-2024, unique dates, one per city and
format, in cities the ingest's gazetteer knows); 80% are written to ``meetings.yaml``, the
rest the ingest creates from the text. A document about a meeting is dated that day and
names its city in the title ("... Ministerial in Rome").

Files go to ``out/sources/NNNN/`` in folders of 1,000, so no directory grows huge.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

__all__ = ["SynthReport", "write_corpus"]

FILES_PER_FOLDER = 1000
PHRASE = "foreign terrorist fighters"
PHRASE_SHARE = 4  # one statement in PHRASE_SHARE carries the phrase
SYNTHETIC_OFFICIALS = 1750
SYNTHETIC_ANALYSTS = 250
MEETINGS = 500
REGISTERED_MEETING_SHARE = 0.8
FIRST_DAY = date(2014, 9, 1)
LAST_DAY = date(2024, 12, 31)


@dataclass(frozen=True)
class SynthReport:
    """What ``write_corpus`` wrote. ``statements`` and ``figures`` are what the ingest should find."""

    documents: int
    statements: int
    speakers: int
    meetings: int
    figures: int
    phrase_statements: int = 0
    registered_speakers: int = 0
    registered_meetings: int = 0
    bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------------ vocabulary tables

CITIES: tuple[tuple[str, str], ...] = (
    ("Rome", "Italy"), ("Paris", "France"), ("Washington", "United States"), ("Kuwait City", "Kuwait"),
    ("Brussels", "Belgium"), ("London", "United Kingdom"), ("Berlin", "Germany"), ("Madrid", "Spain"),
    ("Baghdad", "Iraq"), ("Amman", "Jordan"), ("Ankara", "Turkey"), ("Riyadh", "Saudi Arabia"),
    ("Abu Dhabi", "United Arab Emirates"), ("Doha", "Qatar"), ("Cairo", "Egypt"), ("Tunis", "Tunisia"),
    ("Rabat", "Morocco"), ("Nairobi", "Kenya"), ("Abuja", "Nigeria"), ("Dakar", "Senegal"),
    ("Niamey", "Niger"), ("Ottawa", "Canada"), ("Canberra", "Australia"), ("Tokyo", "Japan"),
    ("Seoul", "South Korea"), ("Oslo", "Norway"), ("Stockholm", "Sweden"), ("Copenhagen", "Denmark"),
    ("Helsinki", "Finland"), ("The Hague", "Netherlands"), ("Vienna", "Austria"), ("Warsaw", "Poland"),
    ("Prague", "Czech Republic"), ("Lisbon", "Portugal"), ("Athens", "Greece"), ("Budapest", "Hungary"),
    ("Bucharest", "Romania"), ("Sofia", "Bulgaria"), ("Dublin", "Ireland"), ("Bern", "Switzerland"),
    ("Manama", "Bahrain"), ("Muscat", "Oman"), ("Beirut", "Lebanon"), ("Erbil", "Iraq"),
    ("Islamabad", "Pakistan"), ("New Delhi", "India"), ("Jakarta", "Indonesia"), ("Kuala Lumpur", "Malaysia"),
    ("Manila", "Philippines"), ("Singapore", "Singapore"), ("Wellington", "New Zealand"),
    ("Mexico City", "Mexico"), ("Buenos Aires", "Argentina"), ("Lima", "Peru"), ("Santiago", "Chile"),
    ("Marrakesh", "Morocco"), ("Munich", "Germany"), ("Istanbul", "Turkey"), ("Dubai", "United Arab Emirates"),
    ("Jeddah", "Saudi Arabia"), ("Nouakchott", "Mauritania"), ("Addis Ababa", "Ethiopia"),
    ("Kampala", "Uganda"), ("Kigali", "Rwanda"), ("Tbilisi", "Georgia"), ("Kyiv", "Ukraine"),
    ("Tallinn", "Estonia"), ("Riga", "Latvia"), ("Vilnius", "Lithuania"), ("Ljubljana", "Slovenia"),
    ("Zagreb", "Croatia"), ("Sarajevo", "Bosnia and Herzegovina"), ("Skopje", "North Macedonia"),
    ("Tirana", "Albania"), ("Valletta", "Malta"), ("Nicosia", "Cyprus"), ("Luxembourg", "Luxembourg"),
    ("Bratislava", "Slovakia"), ("Baku", "Azerbaijan"), ("Sydney", "Australia"), ("Toronto", "Canada"),
    ("Naples", "Italy"), ("Milan", "Italy"), ("Lyon", "France"), ("Hamburg", "Germany"),
    ("Barcelona", "Spain"), ("Rotterdam", "Netherlands"), ("Accra", "Ghana"), ("Lagos", "Nigeria"),
    ("Bangkok", "Thailand"), ("Casablanca", "Morocco"), ("Pristina", "Kosovo"), ("Podgorica", "Montenegro"),
    ("Chisinau", "Moldova"), ("Colombo", "Sri Lanka"), ("Algiers", "Algeria"), ("Bamako", "Mali"),
    ("Ouagadougou", "Burkina Faso"), ("Tashkent", "Uzbekistan"), ("Belgrade", "Serbia"), ("Bishkek", "Kyrgyzstan"),
)  # fmt: skip

COUNTRIES: tuple[str, ...] = tuple(sorted({c for _, c in CITIES} | {"Iceland", "Panama", "Somalia", "Chad"}))

FORMATS: tuple[tuple[str, str], ...] = (
    ("full_ministerial", "Global Coalition to Defeat ISIS Ministerial in {city}"),
    ("small_group_ministerial", "Global Coalition to Defeat ISIS Small Group Ministerial in {city}"),
    ("working_group", "Counter ISIS Finance Group Meeting in {city}"),
    ("conference", "International Stabilization Conference in {city}"),
    ("summit", "Global Coalition Leaders' Summit in {city}"),
)


def _names(text: str) -> tuple[str, ...]:
    """Word lists written as one string, to keep the tables short."""
    return tuple(text.split())


FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    (name, "f") for name in _names(
        "Karin Sofia Amira Nadia Elena Ingrid Marta Leila Anna Maria Claire Hanne Yasmin Laura Petra Olga "
        "Rania Helen Julia Noor Ewa Lucia Sara Irene Mariam Astrid Beatriz Catherine Dalia Fatima Greta "
        "Hiba Ines Joanna Katarzyna Linnea Mona Nora Paula Rasha Silvia Tamar Ulla Vera Zeynep"
    )
) + tuple(
    (name, "m") for name in _names(
        "Ahmed Lars Marco Omar Piotr Jonas Karim Stefan Tomas Youssef Andreas Bruno Carlos Daniel Emil Farid "
        "Georg Hassan Ivan Jan Khalid Luca Mehmet Niels Oscar Pablo Rashid Samir Thomas Viktor Walid Adam "
        "Benoit Dimitri Erik Filip Hamza Igor Jakob Kemal Leon Mikael Nabil Osman Rafael Sami Tariq Yusuf"
    )
)  # fmt: skip
ARABIC_FIRST = frozenset(
    _names(
        "Amira Nadia Leila Yasmin Rania Noor Mariam Dalia Fatima Hiba Mona Rasha Ahmed Omar Karim "
        "Youssef Farid Hassan Khalid Rashid Samir Walid Hamza Nabil Osman Sami Tariq Yusuf"
    )
)
SURNAME_ROOTS = _names(
    "Abr Bal Cer Dal Est Fin Gal Hart Iv Jan Kar Lind Mor Nov Orl Pet Ros Sten Tal Urb Vel Wil Yas Zor Ber Cal "
    "Dor Fer Gor Hal Kov Lar Mar Nor Pal Ral Sal Tor Val Bran Cas Dres Eld Fal Gren Hol Kes Lom Mel Nad Ost "
    "Pran Quin Riv Sard Tem Ven Wes Zan Adl Bel Cor Dun Ens Fros Gar Hen Jor Kel Lun"
)
SURNAME_SUFFIXES = _names(
    "ani enko sson ez elli ov ides oglu berg mann ard ini escu ovic ski ero ova ay ou in strom eau ic aki stad "
    "holm ier ado etti uk an ssen isch ley ton"
)
OUTLETS = (
    "Reuters", "Agence France-Presse", "the Associated Press", "Al Arabiya", "Al Jazeera", "the BBC", "Rudaw",
    "Kurdistan 24", "Asharq Al-Awsat", "Deutsche Welle", "NHK", "Anadolu Agency", "The National", "ANSA",
    "El Pais", "Le Monde", "Bloomberg", "Voice of America", "Sky News Arabia", "Radio Free Europe",
)  # fmt: skip
THINK_TANKS = (
    "The Washington Institute for Near East Policy", "European Council on Foreign Relations", "Chatham House",
    "International Crisis Group", "Atlantic Council", "Wilson Center", "Royal United Services Institute",
    "Middle East Institute", "Carnegie Endowment for International Peace", "Brookings Institution",
    "Center for Strategic and International Studies", "International Institute for Strategic Studies",
)  # fmt: skip
ORGANIZATIONS = (
    "the League of Arab States",
    "the Organisation of Islamic Cooperation",
    "INTERPOL",
    "the Global Counterterrorism Forum",
    "the European External Action Service",
)


@dataclass(frozen=True)
class _RoleKind:
    role: str  # with {country} / {org}
    heading: str  # title before the name in a heading ("Foreign Minister")
    label: str  # title in a speaker label ("MINISTER"); "" = Mr./Ms.
    weight: int


ROLE_KINDS = (
    _RoleKind("Minister of Foreign Affairs of {country}", "Foreign Minister", "MINISTER", 35),
    _RoleKind("Minister of Defence of {country}", "Defence Minister", "MINISTER", 10),
    _RoleKind("Deputy Minister of Foreign Affairs of {country}", "Deputy Foreign Minister", "DEPUTY MINISTER", 10),
    _RoleKind("Ambassador of {country} to the Global Coalition", "Ambassador", "AMBASSADOR", 14),
    _RoleKind(
        "Special Envoy of {country} for the Global Coalition to Defeat ISIS", "Special Envoy", "SPECIAL ENVOY", 10
    ),
    _RoleKind("Secretary General of {org}", "Secretary General", "SECRETARY GENERAL", 3),
    _RoleKind("Under Secretary for Political Affairs of {country}", "Under Secretary", "UNDER SECRETARY", 7),
    _RoleKind("Chief of Defence of {country}", "General", "GENERAL", 5),
    _RoleKind("Spokesperson of the Ministry of Foreign Affairs of {country}", "Spokesperson", "", 6),
)


@dataclass(frozen=True)
class _Role:
    role: str
    heading: str
    label: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class _Person:
    name: str  # "Karin Valoglu"
    surname: str
    gender: str
    organization: str
    roles: tuple[_Role, ...]
    registered: bool
    analyst: bool = False
    aliases: tuple[str, ...] = ()

    def role_on(self, when: date) -> _Role | None:
        for role in self.roles:
            if (role.start is None or role.start <= when) and (role.end is None or when < role.end):
                return role
        return None

    def label(self, role: _Role) -> str:
        title = role.label or ("MS." if self.gender == "f" else "MR.")
        return f"{title} {self.surname.upper()}"


@dataclass(frozen=True)
class _Meeting:
    id: str
    name: str
    day: date
    city: str
    country: str
    format: str
    participants: int | None
    registered: bool


def _person(
    name: str,
    surname: str,
    org: str,
    roles: Sequence[tuple[str, str, str, date | None, date | None]],
    aliases: Sequence[str],
    gender: str = "m",
) -> _Person:
    return _Person(name, surname, gender, org, tuple(_Role(*r) for r in roles), True, False, tuple(aliases))


STATE = "U.S. Department of State"
REAL_PEOPLE: tuple[_Person, ...] = (
    _person("Michael R. Pompeo", "Pompeo", STATE,
            [("Secretary of State", "Secretary", "SECRETARY", date(2018, 4, 26), date(2021, 1, 20))],
            ["Mike Pompeo", "Secretary Pompeo", "Secretary Michael R. Pompeo", "Michael Pompeo",
             "Secretary of State Mike Pompeo", "Secretary of State Michael R. Pompeo"]),
    _person("Rex W. Tillerson", "Tillerson", STATE,
            [("Secretary of State", "Secretary", "SECRETARY", date(2017, 2, 1), date(2018, 3, 31))],
            ["Rex Tillerson", "Secretary Tillerson", "Secretary of State Rex Tillerson",
             "Secretary of State Rex W. Tillerson", "SecTillerson"]),
    _person("Antony J. Blinken", "Blinken", STATE,
            [("Secretary of State", "Secretary", "SECRETARY", date(2021, 1, 26), date(2025, 1, 20))],
            ["Antony Blinken", "Tony Blinken", "Secretary Blinken", "Secretary of State Antony J. Blinken"]),
    _person("John F. Kerry", "Kerry", STATE,
            [("Secretary of State", "Secretary", "SECRETARY", date(2013, 2, 1), date(2017, 1, 20))],
            ["John Kerry", "Secretary Kerry", "Secretary of State John Kerry"]),
    _person("Jens Stoltenberg", "Stoltenberg", "NATO",
            [("Secretary General of NATO", "Secretary General", "SECRETARY GENERAL", date(2014, 10, 1),
              date(2024, 10, 1))],
            ["Secretary General Stoltenberg", "NATO Secretary General Jens Stoltenberg",
             "NATO Secretary General Stoltenberg"]),
    _person("Jean-Yves Le Drian", "Le Drian", "Ministry for Europe and Foreign Affairs of France",
            [("Minister for Europe and Foreign Affairs", "Minister", "MINISTER", date(2017, 5, 17),
              date(2022, 5, 20))],
            ["Le Drian", "Minister Le Drian"]),
)  # fmt: skip

# ---------------------------------------------------------------------------- text pieces
# Lists a template slot draws from. Sentence-initial slots are capitalised lists.

SLOTS: dict[str, tuple[str, ...]] = {
    "Subj": (
        "We",
        "Coalition partners",
        "Coalition members",
        "Our governments",
        "All members of this Coalition",
        "Our partners in the region",
        "Our diplomats and military advisers",
        "Local partner forces",
        "The Iraqi Security Forces and the Peshmerga",
        "Civilian agencies across the Coalition",
        "Law enforcement agencies",
        "Our working groups",
        "International organizations and NGOs",
        "Donor governments",
        "The members of the Small Group",
    ),
    "subj": (
        "we",
        "Coalition partners",
        "Coalition members",
        "our governments",
        "all members of this Coalition",
        "our partners in the region",
        "local partner forces",
        "civilian agencies across the Coalition",
        "law enforcement agencies",
        "donor governments",
        "the working groups of the Coalition",
        "the Iraqi authorities",
        "regional governments",
        "our military commanders",
        "UN agencies",
    ),
    "Subj3": (
        "Coalition members",
        "European governments",
        "Donor countries",
        "Coalition planners",
        "Partner forces on the ground",
        "Allied capitals",
        "Regional governments",
        "Western officials",
        "Iraqi officials",
        "Kurdish authorities",
        "Gulf donors",
        "Humanitarian agencies",
        "Coalition partners",
    ),
    "subj3": (
        "coalition members",
        "European governments",
        "donor countries",
        "coalition planners",
        "partner forces on the ground",
        "allied capitals",
        "regional governments",
        "Western officials",
        "Iraqi officials",
        "Kurdish authorities",
        "Gulf donors",
        "humanitarian agencies",
        "coalition partners",
    ),
    "Adv3": (
        "At the same time",
        "Yet",
        "In recent months",
        "Despite these gains",
        "Across the region",
        "Still",
        "In many places",
        "Meanwhile",
        "For now",
    ),
    "Ithink": (
        "We know that",
        "Let me be clear,",
        "I am convinced that",
        "I believe that",
        "Make no mistake,",
    ),
    "Ithink_joint": (
        "We recognize that",
        "We reaffirm that",
        "We are convinced that",
        "We underline that",
        "We stress that",
    ),
    "modal": (
        "must",
        "will",
        "should",
        "will continue to",
        "must continue to",
        "are determined to",
        "need to",
        "have pledged to",
        "are ready to",
        "intend to",
        "remain committed to",
        "will redouble efforts to",
    ),
    "verb": (
        "support",
        "strengthen",
        "expand",
        "sustain",
        "coordinate",
        "accelerate",
        "deepen",
        "reinforce",
        "fund",
        "protect",
        "prioritize",
        "scale up",
        "invest in",
        "champion",
        "broaden",
        "safeguard",
    ),
    "obj": (
        "stabilization programs",
        "the safe and voluntary return of displaced families",
        "demining operations",
        "inclusive local governance",
        "the rule of law",
        "civilian police training",
        "efforts to counter ISIS propaganda online",
        "information sharing between law enforcement agencies",
        "the reconstruction of schools and clinics",
        "programs that restore water and electricity",
        "border security cooperation",
        "community reconciliation initiatives",
        "rehabilitation programs",
        "the prosecution of ISIS members",
        "support for survivors of ISIS atrocities",
        "the clearance of explosive remnants of war",
        "humanitarian access",
        "counter-finance measures",
        "livelihood programs for young people",
        "the reopening of hospitals",
        "the training of prison staff",
        "strategic communications",
        "the protection of religious and ethnic minorities",
        "the documentation of ISIS crimes",
        "the capacity of partner security forces",
    ),
    "where": (
        "in liberated areas of Iraq",
        "in northeast Syria",
        "across the Sahel",
        "in West Africa",
        "in Anbar and Nineveh",
        "in the Lake Chad Basin",
        "along the Syrian border",
        "in Afghanistan",
        "in the southern Philippines",
        "in northern Mozambique",
        "in Somalia",
        "in Libya",
        "in Mosul",
        "in Raqqa and Deir ez-Zor",
        "in the camps of northeast Syria",
        "across the Middle East",
        "in Central Africa",
        "in the Sinai",
        "in Kirkuk and Salah ad-Din",
        "in the Euphrates valley",
        "in the Middle Euphrates River Valley",
        "in the Levant",
        "in Tal Afar",
        "across the region",
    ),
    "time_adv": (
        "in the months ahead",
        "this year",
        "without delay",
        "over the long term",
        "in the coming year",
        "as a matter of urgency",
        "for as long as it takes",
        "before the next ministerial",
        "in close coordination with one another",
        "with renewed energy",
    ),
    "Adv": (
        "Today",
        "At the same time",
        "Yet",
        "Even now",
        "In recent months",
        "Despite these gains",
        "As we meet here",
        "Without continued attention",
        "Across the region",
        "Make no mistake",
        "Still",
        "Right now",
        "In many places",
    ),
    "threat": (
        "ISIS",
        "Daesh",
        "ISIS and its affiliates",
        "the remnants of ISIS",
        "ISIS branches and networks",
        "the group's regional affiliates",
        "ISIS cells in the desert",
        "ISIS recruiters",
        "the so-called provinces of ISIS",
        "ISIS financiers",
    ),
    "threat_verb": (
        "will try to exploit",
        "can still exploit",
        "may seek to exploit",
        "could yet exploit",
        "will not hesitate to exploit",
        "would be quick to exploit",
        "will continue to exploit",
    ),
    "where_terr": (
        "in Iraq and Syria",
        "in Iraq",
        "in Syria",
        "in northeast Syria",
        "in the Euphrates valley",
        "in Anbar and Nineveh",
        "in Raqqa and Deir ez-Zor",
        "in western Iraq",
    ),
    "threat_obj": (
        "seams between security forces",
        "the grievances of local communities",
        "gaps in border security",
        "weak governance",
        "social media platforms",
        "overcrowded detention facilities",
        "ungoverned spaces",
        "the slow pace of reconstruction",
        "unpaid salaries and unemployment",
        "sectarian tensions",
        "informal money transfer networks",
        "the chaos of civil conflict",
    ),
    "claim": (
        "the military defeat of ISIS is not the same as its enduring defeat",
        "stabilization is the best insurance against a resurgence",
        "no single country can defeat this threat alone",
        "prevention is better than intervention",
        "our unity of purpose remains our greatest strength",
        "the fight against ISIS is a long-term test of will",
        "local ownership is the key to lasting security",
        "accountability for ISIS crimes is essential to reconciliation",
        "the threat has shifted but it has not disappeared",
        "returning families need jobs as much as they need security",
        "the ideology of ISIS must be defeated online as well as on the ground",
        "burden sharing makes this Coalition stronger",
        "civilian and military efforts must go hand in hand",
        "we cannot allow the gains of recent years to slip away",
        "the Coalition is far more than a military alliance",
    ),
    "past": (
        "local forces retook Mosul after a long and difficult campaign",
        "the Coalition launched its campaign against ISIS",
        "the last territory held by ISIS was liberated at Baghuz",
        "our partners began to return control of liberated towns to civilian authorities",
        "the Coalition expanded its focus to West Africa and the Sahel",
        "the working groups agreed on new guiding principles",
        "Iraqi forces declared victory over ISIS",
        "the Counter ISIS Finance Group was established",
        "donors agreed to fund the stabilization facility for Iraq",
        "the Coalition welcomed new members from Africa",
    ),
    "year": tuple(str(y) for y in range(2014, 2025)),
    "resolution": ("2170", "2178", "2199", "2249", "2253", "2254", "2368", "2396", "2462", "2482"),
    "aid": (
        "humanitarian assistance",
        "stabilization assistance",
        "humanitarian and stabilization assistance",
        "demining support",
        "economic support",
        "early recovery funding",
        "development assistance",
        "support for displaced families",
    ),
    "for_where": (
        "for Iraq and Syria",
        "for liberated areas",
        "for northeast Syria",
        "for the Iraqi people",
        "for communities in the Sahel",
        "since the start of the crisis",
        "in recent years",
        "this year alone",
        "for the Funding Facility for Stabilization",
    ),
    "have_given": (
        "have provided",
        "have pledged",
        "have contributed",
        "have committed",
        "have delivered",
        "have raised",
        "announced",
    ),
    "partners": (
        "our Iraqi partners",
        "the Peshmerga",
        "local Syrian partners",
        "partner forces in the Sahel",
        "the Iraqi Security Forces",
        "border guards in the region",
    ),
    "people": (
        "people",
        "civilians",
        "Iraqis",
        "Syrians",
        "internally displaced persons",
        "refugees",
        "children",
        "displaced Iraqis",
        "residents",
    ),
    "people_done": (
        "have returned to their homes",
        "have been freed from the tyranny of ISIS",
        "now have access to clean water",
        "have received emergency assistance",
        "are back in school",
        "remain displaced",
        "still depend on humanitarian aid",
    ),
    "ftf_adj": ("", "thousands of ", "many ", "remaining "),
    "ftf_verb": ("prosecute", "repatriate", "rehabilitate", "track", "investigate", "try"),
    "ftf_where": (
        "who remain in custody in northeast Syria",
        "in accordance with international law",
        "and their families held in the camps",
        "who seek to travel to new theaters",
        "whose countries of origin have yet to act",
        "who have returned to Europe",
    ),
    "Thanks": (
        "Thank you",
        "Thank you very much",
        "Thanks",
        "Thank you so much",
        "Good afternoon",
        "Thank you for taking my question",
    ),
    "q_intro": (
        "Can you tell us whether",
        "Could you explain how",
        "Do you believe that",
        "Is it realistic to expect that",
        "Are you confident that",
        "Can you say whether",
    ),
    "q_topic": (
        "the detention camps",
        "the withdrawal of troops",
        "the funding shortfall",
        "the situation in the Sahel",
        "the repatriation debate",
        "the role of Turkey",
        "the future of the Coalition",
        "reconstruction in Mosul",
    ),
    "audience": (
        "the families in the camps",
        "your European partners",
        "the government in Baghdad",
        "people who fled the fighting",
        "critics of the Coalition",
        "your own voters",
    ),
    "say": ("said", "declared", "warned", "noted", "stressed", "emphasized"),
    "deserve": (
        "security and dignity",
        "a government that serves all citizens",
        "the chance to rebuild their lives",
        "justice for the crimes committed against them",
        "schools, hospitals and jobs",
    ),
}

YEARS = SLOTS["year"]
_TEMPLATE_SLOT = re.compile(r"\{(#?)(\w+)\}")

# Plain sentences: no figures, no colons, never starting with "By" or a dash.
PLAIN = (
    "{Subj} {modal} {verb} {obj} {where}.",
    "{Subj} {modal} {verb} {obj} and {obj} {time_adv}.",
    "{Adv}, {threat} {threat_verb} {threat_obj} {where}.",
    "{Adv}, {threat} {threat_verb} {threat_obj}, and {subj} {modal} {verb} {obj}.",
    "Without {obj}, {threat} will try to exploit {threat_obj} {where}.",
    "In {year}, {past}.",
    "Since {year}, {subj} have worked to {verb} {obj} {where}.",
    "This is why {subj} {modal} {verb} {obj} in accordance with UN Security Council Resolution {resolution}.",
    "{Subj} {modal} also {verb} {obj} in line with UNSCR {resolution}.",
    "{Ithink} {claim}.",
    "Experience {where} shows that {claim}.",
    "The people {where} deserve {deserve}.",
    "{Subj} {modal} {verb} {obj} {where} {time_adv}.",
    "It is essential that {subj} {verb} {obj} {where}.",
    "{Adv}, {claim}.",
    "That is why {obj} {where} must remain a priority {time_adv}.",
    "We welcome the work of {partners} to {verb} {obj}.",
    "None of this would be possible without {partners}, and {subj} {modal} {verb} {obj}.",
    "Our work {where} has taught us that {claim}.",
    "{Subj} {modal} {verb} {obj}, because {claim}.",
)

# Plain sentences of an article or a press release: third person, no "I" or "we".
PLAIN_THIRD = (
    "{Subj} {modal} {verb} {obj} {where}.",
    "{Adv}, {threat} {threat_verb} {threat_obj} {where}.",
    "Without {obj}, {threat} will try to exploit {threat_obj} {where}.",
    "In {year}, {past}.",
    "Since {year}, {subj} have worked to {verb} {obj} {where}.",
    "Officials argue that {claim}.",
    "Experience {where} shows that {claim}.",
    "The lesson {where} is that {claim}.",
    "Critics warn that {threat} {threat_verb} {threat_obj} {where}.",
    "{Subj} {modal} {verb} {obj} in line with UNSCR {resolution}.",
    "The agenda includes {obj} {where} and {obj}.",
    "{Subj} {modal} {verb} {obj}, because {claim}.",
    "Much depends on whether {subj} {verb} {obj} {time_adv}.",
    "It remains unclear whether {subj} {modal} {verb} {obj} {where}.",
    "{Adv}, {subj} {modal} {verb} {obj} {time_adv}.",
)

# Figure sentences, with the number of figures each carries.
FIGURES: tuple[tuple[str, int], ...] = (
    ("{Subj} {have_given} {#money} in {aid} {for_where}.", 1),
    ("Since {year}, {subj} {have_given} {#money} in {aid} {for_where}.", 1),
    ("The Coalition campaign has liberated {#people_n} {people} from the control of ISIS.", 1),
    ("To date, {#people_n} {people} {people_done} {where}.", 1),
    ("At its peak, ISIS controlled {#area} of territory {where_terr}.", 1),
    ("{Subj} {modal} {verb} {obj} after training {#personnel}.", 1),
    ("Today the Coalition brings together {#countries} and {#orgs}.", 2),
    ("Today, {#percent} of the territory once held by ISIS {where_terr} has been liberated.", 1),
    ("Coalition members have donated {#mass} of military equipment to {partners}.", 1),
    ("{Subj} {have_given} funding for {#projects} in {#towns} {where}.", 2),
    ("{Adv}, {#people_n} {people} remain displaced {where}, and {#money} is still needed for {obj}.", 2),
    ("The Funding Facility for Stabilization still faces a shortfall of {#money}.", 1),
    ("Last year alone, {subj} cleared {#area} of explosive hazards {where}.", 1),
    ("Approximately {#people_bare} Syrians and {#people_bare} Iraqis {people_done} {where}.", 2),
    ("{Subj} {have_given} an additional {#money_exact} {for_where}.", 1),
    ("Tens of thousands of {people} {people_done} {where}.", 1),
)

# Sentences with the benchmark phrase; figures counted as above.
PHRASED: tuple[tuple[str, int], ...] = (
    ("Coalition members must take back the {ftf_adj}foreign terrorist fighters in custody and impose "
     "accountability for their crimes.", 0),
    ("At its peak, ISIS attracted {#ftf_n} foreign terrorist fighters from {#ftf_countries}.", 2),
    ("There remain a considerable number of foreign terrorist fighters and their families {where}.", 0),
    ("{Subj} {modal} {ftf_verb} foreign terrorist fighters {ftf_where}.", 0),
    ("The return of foreign terrorist fighters {where} remains a serious concern for {subj}.", 0),
    ("Information sharing on foreign terrorist fighters has improved, and {subj} {modal} {verb} {obj}.", 0),
)  # fmt: skip

# Every question carries several independent slots: all questions share one speaker (the
# journalist), and the ingest's dedupe merges a speaker's texts that share most of their 5-grams.
QUESTIONS = (
    "{q_intro} {subj} {modal} {verb} {obj} {where}?",
    "And on {q_topic}, what is your message to {audience} {where}?",
    "How do you respond to critics who say that {subj} {modal} {verb} {obj} {time_adv}?",
    "What will change {time_adv} for {audience} {where}?",
    "{q_intro} {threat} {threat_verb} {threat_obj} {where}?",
    "What does {q_topic} mean for {obj} {where}?",
    "Has enough been done on {obj} {where}, and what more can {subj} do {time_adv}?",
)

QUOTES = (
    "{claim}, and {subj} {modal} {verb} {obj} {where}",
    "{Subj} {modal} {verb} {obj} {where} {time_adv}",
    "{Adv}, {threat} {threat_verb} {threat_obj}, so {subj} {modal} {verb} {obj}",
)

OPENINGS = (
    "Well, good morning, everyone. Welcome.",
    "Good afternoon, and thank you all for being here.",
    "Thank you, and welcome to all of our partners.",
    "Good morning. It is an honor to be with you today.",
    "Thank you very much, and good evening to everyone.",
)

COMMUNIQUE_OPENERS = (
    "We, Ministers of Foreign Affairs of the Global Coalition to Defeat ISIS, met {on_day} in {city} and "
    "reaffirmed our common resolve to ensure the enduring defeat of Daesh/ISIS.",
    "We, the Foreign Ministers and principals of the Global Coalition, have come together in {city} united in "
    "our determination to defeat ISIS/Da’esh through a focused, sustained, multifaceted effort.",
    "Ministers of the Global Coalition to Defeat ISIS gathered in {city} {on_day} to review the progress of the "
    "campaign and to agree on the next phase of our joint effort.",
)

ANALYSIS_TITLES = (
    "The Counter-ISIS Coalition Has Much to Do After {event}",
    "What the {city} Meeting Means for the Fight Against ISIS",
    "Why the Coalition Still Matters in {year}",
    "The Detention Problem in Northeast Syria Will Not Solve Itself",
    "Stabilization Is the Coalition's Unfinished Business",
    "After the Caliphate, the Long Fight Against ISIS Affiliates",
    "Europe's Hard Choices on Returning Fighters",
    "The Sahel Is the Coalition's Next Test",
    "Funding Iraq's Recovery After ISIS",
)
ANALYSIS_EVENTS = ("Baghdadi's Death", "Baghuz", "the Fall of Raqqa", "the Liberation of Mosul", "the Ministerial")
SUBHEADINGS = (
    "WHAT THE COALITION HAS ACHIEVED MILITARILY", "NONMILITARY LINES OF EFFORT", "KEY ISSUES FOR THE MEETING",
    "A TEST OF LEADERSHIP", "THE DETENTION PROBLEM", "FUNDING THE STABILIZATION EFFORT", "WHAT COMES NEXT",
    "THE VIEW FROM BAGHDAD", "POLICY RECOMMENDATIONS", "THE REGIONAL PICTURE",
)  # fmt: skip
PRESS_TITLES_MEETING = (
    "Global Coalition Remains United in Fight to Defeat ISIS",
    "Coalition Partners Renew Commitment to Stabilization in {city}",
    "Global Coalition Ministers Gather for {meeting}",
    "Coalition Reviews Progress Against ISIS at {meeting}",
    "Coalition Welcomes New Members at {meeting}",
)
PRESS_TITLES = (
    "Global Coalition Remains United in Fight to Defeat ISIS",
    "New Funding for Stabilization in Iraq and Syria",
    "Progress Update on the Campaign Against ISIS",
    "Coalition Steps Up Support for Partners in West Africa",
)
PRESS_PUBLISHERS = (
    STATE,
    "Global Coalition Against Daesh",
    "Ministry of Foreign Affairs of Italy",
    "Government of the United Kingdom",
    "Ministry for Europe and Foreign Affairs of France",
    "NATO",
)
TRANSCRIPT_PUBLISHERS = (
    "GlobalSecurity.org (copy of a U.S. Department of State transcript)",
    STATE,
    "NATO",
    "Global Coalition Against Daesh",
)
COMMUNIQUE_TITLES = (
    "Joint Communique by Ministers of the Global Coalition to Defeat ISIS",
    "Joint Statement by Ministers of the Global Coalition to Defeat ISIS",
    "Joint Communique of the {meeting}",
    "Guiding Principles From the Global Coalition to Defeat ISIS",
)
COMPILATION_TITLES = (
    "After the Caliphate: U.S. Strategy on ISIS",
    "Joint Statement from the Global Coalition to Defeat ISIS",
    "The Coalition Against ISIS in {year}",
    "Statements on the Fight Against ISIS",
    "Where the Coalition Stands After {city}",
)
DESIGNATIONS = (
    "U.S. Designates ISIS Facilitators in Advance of {meeting}",
    "U.S. Sanctions ISIS Financiers Ahead of {meeting}",
)

NUMBER_WORDS = _names("zero one two three four five six seven eight nine")
TEENS = _names("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
TENS = _names("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


def _words(n: int) -> str:
    """2..99 in words ("eighty-one"): the corpus spells out some counts."""
    if n < 10:
        return NUMBER_WORDS[n]
    if n < 20:
        return TEENS[n - 10]
    tens, units = divmod(n, 10)
    return TENS[tens] + (f"-{NUMBER_WORDS[units]}" if units else "")


def _long_date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _short_date(d: date) -> str:
    return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"


def _rfc2822(d: date, rng: Random) -> str:
    return (
        f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {MONTHS[d.month - 1][:3]} {d.year} "
        f"{rng.randrange(6, 22):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d} +0000"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --------------------------------------------------------------------------- the writer


class _Text:
    """Sentence, paragraph and statement generator over the slot tables.

    Templates are parsed once into (literal, slot) pairs; filling one is a handful of
    ``random()`` calls, which is what keeps a million statements within minutes.
    """

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.rand = rng.random
        self.slots = dict(SLOTS)
        remarks = [self._parse(t) for t in PLAIN]
        third: dict[str, Sequence[str]] = {"Subj": SLOTS["Subj3"], "subj": SLOTS["subj3"], "Adv": SLOTS["Adv3"]}
        self.registers: dict[str, tuple[list[list[tuple[str, str, bool]]], dict[str, Sequence[str]] | None]] = {
            "remarks": (remarks, None),
            "joint": (remarks, {"Ithink": SLOTS["Ithink_joint"]}),
            "third": ([self._parse(t) for t in PLAIN_THIRD], third),
        }
        self.figures = [(self._parse(t), n) for t, n in FIGURES]
        self.phrased = [(self._parse(t), n) for t, n in PHRASED]
        self.questions = [self._parse(t) for t in QUESTIONS]
        self.quotes = [self._parse(t) for t in QUOTES]
        self.makers: dict[str, Callable[[], str]] = {
            "money": self._money,
            "money_exact": self._money_exact,
            "people_n": self._people_n,
            "people_bare": self._people_bare,
            "area": self._area,
            "personnel": self._personnel,
            "countries": self._countries,
            "orgs": self._orgs,
            "percent": self._percent,
            "mass": self._mass,
            "projects": self._projects,
            "towns": self._towns,
            "ftf_n": self._ftf_n,
            "ftf_countries": self._ftf_countries,
        }

    @staticmethod
    def _parse(template: str) -> list[tuple[str, str, bool]]:
        parts: list[tuple[str, str, bool]] = []
        pos = 0
        for m in _TEMPLATE_SLOT.finditer(template):
            parts.append((template[pos : m.start()], m.group(2), bool(m.group(1))))
            pos = m.end()
        parts.append((template[pos:], "", False))
        return parts

    def dated(self, day: date) -> None:
        """Years in the prose of the next document never lie after its date."""
        self.slots["year"] = YEARS[: max(1, day.year - int(YEARS[0]) + 1)]

    def pick(self, items: Sequence[str]) -> str:
        return items[int(self.rand() * len(items))]

    def fill(self, parts: list[tuple[str, str, bool]], overrides: dict[str, Sequence[str]] | None = None) -> str:
        out: list[str] = []
        for literal, slot, is_figure in parts:
            out.append(literal)
            if not slot:
                continue
            if is_figure:
                out.append(self.makers[slot]())
            else:
                items = overrides.get(slot) if overrides else None
                out.append(self.pick(items or self.slots[slot]))
        return "".join(out)

    # ---- figures: varied values in the shapes the corpus uses

    def _qual(self, options: Sequence[str] = ("more than ", "over ", "nearly ", "approximately ", "some ", "")) -> str:
        return self.pick(options)

    def _money(self) -> str:
        return self._qual() + self._money_exact()

    def _money_exact(self) -> str:
        r = self.rand()
        if r < 0.08:
            amount = f"{self.rng.randint(10, 250) / 10:g} billion"
        elif r < 0.88:
            amount = f"{self.rng.choice((self.rng.randint(2, 950), self.rng.randint(11, 99) / 10)):g} million"
        else:
            amount = f"{self.rng.randint(50, 990) * 1000:,}"
        c = self.rand()
        if c < 0.82:
            money = f"${amount}"
        elif c < 0.88:
            money = f"US${amount}"
        elif c < 0.95:
            money = f"€{amount}"
        else:
            money = f"£{amount}"
        return money

    def _people_bare(self) -> str:
        if self.rand() < 0.5:
            return f"{self.rng.randint(11, 99) / 10:g} million"
        return f"{self.rng.randint(2, 950) * 1000:,}"

    def _people_n(self) -> str:
        return self._qual() + self._people_bare()

    def _area(self) -> str:
        unit = "square kilometers" if self.rand() < 0.8 else "square miles"
        return f"{self._qual()}{self.rng.randint(2, 150) * 1000:,} {unit}"

    def _personnel(self) -> str:
        noun = self.pick(("security and police personnel", "Iraqi Security Forces members", "police officers"))
        return f"{self._qual()}{self.rng.randint(5, 250) * 1000:,} {noun}"

    def _countries(self) -> str:
        return f"{_words(self.rng.randint(40, 86))} countries"

    def _orgs(self) -> str:
        return f"{_words(self.rng.randint(2, 9))} international organizations"

    def _percent(self) -> str:
        n = self.rng.randint(20, 99)
        unit = " percent" if self.rand() < 0.8 else "%"
        return f"{self._qual(('nearly ', 'approximately ', 'more than ', ''))}{n}{unit}"

    def _mass(self) -> str:
        return f"{self._qual(('some ', 'more than ', 'nearly ', ''))}{self.rng.randint(12, 400) * 100:,} tons"

    def _projects(self) -> str:
        return f"{self._qual(('over ', 'more than ', ''))}{self.rng.randint(120, 4000):,} stabilization projects"

    def _towns(self) -> str:
        return f"{self.rng.randint(12, 95)} liberated towns and districts"

    def _ftf_n(self) -> str:
        return f"{self._qual(('more than ', 'over ', 'nearly '))}{self.rng.randint(8, 45) * 1000:,}"

    def _ftf_countries(self) -> str:
        return f"{self.rng.choice(('over ', 'more than ', ''))}{self.rng.randint(60, 120)} countries"

    # ---- sentences and bodies

    def sentence(self, figure_share: float, register: str) -> tuple[str, int]:
        plain, overrides = self.registers[register]
        if self.rand() < figure_share:
            parts, n = self.figures[int(self.rand() * len(self.figures))]
            return self.fill(parts, overrides), n
        return self.fill(plain[int(self.rand() * len(plain))], overrides), 0

    def phrased_sentence(self, register: str = "remarks") -> tuple[str, int]:
        parts, n = self.phrased[int(self.rand() * len(self.phrased))]
        return self.fill(parts, self.registers[register][1]), n

    def body(
        self,
        words: int,
        phrase: bool,
        *,
        first: str | None = None,
        figure_share: float = 0.35,
        register: str = "remarks",
        per_paragraph: tuple[int, int] = (1, 4),
    ) -> tuple[list[str], int]:
        """Paragraphs of about ``words`` words; the figures written; the phrase once if asked."""
        sentences: list[str] = [first] if first else []
        count = first.count(" ") + 1 if first else 0
        figures = 0
        while count < words or not sentences:
            s, n = self.sentence(figure_share, register)
            if sentences and s == sentences[-1]:
                continue
            sentences.append(s)
            figures += n
            count += s.count(" ") + 1
        if phrase:
            s, n = self.phrased_sentence(register)
            lo = 1 if first else 0
            sentences.insert(self.rng.randint(lo, len(sentences)) if len(sentences) > lo else len(sentences), s)
            figures += n
        return self._paragraphs(sentences, per_paragraph), figures

    def _paragraphs(self, sentences: list[str], per_paragraph: tuple[int, int]) -> list[str]:
        paragraphs: list[str] = []
        i = 0
        lo, hi = per_paragraph
        while i < len(sentences):
            k = self.rng.randint(lo, hi)
            paragraphs.append(" ".join(sentences[i : i + k]))
            i += k
        return paragraphs

    def question(self, who: str) -> str:
        opener = f"{self.pick(SLOTS['Thanks'])}, {who}. {self._journalist()}."
        parts = [opener]
        words = 0
        while words < 40:
            q = self.fill(self.questions[int(self.rand() * len(self.questions))])
            parts.append(q)
            words += q.count(" ") + 1
        return " ".join(parts)

    def _journalist(self) -> str:
        first = self.pick(FIRST_NAMES)[0]
        last = self.pick(SURNAME_ROOTS) + self.pick(SURNAME_SUFFIXES)
        return f"{first} {last} from {self.pick(OUTLETS)}"

    def quote(self) -> str:
        first = self.fill(self.quotes[int(self.rand() * len(self.quotes))])
        second = self.fill(self.quotes[int(self.rand() * len(self.quotes))])
        return f"{first[0].upper()}{first[1:]}. {second[0].upper()}{second[1:]}."


@dataclass
class _Doc:
    """One document being written: its lines and what it holds."""

    kind: str
    title: str
    publisher: str
    published: date
    parts: list[str] = field(default_factory=list)
    statements: int = 0
    figures: int = 0
    phrase: int = 0


class _Corpus:
    """The vocabulary and the document makers; state is the running counters and ring buffers."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.text = _Text(rng)
        self.people = self._make_people()
        self.officials = [p for p in self.people if not p.analyst]
        self.analysts = [p for p in self.people if p.analyst]
        self.meetings = self._make_meetings()
        # Officials active at each meeting, most prominent first (index order = prominence).
        self.active: list[list[int]] = [
            [i for i, p in enumerate(self.officials) if p.role_on(m.day)] for m in self.meetings
        ]
        self.statements = 0
        self.phrase_total = 0
        self.reprintable: set[str] = set()  # labels of registered speakers, and QUESTION
        self.recent_turns: deque[tuple[str, date, list[tuple[str, list[str]]]]] = deque(maxlen=16)
        self.recent_communiques: deque[tuple[str, date, list[str]]] = deque(maxlen=8)

    # ---- vocabulary

    def _make_people(self) -> list[_Person]:
        rng = self.rng
        combos = [r.lower() + s for r in SURNAME_ROOTS for s in SURNAME_SUFFIXES]
        picked = rng.sample(range(len(combos)), SYNTHETIC_OFFICIALS + SYNTHETIC_ANALYSTS)
        people: list[_Person] = list(REAL_PEOPLE)
        weights = [k.weight for k in ROLE_KINDS]
        for n, index in enumerate(picked):
            first, gender = rng.choice(FIRST_NAMES)
            surname = combos[index].capitalize()
            if first in ARABIC_FIRST and rng.random() < 0.5:
                surname = "al-" + surname
            name = f"{first} {surname}"
            registered = rng.random() < 0.5
            if n >= SYNTHETIC_OFFICIALS:
                tank = rng.choice(THINK_TANKS)
                role = _Role(f"Senior Fellow at {tank}", "", "", None, None)
                people.append(_Person(name, surname, gender, tank, (role,), registered, True))
                continue
            country = rng.choice(COUNTRIES)
            kind = rng.choices(ROLE_KINDS, weights)[0]
            org = rng.choice(ORGANIZATIONS)
            start = FIRST_DAY - timedelta(days=700) + timedelta(days=rng.randrange(4200))
            end = start + timedelta(days=rng.randrange(700, 2900))
            roles = [_Role(kind.role.format(country=country, org=org), kind.heading, kind.label, start, end)]
            if kind.label == "DEPUTY MINISTER" and rng.random() < 0.4:
                later = ROLE_KINDS[0]
                roles.append(
                    _Role(later.role.format(country=country), later.heading, later.label, end,
                          end + timedelta(days=rng.randrange(500, 2000)))
                )  # fmt: skip
            roles.reverse()  # latest first, as the registry lists them
            organization = (
                org[4:] if kind.label == "SECRETARY GENERAL" and org.startswith("the ") else
                org if kind.label == "SECRETARY GENERAL" else
                f"Ministry of Defence of {country}" if "Defence" in kind.role or kind.label == "GENERAL" else
                f"Ministry of Foreign Affairs of {country}"
            )  # fmt: skip
            aliases: list[str] = []
            for role in roles:
                short = f"{role.label.title() if role.label else ('Ms.' if gender == 'f' else 'Mr.')} {surname}"
                for alias in (short, f"{role.heading} {name}"):
                    if alias not in aliases:
                        aliases.append(alias)
            people.append(_Person(name, surname, gender, organization, tuple(roles), registered, False, tuple(aliases)))
        return people

    def _make_meetings(self) -> list[_Meeting]:
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        days = sorted(FIRST_DAY + timedelta(days=d) for d in rng.sample(range(span), MEETINGS))
        combos = [(c, f) for c in range(len(CITIES)) for f in range(len(FORMATS))]
        chosen = rng.sample(combos, MEETINGS)
        meetings = []
        for day, (ci, fi) in zip(days, chosen, strict=True):
            city, country = CITIES[ci]
            fmt, pattern = FORMATS[fi]
            meetings.append(
                _Meeting(
                    id=f"{day.isoformat()}-{_slug(city)}-{fmt.replace('_', '-')}",
                    name=pattern.format(city=city),
                    day=day,
                    city=city,
                    country=country,
                    format=fmt,
                    participants=rng.randint(12, 86) if rng.random() < 0.4 else None,
                    registered=rng.random() < REGISTERED_MEETING_SHARE,
                )
            )
        return meetings

    # ---- shared helpers

    def _phrase_due(self) -> bool:
        """Whether the next statement carries the phrase (a running quota: exactly one in four)."""
        self.statements += 1
        due = self.statements // PHRASE_SHARE > self.phrase_total
        if due:
            self.phrase_total += 1
        return due

    def _length(self) -> int:
        r = self.rng.random()
        if r < 0.62:
            return self.rng.randint(40, 110)
        if r < 0.92:
            return self.rng.randint(110, 280)
        return self.rng.randint(280, 530)

    def _speaker_at(self, meeting: int, exclude: set[int]) -> int | None:
        active = self.active[meeting]
        for _ in range(8):
            if not active:
                return None
            i = active[int(len(active) * self.rng.random() ** 2)]
            if i not in exclude:
                return i
        return None

    def _chrome_top(self, doc: _Doc) -> None:
        r = self.rng.random()
        if r < 0.2:
            doc.parts.append("UNITED24 - Make a charitable donation in support of Ukraine!\n\n\n")
        elif r < 0.45:
            doc.parts.append("Skip to main content\n\n")

    def _meeting(self) -> tuple[int, _Meeting]:
        i = self.rng.randrange(len(self.meetings))
        return i, self.meetings[i]

    # ---- transcripts

    def _turn(self, doc: _Doc, label: str, paragraphs: list[str]) -> None:
        doc.parts.append(f"{label}: {paragraphs[0]}\n\n")
        doc.parts.extend(f"{p}\n\n" for p in paragraphs[1:])

    def _turns(self, doc: _Doc, mi: int, host: int, budget: int, planned: int) -> list[tuple[str, list[str]]]:
        """Speaker turns at meeting ``mi`` opened by ``host`` (a question is speaker -1)."""
        day = self.meetings[mi].day
        guests: list[int] = []
        exclude = {host}
        for _ in range(self.rng.randint(1, 5)):
            g = self._speaker_at(mi, exclude)
            if g is not None:
                guests.append(g)
                exclude.add(g)
        turns: list[tuple[str, list[str]]] = []
        n = min(budget, planned)
        speaker = host
        for t in range(n):
            nxt = (guests[0] if guests else host) if t == 0 else self._next_speaker(speaker, host, guests)
            phrase = self._phrase_due()
            if speaker == -1:
                label = "QUESTION"
                text = self.text.question(self._label(guests[0] if guests else host, day).title())
                if phrase:
                    s, figs = self.text.phrased_sentence()
                    text = f"{text} {s}"
                    doc.figures += figs
                paragraphs = [text]
            else:
                label = self._label(speaker, day)
                first = None
                if t == 0:
                    first = self.text.pick(OPENINGS)
                elif turns and turns[-1][0] not in ("QUESTION", label) and self.rng.random() < 0.5:
                    first = f"Thank you so much, {turns[-1][0].title()}."
                words = self._length() if t else self.rng.randint(180, 530)
                paragraphs, figs = self.text.body(words, phrase, first=first)
                doc.figures += figs
                if t == 0 and nxt >= 0 and nxt != speaker and n > 1:
                    guest = self.officials[nxt]
                    role = guest.role_on(day)
                    assert role is not None
                    paragraphs.append(f"And I'd now like to invite {role.heading} {guest.surname} to make remarks.")
            doc.phrase += phrase
            doc.statements += 1
            self._turn(doc, label, paragraphs)
            turns.append((label, paragraphs))
            if speaker == -1 or self.officials[speaker].registered:
                self.reprintable.add(label)
            speaker = nxt
        return turns

    def _label(self, official: int, day: date) -> str:
        person = self.officials[official]
        role = person.role_on(day)
        assert role is not None
        return person.label(role)

    def _next_speaker(self, speaker: int, host: int, guests: list[int]) -> int:
        """Who speaks after ``speaker``: a question (-1) is always answered, nobody follows themself."""
        pool = [p for p in (host, *guests) if p != speaker] or [host]
        if speaker != -1 and self.rng.random() < 0.3:
            return -1
        return pool[int(self.rng.random() * len(pool))]

    def transcript(self, budget: int) -> _Doc:
        mi, meeting = self._meeting()
        while not self.active[mi]:
            mi, meeting = self._meeting()
        host = self._speaker_at(mi, set())
        assert host is not None
        person = self.officials[host]
        role = person.role_on(meeting.day)
        assert role is not None
        title = f"{role.heading} {person.name} At the {meeting.name}"
        doc = _Doc("transcript", title, self.text.pick(TRANSCRIPT_PUBLISHERS), meeting.day)
        self.text.dated(doc.published)
        self._chrome_top(doc)
        doc.parts.append(f"{title}\n\n{person.name}, {role.role}\n{_long_date(meeting.day)}\n\n")
        turns = self._turns(doc, mi, host, budget, self.rng.randint(6, 56))
        if self.rng.random() < 0.3:
            doc.parts.append("Join the GlobalSecurity.org mailing list\n")
        # Only turns whose label resolves the same on any page (a registered speaker or a question):
        # the ingest names unregistered speakers from the page they are on, so a reprint of theirs
        # would not be recognised as the same speech.
        stable = [t for t in turns[:6] if t[0] in self.reprintable]
        if stable:
            self.recent_turns.append((title, meeting.day, stable[:4]))
        return doc

    # ---- communiqués

    def _communique_body(self, city: str, phrase: bool) -> tuple[list[str], int]:
        opener = self.text.pick(COMMUNIQUE_OPENERS).format(city=city, on_day="today")
        return self.text.body(
            self.rng.randint(220, 520), phrase, first=opener, figure_share=0.4, per_paragraph=(2, 4), register="joint"
        )

    def communique(self, budget: int) -> _Doc:
        _, meeting = self._meeting()
        title = self.text.pick(COMMUNIQUE_TITLES).format(meeting=meeting.name)
        doc = _Doc("communique", title, self.text.pick(("Global Coalition Against Daesh", STATE)), meeting.day)
        self.text.dated(doc.published)
        self._chrome_top(doc)
        doc.parts.append(f"{title}\n\n{_long_date(meeting.day)}\n\n")
        phrase = self._phrase_due()
        paragraphs, figs = self._communique_body(meeting.city, phrase)
        doc.parts.extend(f"{p}\n\n" for p in paragraphs)
        doc.statements, doc.figures, doc.phrase = 1, figs, int(phrase)
        self.recent_communiques.append((title, meeting.day, paragraphs))
        return doc

    # ---- press releases

    def _quoted(self) -> str:
        """A sentence quoting a named official: the ingest makes the quotation a statement."""
        # Synthetic people only: "Michael R. Pompeo" has a full stop the quotation finder stops at.
        first = len(REAL_PEOPLE)
        person = self.officials[first + int((len(self.officials) - first) * self.rng.random() ** 1.5)]
        role = person.roles[0]
        who = f"{role.heading} {person.name}" if role.label else f"{person.organization} spokesperson {person.name}"
        quote = self.text.quote()
        if self.rng.random() < 0.5:
            return f"In remarks to Coalition partners, {who} {self.text.pick(SLOTS['say'])} that “{quote}”"
        return f"{who} {self.text.pick(SLOTS['say'])}, “{quote}”"

    def press_release(self, budget: int) -> _Doc:
        about = self.rng.random() < 0.6
        if about:
            _, meeting = self._meeting()
            day, city, name = meeting.day, meeting.city, meeting.name
        else:
            day = FIRST_DAY + timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))
            city, name = self.text.pick(CITIES)[0], "the Coalition's working groups"
        pattern = self.text.pick(PRESS_TITLES_MEETING if about else PRESS_TITLES)
        title = pattern.format(city=city, meeting=name)
        doc = _Doc("press_release", title, self.text.pick(PRESS_PUBLISHERS), day)
        self.text.dated(doc.published)
        lines = [title]
        if self.rng.random() < 0.5:
            lines.append("7 minutes read time" if self.rng.random() < 0.5 else f"{self.rng.randint(2, 9)} min read")
            if self.rng.random() < 0.5:
                lines.append(title)
        lines.append(_rfc2822(day, self.rng))
        doc.parts.append("\n\n".join(lines) + "\n\n")
        phrase = self._phrase_due()
        lead = (
            f"Today, partners of the Global Coalition met at the {name} to review the campaign against ISIS and "
            "to agree on the next steps."
            if about
            else "Coalition members continue to make progress against ISIS across every line of effort."
        )
        paragraphs, figs = self.text.body(
            min(self._length() + 60, 500), phrase, first=lead, figure_share=0.45, per_paragraph=(2, 4), register="third"
        )
        quotes = 1 if budget >= 2 and self.rng.random() < 0.35 else 0
        if quotes:
            self.statements += 1  # the quotation is a statement of its own, without the phrase
            paragraphs.insert(self.rng.randint(1, len(paragraphs)), self._quoted())
        doc.parts.extend(f"{p}\n\n" for p in paragraphs)
        tail = self.rng.random()
        if tail < 0.3:
            doc.parts.append(
                "Editor's Note: This entry also appears in the U.S. Department of State's publication on\n\n"
            )
        if tail < 0.6:
            doc.parts.append("For more information:")
        elif tail < 0.8:
            doc.parts.append("Join the Global Coalition mailing list\n")
        doc.statements, doc.figures, doc.phrase = 1 + quotes, figs, int(phrase)
        return doc

    # ---- analyses

    def analysis(self, budget: int) -> _Doc:
        author = self.analysts[int(len(self.analysts) * self.rng.random() ** 1.5)]
        _, meeting = self._meeting()
        day = meeting.day - timedelta(days=self.rng.randint(1, 20))
        title = self.text.pick(ANALYSIS_TITLES).format(
            event=self.text.pick(ANALYSIS_EVENTS), city=meeting.city, year=day.year
        )
        tank = author.organization
        doc = _Doc("analysis", title, tank, day)
        self.text.dated(doc.published)
        slug = _slug(author.name)
        byline = f"[{author.name} \\(/experts/{slug}\\)](/experts/{slug})" if self.rng.random() < 0.5 else author.name
        doc.parts.append(f"\n\n{title}\n\nby {byline}\n\n{_short_date(day)}\n\n")
        if self.rng.random() < 0.3:
            doc.parts.append(
                "Also available in\n\n[العربية \\(/ar/policy-analysis/a\\)](/ar/policy-analysis/a) /\n\n"
                "[Farsi \\(/fa/policy-analysis/f\\)](/fa/policy-analysis/f)\n\n"
            )
        bio = f"{author.name} is a {author.roles[0].role.replace('Senior Fellow at', 'senior fellow at')}."
        if self.rng.random() < 0.3:
            link = f"[{author.name} \\(/experts/{slug}\\)](/experts/{slug})"
            doc.parts.append(f"ABOUT THE AUTHORS\n\n\n\n{link}\n\n{bio}\n\n\n\n")
        if self.rng.random() < 0.5:
            doc.parts.append("Brief Analysis\n\n")
        phrase = self._phrase_due()
        lead = (
            f"Ministers of the Global Coalition to Defeat ISIS will meet in {meeting.city} in the coming days, "
            "and the agenda is crowded."
        )
        paragraphs, figs = self.text.body(
            self.rng.randint(240, 500), phrase, first=lead, per_paragraph=(2, 4), register="third"
        )
        quotes = 1 if budget >= 2 and self.rng.random() < 0.4 else 0
        if quotes:
            self.statements += 1
            paragraphs.insert(self.rng.randint(1, len(paragraphs)), self._quoted())
        heads = self.rng.sample(SUBHEADINGS, min(3, max(1, len(paragraphs) // 3)))
        places = sorted(self.rng.sample(range(1, len(paragraphs)), min(len(heads), len(paragraphs) - 1)))
        for h, at in zip(heads, places, strict=False):
            paragraphs[at] = f"{h}\n\n{paragraphs[at]}"
        if self.rng.random() < 0.5:
            paragraphs.append(bio + " ❖")
        doc.parts.extend(f"{p}\n\n" for p in paragraphs)
        if self.rng.random() < 0.5:
            other = self.analysts[self.rng.randrange(len(self.analysts))].name
            doc.parts.append(
                f"RECOMMENDED\n\n\n\nBRIEF ANALYSIS\n\n[{self.text.pick(ANALYSIS_TITLES[3:])}](#)\n\n"
                f"{_short_date(day + timedelta(days=30))}\n\n◆\n{other}\n\n"
                "TOPICS\n\nTerrorism [\\(/policy-analysis/terrorism\\)](#)\n"
            )
        doc.statements, doc.figures, doc.phrase = 1 + quotes, figs, int(phrase)
        return doc

    # ---- compilations

    def compilation(self, budget: int) -> _Doc:
        mi, meeting = self._meeting()
        day = meeting.day + timedelta(days=self.rng.randint(0, 6))
        title = self.text.pick(COMPILATION_TITLES).format(year=day.year, city=meeting.city)
        doc = _Doc("compilation", title, "Wilson Center (The Islamists program)", day)
        self.text.dated(doc.published)
        if self.rng.random() < 0.5:
            doc.parts.append("Skip to main content\n\n")
        doc.parts.append(f"{title}\n\n")
        intro, _ = self.text.body(self.rng.randint(60, 140), False, figure_share=0.2, register="third")
        doc.parts.append(
            f"On {_long_date(meeting.day)}, representatives from {self.rng.randint(20, 85)} members of the Global "
            f"Coalition to Defeat ISIS met in {meeting.city} to discuss a new phase in the fight. {intro[0]}\n\n"
        )
        doc.parts.extend(f"{p}\n\n" for p in intro[1:])
        items = self.rng.randint(2, 4)
        reprinted: set[tuple[str, int]] = set()  # a page reprints a text once: the ingest merges across pages only
        for _ in range(items):
            r = self.rng.random()
            if r < 0.15 and self.recent_turns:
                self._reprint_turns(doc, reprinted)
            elif r < 0.25 and self.recent_communiques:
                self._reprint_communique(doc, reprinted)
            elif doc.statements >= budget:
                continue
            elif r < 0.5:
                self._communique_item(doc, mi)
            elif r < 0.85 and self.active[mi]:
                self._remarks_item(doc, mi, budget - doc.statements)
            else:
                self._designation_item(doc, meeting, day)
        if doc.statements == 0 and budget > 0:
            self._communique_item(doc, mi)
        doc.parts.append(
            "Related Program\n\nThe Islamists\n\nLearn more about Hamas and how it relates to similarly aligned "
            "organizations throughout the region.   Read more"
        )
        return doc

    def _communique_item(self, doc: _Doc, mi: int) -> None:
        meeting = self.meetings[mi]
        title = self.text.pick(COMMUNIQUE_TITLES[:2])
        phrase = self._phrase_due()
        paragraphs, figs = self._communique_body(meeting.city, phrase)
        doc.parts.append(f"{title}\n\n{_long_date(meeting.day)}\n\n")
        doc.parts.extend(f"{p}\n\n" for p in paragraphs)
        doc.statements += 1
        doc.figures += figs
        doc.phrase += phrase

    def _remarks_item(self, doc: _Doc, mi: int, budget: int) -> None:
        meeting = self.meetings[mi]
        host = self._speaker_at(mi, set())
        assert host is not None
        person = self.officials[host]
        role = person.role_on(meeting.day)
        assert role is not None
        doc.parts.append(f"{role.heading} {person.name} At the {meeting.name}\n\n{_long_date(meeting.day)} \n\n")
        self._turns(doc, mi, host, budget, self.rng.randint(1, 5))

    def _designation_item(self, doc: _Doc, meeting: _Meeting, day: date) -> None:
        title = self.text.pick(DESIGNATIONS).format(meeting=meeting.name)
        phrase = self._phrase_due()
        first = (
            f"Today, the United States sanctioned {_words(self.rng.randint(2, 12))} individuals and organizations "
            "who were providing material support to ISIS."
        )
        paragraphs, figs = self.text.body(self._length(), phrase, first=first, per_paragraph=(2, 3), register="third")
        doc.parts.append(f"{title}\n\n{_long_date(day)}\n\n")
        doc.parts.extend(f"{p} \n\n" for p in paragraphs)
        doc.statements += 1
        doc.figures += figs + 1
        doc.phrase += phrase

    def _reprint_turns(self, doc: _Doc, reprinted: set[tuple[str, int]]) -> None:
        """The opening of a recent transcript, cut short: the ingest merges it into the original."""
        pick = self.rng.randrange(len(self.recent_turns))
        if ("turns", pick) in reprinted:
            return
        reprinted.add(("turns", pick))
        title, day, turns = self.recent_turns[pick]
        doc.parts.append(f"{title}\n\n{_long_date(day)} \n\n")
        for label, paragraphs in turns[: self.rng.randint(1, len(turns))]:
            self._turn(doc, label, paragraphs[: self.rng.randint(1, len(paragraphs))])

    def _reprint_communique(self, doc: _Doc, reprinted: set[tuple[str, int]]) -> None:
        """The opening paragraphs of a recent communiqué, merged by the ingest like a reprinted turn."""
        pick = self.rng.randrange(len(self.recent_communiques))
        if ("communique", pick) in reprinted:
            return
        reprinted.add(("communique", pick))
        title, day, paragraphs = self.recent_communiques[pick]
        doc.parts.append(f"{title}\n\n{_long_date(day)}\n\n")
        doc.parts.extend(f"{p}\n\n" for p in paragraphs[: self.rng.randint(1, len(paragraphs))])

    # ---- one document

    def document(self, budget: int) -> _Doc:
        """The next document, holding at most ``budget`` statements (single-statement kinds when 1 is left)."""
        r = self.rng.random()
        if budget <= 1:
            return self.communique(budget) if r < 0.5 else self.press_release(budget)
        if r < 0.5:
            return self.transcript(budget)
        if r < 0.62:
            return self.communique(budget)
        if r < 0.77:
            return self.press_release(budget)
        if r < 0.87:
            return self.analysis(budget)
        return self.compilation(budget)


# ----------------------------------------------------------------------------- YAML output

_PLAIN_SCALAR = re.compile(r"^[A-Za-z][A-Za-z0-9 .'’\-()]*[A-Za-z0-9.)]$")
_YAML_WORDS = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def _scalar(text: str) -> str:
    """A YAML scalar: plain when unambiguous (as the hand-written registries are), else quoted."""
    if _PLAIN_SCALAR.match(text) and text.casefold() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _speakers_yaml(people: Sequence[_Person]) -> str:
    out = [
        "# Synthetic speaker registry (app/synth.py), in the format of data/speakers.yaml. About half of the",
        "# synthetic people are listed; the ingest creates the others from the text.",
    ]
    for p in people:
        if not p.registered:
            continue
        out.append(f"- name: {_scalar(p.name)}")
        out.append("  kind: person")
        out.append(f"  organization: {_scalar(p.organization)}")
        out.append("  roles:")
        for r in p.roles:
            span = f", from: {r.start.isoformat()}" if r.start else ""
            span += f", to: {r.end.isoformat()}" if r.end else ""
            out.append(f"    - {{role: {_scalar(r.role)}{span}}}")
        out.append(f"  aliases: [{', '.join(_scalar(a) for a in p.aliases)}]")
        out.append("")
    out.append(
        "- name: Global Coalition to Defeat ISIS\n  kind: group\n  organization: Global Coalition to Defeat ISIS\n"
        "  aliases: [The Global Coalition, Global Coalition, The Coalition, Global Coalition Against Daesh,\n"
        '            Ministers of the Global Coalition to Defeat ISIS, "@coalition",\n'
        "            Global Coalition to Defeat ISIS Small Group, D-ISIS Coalition]\n"
    )
    out.append(
        f"- name: {STATE}\n  kind: organization\n  organization: {STATE}\n"
        "  aliases: [Department of State, State Department, U.S. State Department, Office of the Spokesperson,\n"
        '            "@StateDept", "@StateDeptSpox", U.S., United States, U.S. Government]\n'
    )
    return "\n".join(out)


def _meetings_yaml(meetings: Sequence[_Meeting]) -> str:
    out = [
        "# Synthetic meeting registry (app/synth.py), in the format of data/meetings.yaml. Some meetings",
        "# the documents describe are left out on purpose; the ingest creates them from the text.",
    ]
    for m in meetings:
        if not m.registered:
            continue
        out.append(f"- id: {m.id}")
        out.append(f"  name: {_scalar(m.name)}")
        out.append(f"  date: {m.day.isoformat()}")
        out.append(f"  city: {_scalar(m.city)}")
        out.append(f"  country: {_scalar(m.country)}")
        out.append(f"  format: {m.format}")
        if m.participants is not None:
            out.append(f"  participants: {m.participants}")
        out.append("")
    return "\n".join(out)


def _manifest_entry(file: str, doc: _Doc) -> str:
    return (
        f"- file: {file}\n"
        f"  title: {json.dumps(doc.title, ensure_ascii=False)}\n"
        f"  publisher: {json.dumps(doc.publisher, ensure_ascii=False)}\n"
        "  url: null\n"
        f"  published: {doc.published.isoformat()}\n"
        f"  kind: {doc.kind}\n\n"
    )


# --------------------------------------------------------------------------------- public


def write_corpus(
    statements: int,
    seed: int,
    out: Path,
    progress: Callable[[int], None] | None = None,
    *,
    force: bool = False,
) -> SynthReport:
    """Write a synthetic corpus of exactly ``statements`` statements under ``out``.

    ``out/sources/NNNN/*.txt`` are the documents, ``out/sources.yaml`` the manifest (ingest
    it with ``run_ingest(out / "sources.yaml", url)``), ``out/speakers.yaml`` and
    ``out/meetings.yaml`` the registries the ingest reads beside it. ``progress`` is called
    after each document with the number of statements written so far.

    Refuses to write into an ``out`` that already holds a corpus unless ``force`` is set (then
    the previous ``sources/`` tree and YAML files are removed first): leftover documents from
    a bigger run would otherwise sit next to a manifest that does not list them.
    """
    if statements < 1:
        raise ValueError("statements must be at least 1")
    out = Path(out)
    sources = out / "sources"
    manifest_path = out / "sources.yaml"
    if manifest_path.exists() or (sources.exists() and any(sources.iterdir())):
        if not force:
            raise FileExistsError(f"{out} already holds a corpus; choose an empty folder or pass force=True")
        _remove_corpus(out)
    sources.mkdir(parents=True, exist_ok=True)

    rng = Random(seed)
    corpus = _Corpus(rng)
    (out / "speakers.yaml").write_text(_speakers_yaml(corpus.people), encoding="utf-8")
    (out / "meetings.yaml").write_text(_meetings_yaml(corpus.meetings), encoding="utf-8")

    written = figures = phrase = size = 0
    documents = 0
    kinds: dict[str, int] = {}
    with manifest_path.open("w", encoding="utf-8", newline="\n") as manifest:
        manifest.write(
            "# Synthetic source manifest written by app/synth.py "
            f"(statements={statements}, seed={seed}); see that module for what it holds.\n"
        )
        while written < statements:
            doc = corpus.document(statements - written)
            folder = f"{documents // FILES_PER_FOLDER:04d}"
            name = f"{documents:07d}_{rng.getrandbits(64):016x}.txt"
            if documents % FILES_PER_FOLDER == 0:
                (sources / folder).mkdir(exist_ok=True)
            data = "".join(doc.parts).encode("utf-8")
            (sources / folder / name).write_bytes(data)
            manifest.write(_manifest_entry(f"sources/{folder}/{name}", doc))
            documents += 1
            size += len(data)
            written += doc.statements
            figures += doc.figures
            phrase += doc.phrase
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
            if progress is not None:
                progress(written)
    if written != statements or corpus.statements != statements:
        raise AssertionError(f"wrote {written} statements, counted {corpus.statements}, asked {statements}")
    return SynthReport(
        documents=documents,
        statements=written,
        speakers=len(corpus.people),
        meetings=len(corpus.meetings),
        figures=figures,
        phrase_statements=phrase,
        registered_speakers=sum(p.registered for p in corpus.people),
        registered_meetings=sum(m.registered for m in corpus.meetings),
        bytes=size,
        kinds=dict(sorted(kinds.items())),
    )


def _remove_corpus(out: Path) -> None:
    """Remove only what ``write_corpus`` writes, never anything else in ``out``."""
    import shutil

    shutil.rmtree(out / "sources", ignore_errors=True)
    for name in ("sources.yaml", "speakers.yaml", "meetings.yaml"):
        (out / name).unlink(missing_ok=True)
