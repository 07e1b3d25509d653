# Précis: offline summaries and translations.
#   docker build -t precis .                         # default translation pairs
#   docker build --build-arg MODELS="zh-en" -t precis .
#   docker run -p 8000:8000 precis
# The build runs the same scripts as the README's setup; the image downloads nothing at run time.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /app
COPY requirements.txt requirements-dev.txt ./
COPY scripts/ scripts/
RUN scripts/setup.sh runtime
COPY service/ service/
COPY models/ models/
# Translation pairs to bake in (space separated; "" for none). A pair that cannot be fetched
# fails the build unless it is left out here.
ARG MODELS="en-uk uk-en en-ru ru-en en-zh zh-en"
ENV PRECIS_MODELS_DIR=/app/var/models
RUN if [ -n "$MODELS" ]; then .venv/bin/python -m service.installer install $MODELS; fi

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin precis
WORKDIR /app
COPY --from=build --chown=root:root /app /app
COPY gunicorn.conf.py openapi.yaml ./
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PRECIS_BIND=0.0.0.0:8000 \
    PRECIS_MODELS_DIR=/app/var/models
USER precis
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "service.healthcheck"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
