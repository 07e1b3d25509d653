"""What the service tells its operators: JSON log lines carrying a request id, and Prometheus
metrics.

    context         the request being served (its id, what it did), in context variables that
                    domain code may note into without knowing of Flask or Prometheus
    request_id      the id of a request: the gateway's ``X-Request-ID`` when sane, else a new one
    logs            logging set up once per process: JSON (or text) lines, each with its request id
    metrics         the Prometheus metrics, multiprocess under gunicorn, and their exposition
    middleware      the WSGI middleware that ties a request to all of the above
    gunicorn_hooks  gunicorn's side: its log lines in the same shape, the metrics folder
"""
