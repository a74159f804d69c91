"""Entry point for a production WSGI server in a checkout: `gunicorn wsgi:app` (the library folder from
$REFSVC_HOME, or $REFSVC_DB and $REFSVC_REFS). Installed, the same app is `gunicorn 'refsvc.web:create_app()'`."""
from refsvc.web import create_app

app = create_app()
