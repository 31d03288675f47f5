#!/usr/bin/env bash
# `make bench`: the act load (service beside the reference endpoint) on SQLite and, given
# RECRUITFLOW_BENCH_PG_URL (or RECRUITFLOW_TEST_PG_URL), on PostgreSQL with 1 and 2 workers;
# then the micro-benchmarks. Arguments go to bench.run (e.g. --rounds 1 --seconds 10).
# BENCH_HISTORY_EVENTS=0 skips the 1,000,000-event history benchmark (a few minutes per engine).
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
if ! command -v wrk >/dev/null; then
    echo "bench: wrk is needed (apt-get install -y wrk)" >&2
    exit 1
fi
events=${BENCH_HISTORY_EVENTS:-1000000}
pg_url=${RECRUITFLOW_BENCH_PG_URL:-${RECRUITFLOW_TEST_PG_URL:-}}

"$python" -m bench.run --rounds 3 "$@"
"$python" -m bench.micro_decide
if [ "$events" != "0" ]; then
    "$python" -m bench.micro_history --engine sqlite --events "$events"
    if [ -n "$pg_url" ]; then
        "$python" -m bench.micro_history --engine postgresql --events "$events"
    fi
fi
