#!/usr/bin/env bash
# Library first page in Chromium (docs/performance.md, "Library first page"): a fresh app on an embedded PostgreSQL,
# N benchmarks loaded through the API (LibrarySearchBench load, the data set of bench/library-search.sh), then
# bench/library-page.mjs opens / signed out in Chromium RUNS times and prints first contentful paint, first useful
# paint, time to interactive and the first-load JavaScript gzipped.
# Usage: bench/library-page.sh [--count N (100000)] [--clients N (32)] [--runs N (7)] [--no-build] [--keep]
# Needs: JAVA_HOME (JDK 21+), Node 20+ with web/node_modules (npm ci), /usr/bin/chromium (or CHROMIUM).
# Building packages api and bench (no install); --no-build uses api/target/benchmarkhub.jar and bench/target/benchmarkhub-bench.jar.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT=100000; CLIENTS=32; RUNS=7; BUILD=1; KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
APP_JAR="$ROOT/api/target/benchmarkhub.jar"
BENCH_JAR="$ROOT/bench/target/benchmarkhub-bench.jar"
RESULTS="$ROOT/bench/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/library-page-$(date -u +%Y%m%dT%H%M%SZ).txt"
APP_OPTS=(-Xmx2g -Daxoniq.update-checker.disabled=true)

# shellcheck source=bench/lib/app.sh
source "$ROOT/bench/lib/app.sh"
require_java
build_and_check_jars
make_work_dir library-page-bench
choose_port_and_token
start_app

{ echo "# library first page bench, $(date -u +%FT%TZ), $(nproc) cores, count=$COUNT runs=$RUNS"; } | tee "$OUT"
"$JAVA" -cp "$WORK/benchmarkhub-bench.jar" io.benchmarkhub.bench.LibrarySearchBench "$URL" $ADMIN_TOKEN load count="$COUNT" clients="$CLIENTS" | tee -a "$OUT"
# the library projection catches up before the page is measured: the first page is then the full data set's (the
# total itself is capped at 10,000 and cannot say so, so the wait reads the projection's lag)
for _ in $(seq 1 600); do
  LAG=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$URL/api/admin/projections" \
    | python3 -c 'import json,sys; print(next((p["lag"] for p in json.load(sys.stdin) if p["name"] == "library"), -1))')
  [[ "$LAG" == 0 ]] && break
  sleep 1
done
TOTAL=$(curl -fsS "$URL/api/library?size=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(("at least " if d.get("totalRelation") == "gte" else "") + str(d.get("total")))')
echo "library total (public, as the signed-out page sees it): $TOTAL" | tee -a "$OUT"
(cd "$ROOT/web" && BASE_URL="$URL" RUNS="$RUNS" node ../bench/library-page.mjs) | tee -a "$OUT"
echo "results in $OUT"
