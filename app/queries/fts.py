"""Translate the public search syntax into a safe FTS5 MATCH expression.

Raw FTS5 syntax fails on ordinary input (``al-Baghdadi``, ``ISIS/Da'esh``, ``$1.2``)
and exposes column filters and NEAR that we do not document. So the query is tokenised
here: words and phrases become quoted FTS5 strings (the tokenizer then splits them as
it split the text), ``*`` after a word makes a prefix query, and only ``AND``, ``OR``,
``NOT`` and parentheses pass through as operators. Anything unbalanced is a 422 that
names ``q``, decided before SQLite sees it.

The cost of a match is bounded here too. FTS5's ``bm25`` and ``snippet`` work on every
instance of every phrase in every matching row, and ``snippet`` compares each instance
with the others: ``a* OR b* OR ... OR z*`` matches every word of every statement and took
30 s on 4,000 statements. So a query has at most ``MAX_TERMS`` terms, and a prefix needs
``MIN_PREFIX`` characters before its ``*``; what remains is under a second on that corpus,
and the per-query time limit (a 503) stops the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import InvalidParameter

_TOKEN = re.compile(
    r"""
    \s*(?:
      (?P<phrase>"[^"]*")(?P<pstar>\*)? |
      (?P<open>\() |
      (?P<close>\)) |
      (?P<word>[^\s()"]+)
    )
    """,
    re.VERBOSE,
)
_OPERATORS = {"AND", "OR", "NOT"}
MAX_TERMS = 16
MIN_PREFIX = 2
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LAST_TOKEN = re.compile(r"[^\W_]+(?=[\W_]*$)")


def _check_prefix(text: str) -> None:
    """The token a ``*`` extends (the last run of letters or digits) must not be too short."""
    last = _LAST_TOKEN.search(text)
    if last is None or len(last.group()) < MIN_PREFIX:
        raise InvalidParameter("q", f"a prefix needs at least {MIN_PREFIX} letters or digits before '*'")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, maybe a prefix (``word*``, ``"a phrase"*``)."""

    text: str
    phrase: bool
    prefix: bool


Token = Term | str  # a term, or one of AND, OR, NOT, "(" and ")"


def parse(query: str) -> list[Token]:
    """The query as terms and operators, with the implicit ``AND``s written out.

    Raises :class:`InvalidParameter` naming ``q`` for anything the grammar refuses; both
    search back ends (FTS5 and PostgreSQL's) render the same tokens.
    """
    if _CONTROL.search(query):  # FTS5 reads the expression as a C string: NUL would cut it short
        raise InvalidParameter("q", "contains control characters")
    if query.count('"') % 2:
        raise InvalidParameter("q", 'has an unclosed quote (")')
    out: list[Token] = []
    terms = 0
    depth = 0
    expect_operand = True  # at the start, after an operator or "("
    pos = 0
    stripped = query.strip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None or match.end() == pos:  # pragma: no cover - the regex covers all
            raise InvalidParameter("q", "cannot be parsed")
        pos = match.end()
        if match["open"]:
            if not expect_operand:
                out.append("AND")
            out.append("(")
            depth += 1
            expect_operand = True
        elif match["close"]:
            if expect_operand or depth == 0:
                raise InvalidParameter("q", "has a misplaced ')'")
            out.append(")")
            depth -= 1
        elif match["phrase"]:
            if not expect_operand:
                out.append("AND")
            phrase = match["phrase"][1:-1]
            if match["pstar"]:
                _check_prefix(phrase)
            out.append(Term(phrase, phrase=True, prefix=bool(match["pstar"])))
            terms += 1
            expect_operand = False
        else:
            word = match["word"]
            if word in _OPERATORS:
                if expect_operand:
                    raise InvalidParameter("q", f"{word} needs a term on each side")
                out.append(word)
                expect_operand = True
                continue
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if not word:
                raise InvalidParameter("q", "'*' must follow a word (prefix*)")
            if prefix:
                _check_prefix(word)
            if not expect_operand:
                out.append("AND")
            out.append(Term(word, phrase=False, prefix=prefix))
            terms += 1
            expect_operand = False
    if terms > MAX_TERMS:
        raise InvalidParameter("q", f"has {terms} terms; at most {MAX_TERMS} are allowed")
    if depth:
        raise InvalidParameter("q", "has an unclosed '('")
    if expect_operand:
        if not out:
            raise InvalidParameter("q", "has no search terms")
        raise InvalidParameter("q", f"{out[-1]} needs a term on each side")
    return out


def to_fts5(query: str) -> str:
    """The FTS5 expression for a user query, or :class:`InvalidParameter` naming ``q``."""
    return " ".join(
        token if isinstance(token, str) else _quote(token.text) + ("*" if token.prefix else "")
        for token in parse(query)
    )


_WORDS = re.compile(r"[^\W_]+")
_TS_OPERATORS = {"AND": "&&", "OR": "||", "NOT": "&& !!", "(": "(", ")": ")"}


def _tsquery_term(term: Term) -> tuple[str, str]:
    """One term as a tsquery-making SQL call and its parameter."""
    if not term.prefix:
        function = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
        return f"{function}('english', ?)", term.text
    # to_tsquery has a syntax of its own: the words alone, quoted, followed in order.
    words = _WORDS.findall(term.text)
    lexemes = " <-> ".join(f"'{w}'" for w in words) + ":*"
    return "to_tsquery('english', ?)", lexemes


def to_tsquery(query: str) -> tuple[str, tuple[str, ...]]:
    """PostgreSQL's rendering: a ``tsquery`` SQL expression and its parameters.

    Each term goes through the same text search configuration as the indexed text
    (``english``: Porter stemming, as FTS5's ``porter``); ``NOT`` is binary, as in FTS5.
    """
    parts: list[str] = []
    params: list[str] = []
    for token in parse(query):
        if isinstance(token, str):
            parts.append(_TS_OPERATORS[token])
        else:
            sql, param = _tsquery_term(token)
            parts.append(sql)
            params.append(param)
    return "(" + " ".join(parts) + ")", tuple(params)
