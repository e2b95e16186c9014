#!/usr/bin/env bash
# Runs benchmark (docs/performance.md, "Runs"): N cases × M models × J judges against a local
# OpenAI-compatible model server that answers after exactly L ms, at most C calls in flight, through
# BenchmarkHub (POST /api/runs) and through promptfoo (bench/promptfoo, pinned); prints each one's
# wall time next to the ideal calls × L ÷ C, the calls and peak in flight the server saw, the app's
# events/s and peak heap. Builds unless --no-build, starts a copy of the app on a free port with a
# fresh data directory, saves the output under bench/results/ and stops everything whatever happens.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/runs.sh [options]
  --cases N            test cases (default 1000)
  --models M           candidate models local/m1..mM (default 5)
  --judges J           judge models local/j1..jJ, one LLM-judge grader (default 3)
  --latency-ms L       the model server's answer time (default 100)
  --concurrency C      calls in flight at most: the app's max-concurrency for the endpoint (and its
                       calls-per-key for the bench's BYOK key) and
                       promptfoo's --max-concurrency (default 32)
  --warmup-cases K     a BenchmarkHub run of K cases first, not counted (default min(100, N); 0: none)
  --rounds R           the BenchmarkHub run R times, one after another; the figures are the first one's, and the time
                       to results (POST to the run's end, also as a multiple of L) is the median of all R (default 1)
  --label NAME         the results file is bench/results/NAME-<UTC time>.txt (default runs)
  --skip-benchmarkhub  only promptfoo (the app is not started)
  --skip-promptfoo     only BenchmarkHub
  --no-build           use the jars already built (api/target, bench/target)
  --app-jar PATH       the app jar to run (default api/target/benchmarkhub.jar)
  --profile DIR        a Java Flight Recording of the app (DIR/app.jfr), summarised for the measured
                       run into DIR/jfr-summary.txt
  --keep               keep the temporary directory (app log, GC log, promptfoo config and log)
Environment: JAVA_HOME (JDK 21+), APP_JAVA_OPTS (extra JVM options for the app).
EOF
}

ORIGINAL_ARGS="$*"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/app.sh
source "$ROOT/bench/lib/app.sh"
APP_JAR="$ROOT/api/target/benchmarkhub.jar"
BENCH_JAR="$ROOT/bench/target/benchmarkhub-bench.jar"
PROMPTFOO_DIR="$ROOT/bench/promptfoo"
BUILD=1
KEEP=0
PROFILE=""
BENCHMARKHUB=1
PROMPTFOO=1
CONCURRENCY=32
LABEL=runs
CLIENT_ARGS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases|--models|--judges|--latency-ms|--warmup-cases|--rounds)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    --concurrency)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      CONCURRENCY="$2"; shift 2 ;;
    --skip-benchmarkhub) BENCHMARKHUB=0; CLIENT_ARGS+=("$1"); shift ;;
    --skip-promptfoo) PROMPTFOO=0; CLIENT_ARGS+=("$1"); shift ;;
    --label)
      [[ $# -ge 2 && "$2" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "$1 needs a name (letters, digits, . _ -)" >&2; exit 2; }
      LABEL="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --app-jar) APP_JAR="$2"; shift 2 ;;
    --profile) PROFILE="$(realpath -m "$2")"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
CLIENT_ARGS+=(--concurrency "$CONCURRENCY")

require_java

if [[ $BENCHMARKHUB -eq 1 ]]; then build_and_check_jars; else build_and_check_jars no-app; fi

if [[ $PROMPTFOO -eq 1 ]]; then
  command -v npm >/dev/null || { echo "promptfoo needs Node 20+ and npm (or use --skip-promptfoo)" >&2; exit 1; }
  # the pinned version from package-lock.json; again whenever the lock file changed
  if [[ ! -x "$PROMPTFOO_DIR/node_modules/.bin/promptfoo" \
        || "$PROMPTFOO_DIR/package-lock.json" -nt "$PROMPTFOO_DIR/node_modules/.package-lock.json" ]]; then
    echo "installing promptfoo (npm ci in bench/promptfoo)…"
    (cd "$PROMPTFOO_DIR" && npm ci --no-audit --no-fund --loglevel=error) || {
      echo "npm ci in bench/promptfoo failed. If npm says package.json and package-lock.json are not in sync, regenerate the" \
           "lock with this npm (cd bench/promptfoo && npm install --package-lock-only) and commit it; .ci/run checks it" \
           "with npm ci --dry-run" >&2
      exit 1
    }
  fi
fi

make_work_dir runs-bench "app log: app.log, GC log: gc.log, promptfoo: promptfoo/"

# the model server runs inside the client; the app must know its port before it starts
MODEL_PORT="$("$JAVA" -jar "$WORK/benchmarkhub-bench.jar" free-port)"
CLIENT_ARGS+=(--model-port "$MODEL_PORT" --promptfoo "$PROMPTFOO_DIR" --work "$WORK")

if [[ $BENCHMARKHUB -eq 1 ]]; then
  choose_port_and_token
  # -Xmx512m is the aim; the GC log (wall-clock time on each line) gives the heap before and after every
  # collection, from which the client reads the peak over the measured run
  APP_OPTS=(-Daxoniq.update-checker.disabled=true -Xmx512m "-Xlog:gc:file=$WORK/gc.log:time,uptime")
  if [[ -n "$PROFILE" ]]; then
    mkdir -p "$PROFILE"
    # Spring + Axon stacks are deeper than JFR's default of 64 frames
    APP_OPTS+=(-XX:FlightRecorderOptions:stackdepth=512 "-XX:StartFlightRecording=filename=$PROFILE/app.jfr,settings=profile,dumponexit=true")
  fi
  # shellcheck disable=SC2206
  APP_OPTS+=(${APP_JAVA_OPTS:-})
  # The bench's runs are BYOK (key "bench"): a BYOK key has its own limit (benchmarkhub.limits.calls-per-key, docs/limits.md),
  # so it gets the same concurrency; the per-user fair-use limits on runs and trials are lifted for the bench's one user.
  APP_ARGS=(--benchmarkhub.providers.openai-compatible.local.base-url="http://127.0.0.1:$MODEL_PORT/v1"
            --benchmarkhub.providers.openai-compatible.local.max-concurrency="$CONCURRENCY"
            --benchmarkhub.limits.calls-per-key="$CONCURRENCY"
            --benchmarkhub.limits.trials-per-day=1000000000)
  start_app
  CLIENT_ARGS+=(--url "$URL" --admin-token "$ADMIN_TOKEN" --app-pid "$APP_PID" --pg-data "$DATA/postgres" --gc-log "$WORK/gc.log")
fi

mkdir -p "$ROOT/bench/results"
RESULT="$ROOT/bench/results/$LABEL-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -srm)"
  echo "# app JVM: $("$JAVA" -version 2>&1 | head -n 1); node $(node --version 2>/dev/null || echo none)"
  echo "# command: ${BENCH_COMMAND:-bench/runs.sh $ORIGINAL_ARGS}"
} >"$RESULT"
# the client: a single-threaded GC, so it takes as little CPU from the tools under test as it can
"$JAVA" -XX:+UseSerialGC -jar "$WORK/benchmarkhub-bench.jar" runs "${CLIENT_ARGS[@]}" 2>&1 | tee -a "$RESULT"
echo "results saved to $RESULT"

if [[ -n "$PROFILE" && -n "$APP_PID" ]]; then
  kill -TERM "$APP_PID"
  for _ in $(seq 1 120); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
  APP_PID=""
  WINDOW=($(sed -n 's/^measured window: \(\S*\) \(\S*\)$/\1 \2/p' "$RESULT" | tail -n 1))
  "$JAVA" -jar "$WORK/benchmarkhub-bench.jar" jfr-summary "$PROFILE/app.jfr" --top 30 \
    ${WINDOW:+--from "${WINDOW[0]}" --to "${WINDOW[1]}"} | tee "$PROFILE/jfr-summary.txt"
fi
