"""The performance harness behind ``bench/run``: seed, serve, measure, write the report.

For every size N it builds a PostgreSQL database through ``seed_demo`` (timed), serves it
with gunicorn as in production (DEBUG off, persistent connections) and measures from
this separate process: a stream of distinct uncached searches asked once each by one
client, uncached body pages, SQL queries per search page (in a Django process of its
own), popular searches and body pages under load with wrk against /healthz, and
``import_bodies`` into a fresh database. It writes one table per N to the report.

    cli       the command line and the run over every size (``bench/run`` calls ``main``)
    measure   one size: its database, the measurements, the import
    serve     gunicorn, the measuring HTTP client, cache warm-up and wrk
    pg        the PostgreSQL server's databases
    report    the report's Markdown, and the machine and commit it names
    common    paths, sizes and tuning shared by the above; running a command, its environment
"""
