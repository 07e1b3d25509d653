"""The service's front: how requests reach the WSGI app under gunicorn (``worker.py``: requests
read whole before a thread takes them; ``draining.py``: the flag set while a worker drains).
Nothing here knows the routes; the app knows nothing of this package but the draining flag."""
