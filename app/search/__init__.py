"""The search index: full-text relevance ranking that keeps the top k, beside FTS5.

FTS5 ranks by scoring every match and sorting them all, which at a million statements
and a phrase in a quarter of them takes about 0.4 s of CPU per page. A search engine
library keeps only the best ``k`` while it scores, in compiled code: tantivy (a Rust
library with Python bindings, installed as a wheel, nothing to run beside the API)
scores the same phrase's matches in about 1.2 ms, its common terms indexed as runs, and
cuts the page among the phrase's best 128 statements, listed by the build, in 0.1 ms.
Other options were weighed: SQLite alone cannot rank without scoring every match; a
search server (Elasticsearch, Meilisearch) would be a second service to run, feed and
keep consistent with each database build; PostgreSQL's ranking scores every match too.

FTS5 stays the reference: its tokenizer gives the terms (so both match the same
statements), its snippets highlight the page (:mod:`app.queries.snippets`), and it
answers whenever a database has no index of its own. ``build`` writes the index beside
a database before it is served; ``engine`` answers the API's relevance-sorted searches
with it; ``tokens`` is FTS5's tokenization, run by SQLite.
"""
