"""Entry point for a production WSGI server: `gunicorn wsgi:app` (library from $REFSVC_DB)."""
from refsvc.web import create_app

app = create_app()
