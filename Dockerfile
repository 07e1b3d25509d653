# syntax=docker/dockerfile:1
# Précis: offline summaries and translations.
#   docker build -t precis .                         # default translation pairs
#   docker build --build-arg MODELS="zh-en" -t precis .
#   docker build --build-arg MODELS_FROM=argosmodels -t precis .   # from .argosmodel files
#   docker run -p 8000:8000 precis
# The build runs the same scripts as the README's setup; the image downloads nothing at run time.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# Translation pairs to bake in (space separated; "" for none). A pair that cannot be installed
# fails the build: where the model host (argos-net.com) is unreachable, leave it out here or
# use MODELS_FROM.
ARG MODELS="en-uk uk-en en-ru ru-en en-zh zh-en"

FROM ${PYTHON_IMAGE} AS build
WORKDIR /app
COPY requirements.txt requirements-dev.txt ./
COPY scripts/ scripts/
RUN scripts/setup.sh runtime
COPY service/ service/
COPY models/ models/
ARG MODELS
# A folder of the build context holding .argosmodel files (any names), e.g. argosmodels: the
# pairs of MODELS are installed from it, nothing is downloaded. The context is mounted for
# this step only, so the archives are not copied into any layer.
ARG MODELS_FROM=""
ENV PRECIS_MODELS_DIR=/app/var/models
RUN --mount=type=bind,target=/context \
    MODELS="$MODELS" MODELS_FROM="$MODELS_FROM" CONTEXT=/context scripts/install-models

FROM ${PYTHON_IMAGE}
ARG MODELS
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin precis
WORKDIR /app
COPY --from=build --chown=root:root /app /app
COPY gunicorn.conf.py openapi.yaml ./
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PRECIS_BIND=0.0.0.0:8000 \
    PRECIS_MODELS_DIR=/app/var/models \
    PRECIS_REQUIRE_PAIRS="${MODELS:-none}"
# /readyz (and so the HEALTHCHECK) is 503 until every baked pair is served (README, Readiness)
USER precis
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "service.healthcheck"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
