"""Resolve who made a statement, from the attribution as the document wrote it.

``SECRETARY POMPEO``, ``Secretary Michael R. Pompeo`` and ``Mike Pompeo`` are one
person: labels, headings, bylines and post names are looked up in the curated
registry's aliases (case, punctuation and a leading "the" ignored), then by title and
surname, and only then is a new speaker created from what the text says — marked as
not curated so an editor can find and confirm it. The raw attribution is kept on the
statement beside the resolved speaker, so nothing decided here is unrecoverable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from app.ingest.quotes import RUNS_ON_TITLE, name_after_title
from app.ingest.segment import BRACKETED_NAME, PERSON_IN_HEADING, TITLE_WORDS
from app.ingest.sources import SpeakerEntry

GENERIC = {
    "question": ("journalist", "Journalist (question from the press)", "person"),
    "q": ("journalist", "Journalist (question from the press)", "person"),
    "reporter": ("journalist", "Journalist (question from the press)", "person"),
    "journalist": ("journalist", "Journalist (question from the press)", "person"),
    "audience member": ("audience-member", "Audience member", "person"),
    "participant": ("participant", "Participant", "person"),
    "moderator": ("moderator", "Moderator", "person"),
    "operator": ("operator", "Operator", "person"),
    "staff": ("staff", "Staff", "person"),
    "interpreter": ("interpreter", "Interpreter", "person"),
    "all": ("all-participants", "All participants", "group"),
}
ORG_WORDS = re.compile(
    r"\b(coalition|embassy|department|ministry|office|group|council|nato|united nations|un|union|"
    r"agency|institute|center|centre|government|command|forces|mission|bureau|white house|"
    r"administration|committee|commission|foundation|association|organization|news|press)\b",
    re.I,
)
# Title words beyond the segmenter's: ranks, abbreviations and portfolios ("Defence Minister X").
EXTRA_TITLES = (
    *"acting senior chief coordinator nato un eu gen lt col adm maj sgt capt gov sen rep amb prof".split(),
    *"brigadier marshal commander commodore sergeant chargé charge d'affaires a.i.".split(),
    *"hon honorable honourable ranking member congressman congresswoman prince princess emir amir state".split(),
    *"defence defense interior finance justice trade economy cabinet parliamentary".split(),
    "air",  # "Air Chief Marshal Binskin", "Air Commodore …"
    "presidential",  # "Deputy Special Presidential Envoy Brett McGurk"
    "plenipotentiary",  # "Minister Plenipotentiary Giulia Sartori"
)
HONORIFICS = re.compile(
    r"^(?:(?:the|his|her)\s+)?(?:(?:u\.?s\.?|us|french|british|turkish|iraqi|german)\s+)?(?:(?:"
    + "|".join(re.escape(w) for w in (*TITLE_WORDS, *EXTRA_TITLES))
    + r")\.?\s+(?:of\s+|for\s+|general\s+|state\s+|defense\s+|foreign\s+|affairs\s+|the\s+)*)+",
    re.I,
)
# One line only: the cleaner has joined wrapped lines, so a name never spans a line break.
PERSON_NAME = re.compile(
    r"\b((?:[A-Z][a-zA-Z\-]*[a-z]\.?)"
    r"(?:[ \t]+(?:[A-Z]\.|[A-Z][a-zA-Z\-]*[a-z]|al-[A-Z][a-z]+|bin|ibn|de|van|von)){1,7}"
    r"(?:[ \t]+(?:II|III|IV|Jr\.|Sr\.))?)(?![\w])"
)


# PERSON_NAME and CAPS_NAME as ``read_document`` scans a whole document for them: the
# same matches, each written to open with the capital letter it must start with (the
# word boundary or the character before it checked just after), so that the regex
# engine can skip to the next capital instead of trying the pattern at every character.
_PERSON_NAME_SCAN = re.compile(
    r"((?:[A-Z](?<!\w[A-Z])[a-zA-Z\-]*[a-z]\.?)"
    r"(?:[ \t]+(?:[A-Z]\.|[A-Z][a-zA-Z\-]*[a-z]|al-[A-Z][a-z]+|bin|ibn|de|van|von)){1,7}"
    r"(?:[ \t]+(?:II|III|IV|Jr\.|Sr\.))?)(?![\w])"
)


# A name in capitals, alone: "BRETT McGURK", "LLOYD J. AUSTIN III".
CAPS_PERSON = re.compile(
    r"(?:[A-Z]{2,}|[A-Z]\.)(?:[ \t]+(?:[A-Z]\.|(?:Mc|Mac)[A-Z]{2,}|[A-Z]{2,}(?:['’-][A-Z]+)?)){1,3}"
)
GENERIC_TAIL = re.compile(r"\b(?:official|officials|one|two|three|four|five|[0-9]+)$", re.I)
CAPS_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z]{2,}|[A-Z]\.)(?:[ \t]+(?:[A-Z]\.|Mc[A-Z]{2,}|[A-Z]{2,}(?:['’-][A-Z]+)?)){1,3}),"
)
_CAPS_NAME_SCAN = re.compile(
    r"([A-Z](?<![\w.][A-Z])(?:[A-Z]+|\.)(?:[ \t]+(?:[A-Z]\.|Mc[A-Z]{2,}|[A-Z]{2,}(?:['’-][A-Z]+)?)){1,3}),"
)
# A Member's name on its own line under "HON.", as the Congressional Record prints it.
_HON_NAME_SCAN = re.compile(
    r"^[ \t]*HON\.?[ \t]+((?:[A-Z]\.|[A-Z]{2,})(?:[ \t]+(?:[A-Z]\.|Mc[A-Z]{2,}|[A-Z]{2,}(?:['’-][A-Z]+)?)){1,3})"
    r"[ \t]*$",
    re.M,
)
# A roster's entry, family name first, then a title and the given name: "Raynor, Sen Kate",
# "Questioner   Linton, Sen Ian (Chair)", "Binskin, ACM Mark (Chief of the Defence Force)"
# (an Australian Hansard fragment's questioners and responders): found from its comma and
# title, a stretch the regex engine skips to; what stands before the family name is checked
# by ``_roster_names`` (a line's start, the roster's label, or the entry before it).
_ROSTER_ENTRY = re.compile(
    r",[ \t]+(?:Sen|Senator|Hon|Dr|Mr|Ms|Mrs|Prof|[A-Z]{2,4})\.?[ \t]+(?P<given>[A-Z][a-z][\w'’-]*)"
    r"(?:[ \t]+\((?P<role>[^)\n]{1,80})\))?(?=[ \t]|$)",
    re.M,
)
_ROSTER_FAMILY = re.compile(
    r"(?:^|\n|\)[ \t])[ \t]*(?:(?:Questioners?|Responders?|Speakers?|Witnesses?)[ \t]+)?(?P<family>[A-Z][\w'’-]+)$"
)


def _roster_names(text: str) -> Iterator[tuple[str, str, str | None]]:
    """(family name, given name, role) of each roster entry in ``text``."""
    for m in _ROSTER_ENTRY.finditer(text):
        before = _ROSTER_FAMILY.search(text, max(0, m.start() - 60), m.start())
        if before is not None:
            yield before.group("family"), m.group("given"), m.group("role")


# A Japanese name as a Japanese ministry writes it, family name first in capitals after an
# honorific: "Mr. HONDA Taro", "Prime Minister KISHIDA Fumio". Kept in that order, in
# ordinary capitals ("Honda Taro"); the family name is the one later mentions use alone.
# (Each honorific opens with its capital and checks the word boundary after it, so that the
# regex engine skips from capital to capital through a document.)
FAMILY_FIRST = re.compile(
    r"(?:M(?<!\wM)(?:rs|r|s|inister)|D(?<!\wD)r|A(?<!\wA)mbassador|S(?<!\wS)ecretary|P(?<!\wP)resident"
    r"|G(?<!\wG)overnor)\.?[ \t]+(?P<family>[A-Z]{2,})[ \t]+(?P<given>[A-Z][a-z]+)\b(?![ \t]+[A-Z][a-z])"
)
# Words a Title Case heading capitalises that no name holds after its first word: the
# scan's "Foreign Minister Adam Nadescu At the Ministerial" names "Adam Nadescu".
_NAME_STOPS = frozenset(
    "At In On To For With Before During After From The And Of By Via Into Upon Ahead Following Regarding".split()
)


def _person_named(name: str) -> bool:
    """Whether a display name is a person's: two to four capitalised words, none a body's."""
    return PERSON_NAME.fullmatch(name) is not None and len(name.split()) <= 4 and not ORG_WORDS.search(name)


_POSSESSIVE = re.compile(r"['’]s\b")
_TRAILING_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")
_NOT_ALIAS_CHARS = re.compile(r"[^\w@#]+")
_LEADING_THE = re.compile(r"^the\s+")


_MEMO_CHARS = 80  # names, labels and words: what is looked up again and again


def normalise(text: str) -> str:
    """The form aliases are compared in."""
    return _normalise_short(text) if len(text) <= _MEMO_CHARS else _normalise(text)


@lru_cache(maxsize=1 << 16)
def _normalise_short(text: str) -> str:
    """``_normalise``, memoised for short texts: every word of every name a document writes
    is normalised, and so is every label; a long text (a heading, a statement's opening)
    is rarely seen twice and would only fill the cache."""
    return _normalise(text)


def _normalise(text: str) -> str:
    """Case folded, punctuation to single spaces, without a trailing "(…)" or a leading "the"."""
    text = _TRAILING_BRACKETS.sub("", text) if not text.strip().startswith("@") else text
    text = _NOT_ALIAS_CHARS.sub(" ", text.casefold()).strip()
    return _LEADING_THE.sub("", text)


# Letters NFKD leaves whole, and their ASCII spelling ("Kjær" → "Kjaer").
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "ı": "i"}
)


def slugify(text: str) -> str:
    """A stable id from a name, its accents dropped ("François Hollande" → "francois-hollande",
    not "fran-ois-hollande": a script can guess it)."""
    if not text.isascii():
        plain = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
        text = plain or text
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:120] or "unknown"


_LOWER_PARTICLES = {"bin", "ibn", "de", "da", "van", "von", "der", "del", "la", "le"}


def name_case(text: str) -> str:
    """An upper-case name as it is written: "LLOYD J. AUSTIN III" → "Lloyd J. Austin III",
    "THABET MUHAMMAD SAEED AL-ABBASI" → "Thabet Muhammad Saeed al-Abbasi"."""
    words = []
    for word in text.split():
        if re.fullmatch(r"[IVX]+", word):
            words.append(word)
        elif word.casefold().startswith("al-"):
            words.append("al-" + word[3:].title())
        elif word.casefold().startswith("mc") and len(word) > 3:
            words.append("Mc" + word[2:].title())
        elif word.casefold() in _LOWER_PARTICLES and words:
            words.append(word.casefold())
        else:
            words.append(word.title())
    return " ".join(words)


def _surname(words: list[str]) -> str:
    """The word a later mention uses alone: "Austin" in "Lloyd J. Austin III"."""
    if len(words) >= 3 and re.fullmatch(r"(?:[IVX]+|Jr\.?|Sr\.?)", words[-1]):
        return words[-2].casefold()
    return words[-1].casefold()


def _name_parts(name: str) -> set[str]:
    """A name's words, folded, without the Arabic article: "Al-Khaled" and "Khaled" agree."""
    return {w for w in normalise(name).split() if len(w) > 1 and w not in ("al", "el")}


def role_case(role: str) -> str:
    """A role written in capitals as a role is written: "MINISTER OF FOREIGN AFFAIRS" →
    "Minister of Foreign Affairs"."""
    if not role.isupper():
        return role
    return re.sub(r"\b(Of|For|The|And)\b", lambda m: m.group(1).lower(), role.title())


def _title_part(text: str) -> str | None:
    """'FOREIGN MINISTER BOURITA' → 'Foreign Minister': the role a label states."""
    match = HONORIFICS.match(text.strip())
    if not match:
        return None
    role = match.group(0).strip()
    if role.casefold().rstrip(".") in {"mr", "ms", "mrs", "dr", "sir"}:
        return None
    return role_case(role)


_HONORIFIC_WORDS = frozenset({normalise(w) for w in (*TITLE_WORDS, *EXTRA_TITLES)})


@lru_cache(maxsize=1 << 16)
def _written_name(found: str) -> tuple[str, str] | None:
    """The surname and full name a PERSON_NAME match gives ("Army Lieutenant General Stephen
    Townsend" → "townsend", "Stephen Townsend"), or None if it is not a person's name.
    Memoised: a document repeats its names, and so do the documents of a corpus."""
    words = found.split()
    if words[0] == "By":  # a byline: "By Rachel Kwan"
        words = words[1:]
    # "Army Lieutenant General Stephen Townsend": the name follows the last title word.
    titled = [i for i, w in enumerate(words[:-1]) if normalise(w) in _HONORIFIC_WORDS]
    if titled:
        words = words[titled[-1] + 1 :]
    name = HONORIFICS.sub("", " ".join(words)).strip()
    words = name.split()
    stop = next((i for i, w in enumerate(words) if i and w in _NAME_STOPS), None)
    if stop is not None:
        words = words[:stop]
        name = " ".join(words)
    if ORG_WORDS.search(name) or len(words) < 2 or len(words) > 4:
        return None
    return _surname(words), name


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker, curated or created from the text."""

    id: str
    name: str
    kind: str
    organization: str | None
    aliases: tuple[str, ...]
    curated: bool


@dataclass(frozen=True)
class Attribution:
    """The speaker of one statement and the role held then."""

    speaker: Speaker
    role: str | None
    created: bool


class SpeakerResolver:
    """Alias index over the registry plus the speakers created while ingesting."""

    def __init__(self, registry: list[SpeakerEntry]) -> None:
        self.entries = {slugify(e.name): e for e in registry}
        self.speakers: dict[str, Speaker] = {}
        self.by_alias: dict[str, str] = {}
        for sid, entry in self.entries.items():
            self.speakers[sid] = Speaker(sid, entry.name, entry.kind, entry.organization, entry.aliases, True)
            for alias in (entry.name, *entry.aliases):
                self.by_alias[normalise(alias)] = sid
        # Longest aliases first, so "U.S. Embassy Syria" wins over "U.S.".
        self._alias_patterns = sorted(
            ((key, sid) for key, sid in self.by_alias.items() if len(key) > 2),
            key=lambda kv: -len(kv[0]),
        )
        # The same aliases by their first word, each as its words, in that order: a text
        # is matched word by word against the few aliases that can start at each word,
        # not searched for every alias of the registry.
        self._aliases_by_word: dict[str, list[tuple[list[str], str]]] = {}
        for key, sid in self._alias_patterns:
            words = key.split(" ")
            self._aliases_by_word.setdefault(words[0], []).append((words, sid))
        self.created: set[str] = set()
        self.document_names: dict[str, str] = {}
        self.surnames: dict[str, list[str]] = {}
        for sid, entry in self.entries.items():
            if entry.kind == "person":
                self.surnames.setdefault(normalise(entry.name).split()[-1], []).append(sid)
        self._title_words = {normalise(w) for w in TITLE_WORDS}
        self._honorific_words = _HONORIFIC_WORDS

    def read_document(self, text: str) -> None:
        """Index the full names a document writes, so 'MR MCCARY' can become 'Ian McCary'.

        Keyed by surname, the longest name written for it. Two people may share one ("Sheikh
        Sabah Khaled Al-Hamad Al-Sabah", the minister, and the Amir "Sabah Al-Ahmad Al-Jaber
        Al-Sabah"): the one displaced stays under its whole name, a key no surname lookup
        reaches, for the lookups that read every name (:meth:`_fuller_name`)."""
        names: dict[str, str] = {}

        def keep(surname: str, name: str) -> None:
            known = names.get(surname, "")
            if len(name) > len(known):
                if known and not _name_parts(known) <= _name_parts(name):
                    names[known.casefold()] = known
                names[surname] = name

        for match in _PERSON_NAME_SCAN.finditer(text):
            written = match.group(1)
            if text.endswith(RUNS_ON_TITLE, 0, match.start()) and not any(
                normalise(w) in _HONORIFIC_WORDS for w in written.split()[:-1]
            ):
                written = name_after_title(written)  # no title word to cut the name at
            found = _written_name(written)
            if found is not None:
                keep(*found)
        for family, given, role in _roster_names(text):
            names[family.casefold()] = f"{given} {family}"
            if (role or "").casefold() in ("chair", "chairman", "chairwoman", "chairperson"):
                names["chair"] = f"{given} {family}"  # a "CHAIR:" turn is this member's
        for match in FAMILY_FIRST.finditer(text):
            names[match.group("family").casefold()] = f"{match.group('family').title()} {match.group('given')}"
        # A roster or a heading in capitals: "ELIOT L. ENGEL, New York, Chairman",
        # "STATEMENT OF JAMES F. JEFFREY, SPECIAL REPRESENTATIVE".
        capitals = [*_CAPS_NAME_SCAN.finditer(text), *(_HON_NAME_SCAN.finditer(text) if "HON" in text else ())]
        for match in capitals:
            name = name_case(re.sub(r"^(?:(?:OF|THE|BY|FOR|AND|TO|ON|IN)\s+)+", "", match.group(1)))
            if not ORG_WORDS.search(name):
                keep(_surname(name.split()), name)
        self.document_names = names

    def _full_name(self, text: str) -> str | None:
        """The full name a document gives for a titled surname ("Foreign Minister Bourita",
        "Parliamentary Vice-Minister Honda")."""
        bare = HONORIFICS.sub("", text.strip()).strip()
        words = bare.split()
        while len(words) > 1 and all(part in _HONORIFIC_WORDS for part in normalise(words[0]).split()):
            words = words[1:]  # a hyphened title the pattern above does not take: "Vice-Minister"
        if len(words) != 1:
            return None
        return self.document_names.get(words[0].casefold())

    def _named_at_end(self, label: str) -> str | None:
        """The full name a document gives that a long label ends with: "DEPUTY PRIME MINISTER
        AND MINISTER OF FOREIGN AFFAIRS AND INTERNATIONAL COOPERATION ANTONIO TAJANI" →
        "Antonio Tajani" (the title is too long for the honorifics to strip)."""
        words = label.split()
        if len(words) < 3:
            return None
        full = self.document_names.get(_surname(words))
        if full is None or len(full.split()) >= len(words):
            return None
        # What comes before the name is a title ("Baroness Anelay of St Johns" ends with no name).
        before = normalise(label)[: -len(normalise(full))].split()
        if not normalise(label).endswith(" " + normalise(full)) or before[-1] in ("of", "for", "and", "the"):
            return None
        return full if any(w in _HONORIFIC_WORDS for w in before) else None

    def _by_first_name(self, text: str) -> str | None:
        """The one full name the document gives for a first name alone ("Sarah" → "Sarah
        Kendrick", as a podcast labels its hosts after "I'm Sarah Kendrick")."""
        if not re.fullmatch(r"[A-Z][a-z][\w’'\-]*", text):
            return None
        found = set()
        for name in self.document_names.values():
            words = name.split()
            # The scan may have run on from the sentence before: "Sahel. Rania Haddad".
            for i, word in enumerate(words[:-1]):
                if word == text and (i == 0 or words[i - 1].endswith(".")):
                    found.add(" ".join(words[i:]))
        return found.pop() if len(found) == 1 else None

    def _fuller_name(self, text: str) -> str | None:
        """The one fuller name the document gives that holds every part of a shorter one:
        "Sheikh Sabah Al-Khaled" → "Sabah Khaled Al-Hamad Al-Sabah"."""
        parts = _name_parts(HONORIFICS.sub("", text.strip()))
        if len(parts) < 2:
            return None
        first = normalise(HONORIFICS.sub("", text.strip())).split()[0]
        fuller = {
            n
            for n in self.document_names.values()
            if len(_name_parts(n)) > len(parts) and parts <= _name_parts(n) and normalise(n).split()[0] == first
        }
        # A name the scan also found cut short is one person: "Sabah Khaled Al-Hamad" and
        # "Sabah Khaled Al-Hamad Al-Sabah" give the longer.
        fuller = {n for n in fuller if not any(normalise(m).startswith(normalise(n) + " ") for m in fuller)}
        return fuller.pop() if len(fuller) == 1 else None

    # ----------------------------------------------------------------- lookups

    def _lookup(self, text: str) -> str | None:
        key = normalise(text)
        if key in self.by_alias:
            return self.by_alias[key]
        bare = normalise(HONORIFICS.sub("", text.strip()))
        if bare and bare in self.by_alias:
            return self.by_alias[bare]
        return self._by_surname(text)

    def _by_surname(self, text: str) -> str | None:
        """'MR. PRICE', 'Secretary Blinken': a title and a surname naming one curated person."""
        words = normalise(text).split()
        if len(words) < 2 or words[0] not in self._title_words:
            return None
        hits = self.surnames.get(words[-1], ())
        return hits[0] if len(hits) == 1 else None

    def find_in(self, text: str, kinds: tuple[str, ...] = ("person", "group", "organization")) -> str | None:
        """The first known alias standing in a longer text (a heading, a sentence): the one
        that starts first, the longest of those that start at the same word."""
        # A normalised text is words between single spaces, and so is an alias: an alias
        # stands in the text where its words are the text's words from one on.
        words = normalise(text).split(" ")
        for at, word in enumerate(words):
            for alias, sid in self._aliases_by_word.get(word, ()):
                if words[at : at + len(alias)] == alias and self.speakers[sid].kind in kinds:
                    return sid
        return None

    # ----------------------------------------------------------------- create

    def _create(self, name: str, kind: str, alias: str | None = None) -> Attribution:
        name = re.sub(r"\s+", " ", name).strip(" ,.:;")
        sid = slugify(name)
        if sid not in self.speakers:
            aliases = (alias,) if alias and normalise(alias) != normalise(name) else ()
            self.speakers[sid] = Speaker(sid, name, kind, None, aliases, False)
            self.created.add(sid)
            self.by_alias[normalise(name)] = sid
            if alias:
                self.by_alias.setdefault(normalise(alias), sid)
        return Attribution(self.speakers[sid], None, sid in self.created)

    def _known(self, sid: str, when: date | None, role_hint: str | None = None) -> Attribution:
        entry = self.entries.get(sid)
        role = entry.role_on(when) if entry else None
        return Attribution(self.speakers[sid], role or role_hint, sid in self.created)

    # ----------------------------------------------------------------- resolve

    def resolve_label(self, label: str, when: date | None) -> Attribution:
        """A transcript's speaker label."""
        bare = re.sub(r"(?:\s*[\[(][^\])]*[\])])+\s*$", "", label).strip()  # "Name (Seat) (Party)" too
        if bare.casefold() in ("chair", "the chair", "chairman") and (chair := self.document_names.get("chair")):
            return self.resolve_name(chair, when, "Chair", "person")  # the roster's chair
        generic = GENERIC.get(bare.casefold())
        if generic:
            sid, name, kind = generic
            if sid not in self.speakers:
                self.speakers[sid] = Speaker(sid, name, kind, None, (), False)
                self.created.add(sid)
            return Attribution(self.speakers[sid], None, True)
        if not generic and (named := BRACKETED_NAME.match(label)):
            return self.resolve_name(named.group("name"), when, named.group("role").strip(), "person")
        if sid := self._lookup(bare):
            return self._known(sid, when)
        if full := self._full_name(bare) or self._by_first_name(bare):
            return self.resolve_name(full, when, _title_part(bare), "person")
        if full := self._named_at_end(bare):
            role = re.sub(r"\s+(?:DR|MR|MS|MRS|Dr|Mr|Ms|Mrs)\.?$", "", bare[: -len(full)].strip())
            return self.resolve_name(full, when, role_case(role) or None, "person")
        # "SECRETARY OF DEFENSE LLOYD J. AUSTIN III": the name, with the role it states.
        role = _title_part(bare)
        named = HONORIFICS.sub("", bare).strip() if role else bare
        # "SENIOR STATE DEPARTMENT OFFICIAL ONE" is a title all through, not a title and a name.
        if len(named.split()) < 2 or ORG_WORDS.search(named) or GENERIC_TAIL.search(named):
            named, role = bare, None
        name = name_case(named) if named.isupper() else named
        created = self._create(name, "person", label)
        if len(name.split()) >= 2:  # later labels give the surname alone: "SECRETARY AUSTIN"
            self.document_names.setdefault(_surname(name.split()), name)
        return Attribution(created.speaker, role, created.created)

    def resolve_name(
        self, name: str, when: date | None, role_hint: str | None = None, kind: str | None = None
    ) -> Attribution:
        """A name as written in a byline, a quotation or a post."""
        if sid := self._lookup(name):
            return self._known(sid, when, role_hint)
        if (full := self._full_name(name) or self._fuller_name(name)) and full != name:
            return self.resolve_name(full, when, role_hint or _title_part(name), kind)
        guess = kind or ("organization" if ORG_WORDS.search(name) else "person")
        bare = name if guess == "organization" else HONORIFICS.sub("", name).strip()  # "UN Office for …" keeps "UN"
        attribution = self._create(bare or name, guess, name)
        return Attribution(attribution.speaker, role_hint, attribution.created)

    def resolve_author(self, byline: str, when: date | None) -> Attribution:
        """A byline: a known name anywhere in it, else its leading name ("Jane Doe and ..."),
        written as a name is (a byline in capitals is not the name's spelling)."""
        if sid := (self._lookup(byline) or self.find_in(byline, ("person",))):
            return self._known(sid, when)
        lead = re.match(r"((?:[A-Z][\w’'.\-]*\s?){1,4})", byline)
        name = (lead.group(1) if lead else byline).strip()
        if CAPS_PERSON.fullmatch(name):  # a wire's byline in capitals: "By SAMIR HADDAD and LAURA PRICE"
            name = name_case(name)
        return self.resolve_name(name, when, kind="person")

    def resolve_post(self, name: str, handle: str, when: date | None) -> Attribution:
        """An embedded post: the handle is the surest key, then the display name. An office's
        account posting under a person's name ("Jen Psaki (@statedeptspox)") is that person's post."""
        by_handle = self.by_alias.get(normalise(handle))
        if by_handle and self.speakers[by_handle].kind != "person" and _person_named(name):
            by_handle = None
        if sid := (by_handle or self._lookup(name)):
            return self._known(sid, when)
        kind = "organization" if ORG_WORDS.search(name) else "person"
        if kind == "person":  # "OIR Spokesman Col. Sean Ryan": the name after the titles
            words = name.split()
            titled = [i for i, w in enumerate(words[:-1]) if normalise(w) in self._honorific_words]
            if titled and len(words) - titled[-1] - 1 >= 2:
                name = " ".join(words[titled[-1] + 1 :])
        return self._create(name, kind, handle)

    def resolve_heading(
        self, heading: str, when: date | None, prefer: str, role_hint: str | None = None
    ) -> Attribution | None:
        """A section heading that names its speaker ("Secretary of State Rex Tillerson")."""
        order = {
            "person": ("person",),
            "group": ("group", "organization"),
            "organization": ("organization", "group"),
        }[prefer]
        if sid := self.find_in(heading, order):
            return self._known(sid, when, role_hint)
        if prefer == "person" and (m := PERSON_IN_HEADING.search(heading)):
            # "Foreign Minister Nasser Bourita's Remarks at …": the name ends at its possessive
            return self.resolve_name(_POSSESSIVE.split(m.group(1))[0].strip(), when, role_hint, "person")
        if prefer == "person" and PERSON_NAME.fullmatch(heading.strip()) and not ORG_WORDS.search(heading):
            return self.resolve_name(heading.strip(), when, role_hint, "person")  # a bare name ("Statement by X")
        if prefer == "person" and CAPS_PERSON.fullmatch(heading.strip()) and not ORG_WORDS.search(heading):
            # A witness on a cover page, in capitals: "BRETT McGURK".
            return self.resolve_name(name_case(heading.strip()), when, role_hint and role_case(role_hint), "person")
        return None

    def resolve_signatories(self, signers: tuple[str, ...], when: date | None) -> Attribution:
        """A joint statement by a list of signers: one group, each signer one of its aliases."""
        if len(signers) == 1 and (sid := self._lookup(signers[0])):
            return self._known(sid, when)
        shown = ", ".join(signers) if len(signers) <= 3 else f"{', '.join(signers[:2])} and {len(signers) - 2} others"
        found = self._create(f"Joint signatories: {shown}", "group")
        sid = found.speaker.id
        if sid in self.created and not self.speakers[sid].aliases:
            self.speakers[sid] = replace(self.speakers[sid], aliases=signers)
        return Attribution(self.speakers[sid], None, True)

    def resolve_group(self, title: str | None, text: str, when: date | None) -> Attribution | None:
        """The body that issued a joint statement: named in its title, else in its text."""
        for place in (title or "", text[:2000]):
            if sid := self.find_in(place, ("group",)):
                return self._known(sid, when)
        return None
