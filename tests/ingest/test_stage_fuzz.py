"""The ingest's text stages never fail on text they were not written for.

A document users add may hold characters no fixture has: superscript note markers ("said.¹"),
circled or full-width digits, Arabic-Indic numerals, vulgar fractions, stray quotation marks.
A stage that raises on them fails the whole ingest (the previous database is kept, but the
document cannot be read at all). Hypothesis mixes the words the stages key on (numbers,
currencies, scale words, speech verbs, labels, dates) with such characters and checks each
stage returns, and that every figure's span is the text it was read from.
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.ingest.clean import clean
from app.ingest.figures import extract_figures
from app.ingest.link import sentence_dates
from app.ingest.quotes import find_quotations
from app.ingest.segment import segment

# Words the stages react to, and characters that look like digits to str.isdigit() but are
# no decimal digits (or are decimal digits of other scripts).
WORDS = [
    *"$ US$ € £ % 1 12 1,200 1.5 1,2 10.000 2019 about more than nearly some million billion M€ k€ bn".split(),
    *"said told added “ ” \" ' : ; , . - – — ( ) [ ] \n \n\n MR. SECRETARY: QUESTION: Q: By".split(" "),
    *"Minister Iraq Iraqi Baghdad Washington on Tuesday November 14, 2019 14.11.2019 the of them people".split(),
    *"¹ ² ³ ⁴⁵ ₂ ① ⑳ ½ ¼ Ⅻ １２ ٣٠٠ ۴ ߁ ๒ 5½ 10⁶ x² ｍ €\u00a0 \u202f \u2009 \ufeff \u200b".split(" "),
]
TEXTS = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=4)),
    max_size=60,
).map(" ".join)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI replays the same cases: a red build names a bug
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(TEXTS)
def test_figures_never_fail_and_spans_are_the_text(text: str) -> None:
    for figure in extract_figures(text):
        assert text[figure.start : figure.end] == figure.text


@FUZZ
@given(TEXTS)
def test_quotations_and_dates_never_fail(text: str) -> None:
    find_quotations(text)
    sentence_dates(text, date(2019, 11, 14))


@FUZZ
@given(TEXTS, st.sampled_from([None, "transcript", "analysis", "press_release", "compilation"]))
def test_clean_and_segment_never_fail(text: str, kind: str | None) -> None:
    parsed = segment(clean(text), kind, date(2019, 11, 14), "Remarks at the Coalition Ministerial")
    for seg in parsed.segments:
        assert seg.text.strip()
