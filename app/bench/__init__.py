"""``coalition bench``: the API against Datasette on 20k, 200k and 1M statements.

* :mod:`app.bench.scale` builds the big databases by replicating an ingested one (the
  ingest itself is measured on its own; it is not what this benchmark times).
* :mod:`app.bench.queries` names the queries Q1-Q6: our URL, Datasette's candidates and
  the raw SQL that gives the floor.
* :mod:`app.bench.floor` is the bare FastAPI route returning fixed bytes (the HTTP floor).
* :mod:`app.bench.run` serves each database, drives every server with ``wrk`` and prints
  the table.
"""
