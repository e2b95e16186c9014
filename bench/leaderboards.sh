#!/usr/bin/env bash
# Leaderboards, KPIs, contamination detector and rebuild over a large history (issues 6 and 7; docs/performance.md,
# "Leaderboards, KPIs, detector and rebuild over 1,000,000 trial events"). Builds unless --no-build, starts a copy of the
# app on a free port with a fresh data directory (embedded PostgreSQL), seeds ~1,000,000 trial events straight into its
# event store (LeaderboardSeed: the domain's event records, serialized as the app does, one COPY), waits for the
# projections to catch up, measures query latency under concurrent clients, the detector over all scores, and the
# replay rate of each projection and of all at once; prints the results (also saved under bench/results/) and stops
# the app whatever happens.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/leaderboards.sh [options]
  --small               a quick try: 50,000 trial events, 200 benchmarks, 20 models, 50 users, 10 s warm-up, 20 s measured
  --trial-events N      trial events to seed, about (default 1000000)
  --benchmarks N        benchmarks (default 2000)
  --models N            models (default 50)
  --users N             users (default 200)
  --days N              days of event time, up to the start of --end (default 90)
  --end YYYY-MM-DD      the day after the last event (default today, UTC: the KPIs' default window covers it)
  --seed N              random seed (default 42); the same options give the same events
  --clients N           concurrent query clients (default 16)
  --warmup S            query warm-up seconds, not counted (default 30)
  --duration S          measured query seconds (default 60)
  --detector-repeats N  timed detector passes after one warm-up pass (default 5)
  --replay a,b,…        projections to rebuild (default: benchmark-detail, benchmark-forks, library, runs,
                        leaderboards, credit-ledger, finance, kpis)
  --skip-queries | --skip-detector | --skip-replay    leave a phase out
  --no-build            use the jars already built (api/target, bench/target)
  --app-jar PATH        the app jar to run (default api/target/benchmarkhub.jar)
  --profile DIR         a Java Flight Recording of the app (DIR/app.jfr, summarised into DIR/jfr-summary.txt;
                        each phase prints its window for jfr-summary --from/--to), and PostgreSQL's
                        pg_stat_statements over the measured query window (printed by the query phase: statements
                        per answered request, the most frequent and the costliest ones)
  --keep                keep the temporary directory (app log, PostgreSQL data)
Environment: JAVA_HOME (JDK 21+), APP_JAVA_OPTS (extra JVM options for the app).
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
PROFILE=""
CLIENT_ARGS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --trial-events|--benchmarks|--models|--users|--days|--end|--seed|--clients|--warmup|--duration|--detector-repeats|--replay)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    --small)
      CLIENT_ARGS+=(--trial-events 50000 --benchmarks 200 --models 20 --users 50 --warmup 10 --duration 20); shift ;;
    --skip-queries|--skip-detector|--skip-replay) CLIENT_ARGS+=("$1"); shift ;;
    --no-build) BUILD=0; shift ;;
    --app-jar) APP_JAR="$2"; shift 2 ;;
    --profile) PROFILE="$(realpath -m "$2")"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

require_java

build_and_check_jars

make_work_dir leaderboards
choose_port_and_token
APP_OPTS=(-Daxoniq.update-checker.disabled=true)
# shellcheck disable=SC2206
APP_OPTS+=(${APP_JAVA_OPTS:-})

if [[ -n "$PROFILE" ]]; then
  mkdir -p "$PROFILE"
  # a first start creates the database; pg_stat_statements must be preloaded, so PostgreSQL restarts with it (the
  # client resets and reads it around the measured query window)
  start_app
  stop_app_and_postgres
  APP_PID=""
  printf "shared_preload_libraries = 'pg_stat_statements'\ntrack_io_timing = on\n" >>"$DATA/postgres/postgresql.conf"
  # Spring + Axon stacks are deeper than JFR's default of 64 frames
  start_app -XX:FlightRecorderOptions:stackdepth=512 \
    "-XX:StartFlightRecording=filename=$PROFILE/app.jfr,settings=profile,dumponexit=true"
else
  start_app
fi

mkdir -p "$ROOT/bench/results"
RESULT="$ROOT/bench/results/leaderboards-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -srm)"
  echo "# app JVM: $("$JAVA" -version 2>&1 | head -n 1); app commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "# command: bench/leaderboards.sh $ORIGINAL_ARGS"
} >"$RESULT"
# the client: a single-threaded GC, so it takes as little CPU from the app as it can (the seeder needs a few hundred MB)
"$JAVA" -XX:+UseSerialGC -Xmx2g -jar "$WORK/benchmarkhub-bench.jar" leaderboards \
  --url "$URL" --admin-token "$ADMIN_TOKEN" --app-pid "$APP_PID" --pg-data "$DATA/postgres" \
  "${CLIENT_ARGS[@]}" 2>&1 | tee -a "$RESULT"
{
  echo
  echo "The app's own contamination passes (ContaminationPolicy, after completed runs' scores were stored; the last ones ran on all data):"
  grep -o 'contamination detector: .*' "$WORK/app.log" | tail -n 5 || echo "  (none logged)"
  echo "  ($(grep -c 'contamination detector: ' "$WORK/app.log" || true) passes in all)"
} | tee -a "$RESULT"
echo "results saved to $RESULT"

if [[ -n "$PROFILE" ]]; then
  stop_app_and_postgres
  APP_PID=""
  "$JAVA" -jar "$WORK/benchmarkhub-bench.jar" jfr-summary "$PROFILE/app.jfr" --top 30 | tee "$PROFILE/jfr-summary.txt"
fi
