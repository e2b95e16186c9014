#!/usr/bin/env bash
# Small-run benchmark (docs/performance.md, "Small runs"): the time to results of a user's small run,
# 5 cases × 2 models × 3 judges against the fixed-latency model server with L = 1 s and C = 32, as a
# multiple of L. Every call of such a run fits in C at once, so its time is set by how many latencies
# a trial waits for one after another: 2 × L when a trial asks its judges at once (its answer, then the
# panel), (1 + J) × L when it asks them one after another. BenchmarkHub only (promptfoo is the
# yardstick of bench/runs.sh). First a warm-up run of 100 cases (not counted: the app is a long-running
# server, and with only a few small runs behind it its JIT has not compiled the paths of a call yet, which
# adds ~40 ms per latency a trial waits for), then 9 rounds, of which the median is the figure.
# Any option of bench/runs.sh may follow and wins over these (e.g. --no-build, --app-jar JAR, --rounds 9).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  cat <<'USAGE'
usage: bench/small-run.sh [options of bench/runs.sh]
  runs bench/runs.sh --cases 5 --models 2 --judges 3 --latency-ms 1000 --concurrency 32 --warmup-cases 100
  --rounds 9 --skip-promptfoo --label small-run, then the given options; prints "time to results … × L"
  and saves the output as bench/results/small-run-<UTC time>.txt
USAGE
  exit 0
fi
BENCH_COMMAND="bench/small-run.sh $*" exec "$ROOT/bench/runs.sh" --cases 5 --models 2 --judges 3 --latency-ms 1000 \
  --concurrency 32 --warmup-cases 100 --rounds 9 --skip-promptfoo --label small-run "$@"
