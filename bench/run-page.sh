#!/usr/bin/env bash
# Run page benchmark (docs/performance.md, "The run page at 50,000 trials"): seeds a completed run of 50,000 trials
# (by default 5,000 cases × 5 sim/ models × 2 repeats, the simulated latency off so the run takes minutes, not hours),
# then opens its run page in Debian's Chromium and scrolls the virtualized results table one step every animation
# frame (bench/web/scroll-frames.mjs), printing the frame times (p50/p95/p99/max), the frames over one and two 60 Hz
# frame budgets, the long tasks, how many trials had loaded and the most rows ever in the DOM. Builds unless --no-build,
# starts a copy of the app on a free port with a fresh data directory, saves the output under bench/results/ and stops
# everything whatever happens. Needs Node 20+ with web/node_modules installed (the build does it) and /usr/bin/chromium.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/run-page.sh [options]
  --cases N      cases of the seeded benchmark (default 5000; at most 10,000)
  --models M     sim/ models in the run, 1-5 (default 5)
  --repeats R    repeats (default 2): trials = N × M × R
  --frames F     animation frames scrolled (default 1800, 30 s at 60 Hz)
  --step PX      pixels scrolled per frame (default 204: 6 rows of 34 px)
  --rounds K     measure K times on the same run, one after another (default 3); each round is printed
  --no-build     use the jars already built (api/target, bench/target)
  --keep         keep the temporary directory (app log)
Environment: JAVA_HOME (JDK 21+), CHROMIUM (default /usr/bin/chromium), APP_JAVA_OPTS (extra JVM options for the app),
  HEALTH_TIMEOUT (seconds the app may take to start, default 180).
EOF2
}

ORIGINAL_ARGS="$*"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/app.sh
source "$ROOT/bench/lib/app.sh"
APP_JAR="$ROOT/api/target/benchmarkhub.jar"
BENCH_JAR="$ROOT/bench/target/benchmarkhub-bench.jar"
BUILD=1
KEEP=0
CASES=5000
MODELS=5
REPEATS=2
FRAMES=1800
STEP=204
ROUNDS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) CASES="$2"; shift 2 ;;
    --models) MODELS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --frames) FRAMES="$2"; shift 2 ;;
    --step) STEP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$MODELS" -ge 1 && "$MODELS" -le 5 ]] || { echo "--models must be 1-5" >&2; exit 2; }
command -v node >/dev/null || { echo "node (20+) is needed" >&2; exit 1; }
[[ -d "$ROOT/web/node_modules/playwright-core" ]] || { echo "no web/node_modules: run (cd web && npm ci) or build" >&2; exit 1; }

require_java
build_and_check_jars
make_work_dir run-page-bench
choose_port_and_token
APP_OPTS=(-Daxoniq.update-checker.disabled=true -Xmx1g ${APP_JAVA_OPTS:-})
# the simulated models answer at once: what is measured is the page, not the run
APP_ARGS=(--benchmarkhub.providers.sim.sleep=false)
start_app

api() { # METHOD PATH [BODY-FILE]
  curl -sS --fail-with-body -X "$1" "$URL$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data-binary "@$3"}
}

echo "seeding a benchmark of $CASES cases…"
node -e '
  const n = Number(process.argv[1]);
  const cases = Array.from({ length: n }, (_, i) => ({ id: `c${String(i).padStart(5, "0")}`, input: `Question number ${i}: what is ${i} plus ${i}?`, expected: String(2 * i) }));
  process.stdout.write(JSON.stringify({ title: "Run page bench", visibility: "PRIVATE", promptTemplate: "{{input}}", graders: [{ type: "contains" }], cases }));
' "$CASES" >"$WORK/benchmark.json"
BENCHMARK_ID="$(api POST /api/benchmarks "$WORK/benchmark.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')"
MODEL_LIST="$(node -e 'console.log(JSON.stringify(["sim/echo","sim/upper","sim/random-1","sim/random-2","sim/random-3"].slice(0, Number(process.argv[1]))))' "$MODELS")"
echo "{\"benchmarkId\": \"$BENCHMARK_ID\", \"models\": $MODEL_LIST, \"repeats\": $REPEATS}" >"$WORK/run.json"
RUN_ID="$(api POST /api/runs "$WORK/run.json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')"
TRIALS=$((CASES * MODELS * REPEATS))
echo "run $RUN_ID: $TRIALS trials; waiting for it to complete…"
SEED_START=$(date +%s)
while true; do
  STATE="$(api GET "/api/runs/$RUN_ID" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.status+" "+r.progress.done)})')"
  case "$STATE" in
    COMPLETED*) break ;;
    FAILED*|CANCELLED*|TIMED_OUT*) echo "the run ended $STATE" >&2; exit 1 ;;
  esac
  sleep 5
done
echo "seeded in $(( $(date +%s) - SEED_START )) s"

mkdir -p "$ROOT/bench/results"
RESULT="$ROOT/bench/results/run-page-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -srm)"
  echo "# node $(node --version); $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || echo chromium)"
  echo "# command: bench/run-page.sh $ORIGINAL_ARGS"
  echo "# run $RUN_ID: $CASES cases × $MODELS models × $REPEATS repeats = $TRIALS trials"
} >"$RESULT"
for round in $(seq 1 "$ROUNDS"); do
  BASE_URL="$URL" RUN_ID="$RUN_ID" API_TOKEN="$ADMIN_TOKEN" FRAMES="$FRAMES" STEP="$STEP" \
    node "$ROOT/bench/web/scroll-frames.mjs" | sed "s/^/round $round: /" | tee -a "$RESULT"
done
echo "results saved to $RESULT"
