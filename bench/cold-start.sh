#!/usr/bin/env bash
# Cold start of the embedded default (docs/performance.md, "Cold start"): the time from starting
# `java -jar benchmarkhub.jar` to the first 200 of /actuator/health, with a breakdown taken from the app's log
# (its timestamps against the process start), the CPU the app JVM and PostgreSQL used until then, and what other
# processes used meanwhile (the machine may be shared). Runs each variant --runs times, interleaved (A B A B …),
# on a copy of the jar, on a free port, and stops every app it started.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/cold-start.sh [options]
  --runs N               measured starts per variant (default 5), interleaved across variants
  --fresh                every start on a new, empty data directory (first start: initdb, all migrations,
                         admin, golden library); default: a restart on a data directory made by one
                         unmeasured start before (the README's "a restart keeps everything")
  --variant NAME=JAR     a variant to measure (repeatable); default: current=api/target/benchmarkhub.jar
  --script NAME=JAR      a variant started as the README does, through scripts/start.sh with this jar (on JDK 25+ the
                         extracted jar with the AOT cache that its unmeasured first start records; ADR 0050)
  --opts NAME=OPTIONS    extra JVM options for the variant NAME (e.g. 'aot=-XX:AOTCache=/tmp/app.aot'; JAVA_OPTS of a
                         --script variant)
  --no-build             use the jar already built
  --keep                 keep the temporary directory (logs, data)
Environment: JAVA_HOME (JDK 21+). Output also saved to bench/results/cold-start-<UTC time>.txt.
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5; FRESH=0; BUILD=1; KEEP=0
declare -a NAMES=(); declare -A JARS=(); declare -A OPTS=(); declare -A SCRIPT=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    --variant) NAMES+=("${2%%=*}"); JARS[${2%%=*}]="$(realpath "${2#*=}")"; shift 2 ;;
    --script) NAMES+=("${2%%=*}"); JARS[${2%%=*}]="$(realpath "${2#*=}")"; SCRIPT[${2%%=*}]=1; shift 2 ;;
    --opts) OPTS[${2%%=*}]="${2#*=}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/lib/app.sh
source "$ROOT/bench/lib/app.sh"
require_java
if [[ ${#NAMES[@]} -eq 0 ]]; then NAMES=(current); JARS[current]="$ROOT/api/target/benchmarkhub.jar"; fi
if [[ $BUILD -eq 1 ]]; then
  echo "building the app…"
  (cd "$ROOT" && ./mvnw -q -pl api -am package -DskipTests)
fi

WORK="$(mktemp -d -t benchmarkhub-cold-start.XXXXXX)"
RESULTS="$ROOT/bench/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/cold-start-$(date -u +%Y%m%dT%H%M%SZ).txt"
APP_PID=""; DATA=""; STOP_TRIES=120
stop_app() {
  [[ -n "$APP_PID" ]] || return 0
  kill -TERM "$APP_PID" 2>/dev/null || true
  # a start through scripts/start.sh that records the AOT cache writes it while it stops: give it 5 minutes, not 30 s
  for _ in $(seq 1 "$STOP_TRIES"); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  # a hard-killed app leaves its PostgreSQL running
  if [[ -n "$DATA" && -f "$DATA/postgres/postmaster.pid" ]]; then
    local pg; pg="$(head -n 1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)"
    [[ -z "$pg" ]] || kill -INT "$pg" 2>/dev/null || true
    sleep 1
  fi
}
cleanup() { local s=$?; stop_app; if [[ $KEEP -eq 1 || $s -ne 0 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; exit $s; }
trap cleanup EXIT; trap 'exit 130' INT TERM

declare -A RUN_JAR=()
for n in "${NAMES[@]}"; do
  if [[ -n "${SCRIPT[$n]:-}" ]]; then
    # the script extracts the jar and keeps the cache in a directory of the variant's own
    mkdir -p "$WORK/$n"; cp "${JARS[$n]}" "$WORK/$n/benchmarkhub.jar"; RUN_JAR[$n]="$WORK/$n/benchmarkhub.jar"
  elif [[ -d "$(dirname "${JARS[$n]}")/lib" ]]; then
    # an extracted jar (java -Djarmode=tools -jar … extract) runs in place: its lib/ is next to it, and an AOT cache
    # made from it names that class path
    RUN_JAR[$n]="${JARS[$n]}"
  else
    mkdir -p "$WORK/$n"; cp "${JARS[$n]}" "$WORK/$n/benchmarkhub.jar"; RUN_JAR[$n]="$WORK/$n/benchmarkhub.jar"
  fi
done
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
tree_jiffies() {  # CPU (user+system, jiffies) of the given pids and all their descendants, dead children included
  python3 - "$@" <<'PY'
import os, sys
roots = {int(p) for p in sys.argv[1:] if p}
kids = {}
for d in os.listdir('/proc'):
    if d.isdigit():
        try:
            f = open(f'/proc/{d}/stat').read().rsplit(')', 1)[1].split()
            kids.setdefault(int(f[1]), []).append(int(d))
        except Exception:
            pass
total, todo, seen = 0, list(roots), set()
while todo:
    p = todo.pop()
    if p in seen: continue
    seen.add(p)
    try:
        f = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()
        total += sum(int(x) for x in f[11:15])  # utime stime cutime cstime
    except Exception:
        pass
    todo += kids.get(p, [])
print(total)
PY
}

breakdown() {  # $1 = log, $2 = process start (epoch ms), $3 = health (epoch ms)
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys, datetime
log, t0, th = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
marks = [
    ("spring boot starts (JVM + launcher)", r"Starting \w+Application"),
    ("web context initialized (bean definitions, Tomcat)", r"Root WebApplicationContext: initialization completed"),
    ("the app has its PostgreSQL (embeddedPostgres bean)", r"Embedded PostgreSQL listening"),
    ("Flyway validated", r"Successfully validated \d+ migrations"),
    ("Flyway done", r"Schema .* is up to date|Successfully applied \d+ migration"),
    ("first Axon processor starting", r"Starting PooledStreamingEventProcessor"),
    ("Tomcat started", r"Tomcat started on port"),
    ("Spring context started", r"Started \w+Application in"),
]
seen = {}
for line in open(log, errors="replace"):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z", line)
    if not m: continue
    ts = int(datetime.datetime.fromisoformat(m.group(1)).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)
    for name, rx in marks:
        if name not in seen and re.search(rx, line):
            seen[name] = ts
prev = t0
for name, _ in marks:
    if name in seen:
        print(f"    {seen[name] - t0:>7} ms  (+{seen[name] - prev:>6})  {name}")
        prev = seen[name]
print(f"    {th - t0:>7} ms  (+{th - prev:>6})  first 200 of /actuator/health")
PY
}

one_start() {  # $1 = variant, $2 = run number
  local n=$1 log="$WORK/$1-$2.log"
  if [[ $FRESH -eq 1 ]]; then DATA="$WORK/data-$n-$2"; else DATA="$WORK/data-$n"; fi
  local hz; hz=$(getconf CLK_TCK)
  local b0 t0 t1 b1 app pg
  b0=$(busy_jiffies); t0=$(date +%s%3N)
  if [[ -n "${SCRIPT[$n]:-}" ]]; then
    STOP_TRIES=1200
    JAVA_HOME="$(dirname "$(dirname "$(command -v "$JAVA")")")" BENCHMARKHUB_JAR="${RUN_JAR[$n]}" \
      BENCHMARKHUB_APP_DIR="$WORK/$n/app" JAVA_OPTS="-Daxoniq.update-checker.disabled=true ${OPTS[$n]:-}" \
      "$ROOT/scripts/start.sh" --server.port="$PORT" --benchmarkhub.data-dir="$DATA" >"$log" 2>&1 &
  else
    STOP_TRIES=120
    # shellcheck disable=SC2086
    "$JAVA" -Daxoniq.update-checker.disabled=true ${OPTS[$n]:-} -jar "${RUN_JAR[$n]}" --server.port="$PORT" \
      --benchmarkhub.data-dir="$DATA" >"$log" 2>&1 &
  fi
  APP_PID=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/actuator/health")" == 200 ]]; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$log" >&2; echo "the app exited" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%3N); b1=$(busy_jiffies)
  app=$(tree_jiffies "$APP_PID")
  pg=$(tree_jiffies "$(head -n 1 "$DATA/postgres/postmaster.pid" 2>/dev/null)")
  local wall=$((t1 - t0))
  local other=$(( (b1 - b0) - app - pg ))
  ((other < 0)) && other=0
  printf '%s run %s: %6d ms to the first 200 | CPU: app JVM %5.1f s, PostgreSQL %4.1f s | other processes %.2f cores | load %s\n' \
    "$n" "$2" "$wall" "$(echo "$app/$hz" | bc -l)" "$(echo "$pg/$hz" | bc -l)" "$(echo "$other/$hz/($wall/1000)" | bc -l)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  breakdown "$log" "$t0" "$t1"
  [[ $2 == 0 ]] || echo "$n $wall $(echo "$app/$hz" | bc -l)" >>"$WORK/walls"
  stop_app
}

exec > >(tee "$OUT") 2>&1
echo "# cold start, $(date -u +%FT%TZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -n 1), runs=$RUNS fresh=$FRESH"
for n in "${NAMES[@]}"; do echo "# variant $n: ${SCRIPT[$n]:+scripts/start.sh with }${JARS[$n]} ${OPTS[$n]:-}"; done
for n in "${NAMES[@]}"; do
  if [[ $FRESH -eq 0 ]]; then
    echo "preparing the data directory of $n (one unmeasured first start)…"
    one_start "$n" 0 >/dev/null
  elif [[ -n "${SCRIPT[$n]:-}" ]]; then
    echo "recording the AOT cache of $n (one unmeasured first start through scripts/start.sh)…"
    one_start "$n" 0 >/dev/null
  fi
done
for r in $(seq 1 "$RUNS"); do
  for n in "${NAMES[@]}"; do one_start "$n" "$r"; done
done
echo "## summary: ms to the first 200 of /actuator/health, and CPU seconds of the app JVM until then"
for n in "${NAMES[@]}"; do
  awk -v n="$n" '$1==n{print $2}' "$WORK/walls" | sort -n | awk -v n="$n" '{a[NR]=$1} END {printf "%s: median %d ms, min %d, max %d, runs %s", n, (NR%2?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2), a[1], a[NR], NR}'
  awk -v n="$n" '$1==n{print $3}' "$WORK/walls" | sort -n | awk '{a[NR]=$1} END {printf " | app CPU median %.1f s, min %.1f, max %.1f\n", (NR%2?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2), a[1], a[NR]}'
done
echo "results in $OUT"
