# recruitflow: migrations, then uvicorn. SQLite under /app/var by default; set
# RECRUITFLOW_DATABASE_URL=postgresql://… to share one PostgreSQL between instances.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RECRUITFLOW_DATABASE_URL=sqlite:////app/var/recruitflow.db

RUN useradd --create-home --uid 10001 recruitflow
WORKDIR /app

# The locked versions (hashes checked, setuptools included) first, so this layer is rebuilt only
# when the lock changes; then the project without resolving anything.
COPY requirements/main.lock requirements/main.lock
RUN pip install --require-hashes -r requirements/main.lock
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
RUN pip install --no-deps --no-build-isolation . && pip check \
    && mkdir -p /app/var && chown recruitflow:recruitflow /app/var

USER recruitflow
EXPOSE 8000
VOLUME ["/app/var"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["sh", "-c", "recruitflow migrate && exec recruitflow serve --host 0.0.0.0 --port 8000"]
