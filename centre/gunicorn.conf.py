"""gunicorn settings: `gunicorn -c centre/gunicorn.conf.py centre.wsgi`.

The access log writes the path without its query string (%(U)s, not %(r)s),
so search terms and look-up fields never reach it; see docs/deployment.md."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
access_log_format = 'client=%(h)s method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s ms=%(M)s'
