# Shared by the bench scripts (bench/run.sh, bench/runs.sh): source it, do not run it.

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
