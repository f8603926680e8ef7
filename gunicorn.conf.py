"""gunicorn settings for CertDir: `gunicorn certdir.wsgi`, run from this folder, reads them.

Safe by default, and meant to sit behind nginx (docs/deployment.md), which buffers whole
requests and responses so that slow clients cost gunicorn nothing. Without nginx the
threaded workers still keep a few slow sockets from stopping the site: a sync worker is
held by one slow client for up to ``timeout`` seconds, so two such clients stopped a
two-worker server.

From the environment: GUNICORN_BIND (default 127.0.0.1:8000, for nginx on the same
host), GUNICORN_WORKERS (2), GUNICORN_THREADS (8 per worker). Options given on the
command line override this file.
"""

import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))

# Threads wait for a request's first bytes in a poller, not in a worker, and several
# requests are served at once per process. Django opens one database connection per
# thread: workers x threads connections at most.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# A worker that stops answering its heartbeat for this long is replaced; requests that
# take this long are bugs (the slowest page takes well under a second).
timeout = 30
graceful_timeout = 30
# Idle keep-alive connections are closed after a few seconds (nginx reconnects cheaply).
keepalive = 5

# Request head limits, well above anything the site's own pages send: the request line
# (the longest search URL is a few hundred characters), the number of headers and the
# size of any one header (cookies included).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# X-Forwarded-Proto and -For count only from nginx on this host (gunicorn's default).
forwarded_allow_ips = "127.0.0.1,::1"
