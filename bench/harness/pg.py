"""The PostgreSQL server the harness creates, fills, measures and drops its databases on."""

import psycopg
from psycopg import sql


class Postgres:
    """Databases on one PostgreSQL server, reached as ``base/<name>``."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def url(self, name):
        return f"{self.base}/{name}"

    def _admin(self):
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def exists(self, name):
        with self._admin() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def create(self, name, template=None):
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(query)

    def drop(self, name):
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def scalar(self, name, query):
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            return conn.execute(query).fetchone()[0]

    def vacuum_analyze(self, name):
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

    def bump_directory_version(self, name):
        """A curator's write of one body: the triggers bump the version and log the change,
        so every cached page is stale and each worker brings its index forward."""
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute(
                "UPDATE bodies_certificationbody SET updated_at = now() "
                "WHERE id = (SELECT min(id) FROM bodies_certificationbody)"
            )

    def server_version(self):
        with self._admin() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
