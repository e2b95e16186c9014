# Shared by the bench scripts (bench/run.sh, bench/runs.sh, bench/leaderboards.sh): source it, do not run it.
# They set ROOT, APP_JAR, BENCH_JAR, BUILD and KEEP before calling these.

# Sets JAVA to $JAVA_HOME/bin/java (or java on the PATH) and exits unless it is Java 21 or later.
require_java() {
  JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local major
  major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [[ -z "$major" || "$major" -lt 21 ]]; then
    echo "Java 21+ is needed (found '${major:-none}' at $JAVA); set JAVA_HOME" >&2
    exit 1
  fi
}

# Stops the app in APP_PID (TERM, then KILL after a minute) and the embedded PostgreSQL under DATA,
# which stops with the app but would be left running after a hard kill.
stop_app_and_postgres() {
  if [[ -n "${APP_PID:-}" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "stopping the app (pid $APP_PID)…"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$APP_PID" 2>/dev/null; then
      kill -KILL "$APP_PID" 2>/dev/null || true
    fi
  fi
  if [[ -f "$DATA/postgres/postmaster.pid" ]]; then
    local pg_pid
    pg_pid="$(head -n 1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)"
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then kill -INT "$pg_pid" 2>/dev/null || true; sleep 1; fi
  fi
}

# Builds the app and the bench client unless BUILD=0, then exits unless the bench jar is there, and the app jar
# too unless the first argument is "no-app".
build_and_check_jars() {
  if [[ $BUILD -eq 1 ]]; then
    echo "building the app and the bench client…"
    (cd "$ROOT" && ./mvnw -q -pl api,bench -am package -DskipTests)
  fi
  [[ "${1:-}" == no-app || -f "$APP_JAR" ]] || { echo "no app jar at $APP_JAR (build it, or drop --no-build)" >&2; exit 1; }
  [[ -f "$BENCH_JAR" ]] || { echo "no bench jar at $BENCH_JAR (build it, or drop --no-build)" >&2; exit 1; }
}

# Creates WORK (a temporary directory named after $1) with copies of the jars, so a rebuild during the benchmark
# cannot change what is measured; sets DATA and APP_PID, and on exit stops the app and removes WORK (kept with
# --keep or after a failure; $2 says what is in it, relative to WORK).
make_work_dir() {
  WORK="$(mktemp -d -t "benchmarkhub-$1.XXXXXX")"
  KEPT_WHAT="${2:-app log: app.log}"
  [[ ! -f "$APP_JAR" ]] || cp "$APP_JAR" "$WORK/benchmarkhub.jar"
  cp "$BENCH_JAR" "$WORK/benchmarkhub-bench.jar"
  DATA="$WORK/data"
  APP_PID=""
  trap cleanup_work_dir EXIT
  trap 'exit 130' INT TERM
}

cleanup_work_dir() {
  local status=$?
  stop_app_and_postgres
  if [[ $KEEP -eq 1 || $status -ne 0 ]]; then
    echo "kept $WORK ($KEPT_WHAT)"
  else
    rm -rf "$WORK"
  fi
  exit $status
}

# A free port for the app (PORT, URL) and a random admin token (ADMIN_TOKEN).
choose_port_and_token() {
  PORT="$("$JAVA" -jar "$WORK/benchmarkhub-bench.jar" free-port)"
  ADMIN_TOKEN="bench-admin-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  URL="http://127.0.0.1:$PORT"
}

# Starts the app copy on PORT with DATA and ADMIN_TOKEN, JVM options APP_OPTS plus the arguments, app arguments
# APP_ARGS (if set), logging to WORK/app.log; sets APP_PID and waits until it is healthy, at most HEALTH_TIMEOUT
# seconds (default 180: more on a busy machine), and exits if it is not.
start_app() {
  echo "starting the app on $URL (data in $DATA)…"
  "$JAVA" "${APP_OPTS[@]}" "$@" -jar "$WORK/benchmarkhub.jar" --server.port="$PORT" \
    --benchmarkhub.data-dir="$DATA" --benchmarkhub.bootstrap-admin-token="$ADMIN_TOKEN" ${APP_ARGS[@]+"${APP_ARGS[@]}"} \
    >>"$WORK/app.log" 2>&1 &
  APP_PID=$!
  if ! "$JAVA" -jar "$WORK/benchmarkhub-bench.jar" wait-health --url "$URL" --pid "$APP_PID" --admin-token "$ADMIN_TOKEN" --timeout "${HEALTH_TIMEOUT:-180}"; then
    tail -n 50 "$WORK/app.log" >&2
    exit 1
  fi
  echo "the app is healthy (pid $APP_PID)"
}
