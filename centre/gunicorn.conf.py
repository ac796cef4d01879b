"""gunicorn settings: `gunicorn -c centre/gunicorn.conf.py centre.wsgi`.

The access log writes the path without its query string (%(U)s, not %(r)s),
so search terms and look-up fields never reach it; see docs/deployment.md.

The application is loaded once, in the master, before the workers are forked
(`preload_app`), and jieba's dictionary with it (`when_ready`): a new worker
serves its first search at once, and the workers share that memory. Code
changes then need a restart, not a HUP."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
access_log_format = 'client=%(h)s method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s ms=%(M)s'
preload_app = True


def when_ready(server):
    """In the master, after the application is loaded, before any worker is forked."""
    from django.db import connections

    from search.text import warm_up

    warm_up()
    connections.close_all()  # a forked worker must never share the master's connection
