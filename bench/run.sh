#!/usr/bin/env bash
# BenchmarkHub end-to-end performance benchmark (see docs/performance.md).
# Builds the app and the bench client, starts a copy of the app on a free port with a fresh data
# directory (embedded PostgreSQL), waits for health, runs the client, prints the results (also
# saved under bench/results/) and stops the app again, whatever happens.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [options]
  --duration S         measured seconds of edit commands (default 30)
  --commands N         measure a fixed number of edit commands instead of a duration
  --clients N          concurrent HTTP clients (default 16)
  --warmup S           warm-up seconds before measuring, not counted (default 60: the JIT needs about that long here)
  --shared             also measure all clients editing one shared benchmark
  --replay-events N    events in the store before the replays (default 200000)
  --skip-commands      only the replay part
  --skip-replay        only the edit-command part
  --no-build           use the jars already built (api/target, bench/target)
  --app-jar PATH       the app jar to run (default api/target/benchmarkhub.jar)
  --profile DIR        profile the app: a Java Flight Recording (DIR/app.jfr, summarised into
                       DIR/jfr-summary.txt) and PostgreSQL's pg_stat_statements (DIR/postgres.txt,
                       needs psql); run one part at a time (--skip-replay / --skip-commands)
  --keep               keep the temporary directory (app log, PostgreSQL data)
Environment: JAVA_HOME (JDK 21+), APP_JAVA_OPTS (extra JVM options for the app).
EOF
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
    --duration|--commands|--clients|--warmup|--replay-events)
      [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
      CLIENT_ARGS+=("$1" "$2"); shift 2 ;;
    --shared|--skip-commands|--skip-replay) CLIENT_ARGS+=("$1"); shift ;;
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

make_work_dir bench
choose_port_and_token
APP_OPTS=(-Daxoniq.update-checker.disabled=true)
# shellcheck disable=SC2206
APP_OPTS+=(${APP_JAVA_OPTS:-})

stop_app() {
  kill -TERM "$APP_PID"
  for _ in $(seq 1 120); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

if [[ -n "$PROFILE" ]]; then
  mkdir -p "$PROFILE"
  # a first start creates the database; pg_stat_statements must be preloaded, so PostgreSQL restarts with it
  start_app
  stop_app
  printf "shared_preload_libraries = 'pg_stat_statements'\ntrack_io_timing = on\n" >>"$DATA/postgres/postgresql.conf"
  # Spring + Axon stacks are deeper than JFR's default of 64 frames
  start_app -XX:FlightRecorderOptions:stackdepth=512 \
    "-XX:StartFlightRecording=filename=$PROFILE/app.jfr,settings=profile,dumponexit=true"
else
  start_app
fi

mkdir -p "$ROOT/bench/results"
RESULT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(uname -srm)"
  echo "# app JVM: $("$JAVA" -version 2>&1 | head -n 1)"
  echo "# command: bench/run.sh $ORIGINAL_ARGS"
} >"$RESULT"
# the client: a single-threaded GC, so it takes as little CPU from the app as it can
"$JAVA" -XX:+UseSerialGC -jar "$WORK/benchmarkhub-bench.jar" run \
  --url "$URL" --admin-token "$ADMIN_TOKEN" --app-pid "$APP_PID" --pg-data "$DATA/postgres" \
  "${CLIENT_ARGS[@]}" 2>&1 | tee -a "$RESULT"
echo "results saved to $RESULT"

if [[ -n "$PROFILE" ]]; then
  if command -v psql >/dev/null; then
    PG_PORT="$(sed -n 4p "$DATA/postgres/postmaster.pid")"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -X -q -P pager=off >"$PROFILE/postgres.txt" 2>&1 <<'SQL' || true
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\echo 'Time inside PostgreSQL (pg_stat_statements, executor time, all statements of the run)'
SELECT sum(calls) AS calls, round(sum(total_exec_time)) AS total_exec_ms FROM pg_stat_statements;
SELECT calls, round(total_exec_time) AS total_ms,
       round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS pct,
       round(mean_exec_time::numeric, 3) AS mean_ms, rows,
       left(regexp_replace(query, '\s+', ' ', 'g'), 220) AS query
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25;
\echo 'Statements per stored event (all statements of the run, warm-up and start included, divided by the events stored)'
SELECT sum(calls) AS statements, (SELECT count(*) FROM domain_event_entry) AS events,
       round(sum(calls)::numeric / greatest(1, (SELECT count(*) FROM domain_event_entry)), 1) AS statements_per_event,
       round(sum(calls) FILTER (WHERE query ~* '^\s*(begin|commit|rollback)')::numeric
             / greatest(1, (SELECT count(*) FROM domain_event_entry)), 1) AS transaction_statements_per_event
  FROM pg_stat_statements;
\echo 'Most frequent statements'
SELECT calls, round((calls::numeric / greatest(1, (SELECT count(*) FROM domain_event_entry))), 2) AS per_event,
       round(total_exec_time) AS total_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
  FROM pg_stat_statements ORDER BY calls DESC LIMIT 20;
\echo 'Row churn per table'
SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_live_tup, n_dead_tup,
       pg_size_pretty(pg_total_relation_size(relid)) AS size
  FROM pg_stat_user_tables ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC LIMIT 15;
SQL
    echo "PostgreSQL statement times: $PROFILE/postgres.txt"
    sed -n 1,80p "$PROFILE/postgres.txt"
  else
    echo "psql not found: no PostgreSQL statement profile"
  fi
  stop_app
  "$JAVA" -jar "$WORK/benchmarkhub-bench.jar" jfr-summary "$PROFILE/app.jfr" --top 30 | tee "$PROFILE/jfr-summary.txt"
fi
