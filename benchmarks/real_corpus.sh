#!/usr/bin/env bash
# The 447 Ukraine-war articles (ukraine_war_news, country of publication as the group) through
# ingest -> features -> topics -> `framing batch --per group`, timing each step.
#
#   benchmarks/real_corpus.sh            # work folder: /tmp/framing-real (override with WORK=...)
#
# The CSV is copied into the work folder (never into the repository); the reports
# land in $WORK/reports/index.html: per-country group reports (each country against the rest)
# plus the corpus overview, the comparison of all countries, topics and the lexicon audit.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-../shared/eval/ukraine_war_news/articles.csv}
WORK=${WORK:-/tmp/framing-real}
FRAMING=${FRAMING:-.venv/bin/framing}
JOBS=${JOBS:-2}

rm -rf "$WORK"
mkdir -p "$WORK/raw"
# A copy, not a link: ingest never follows a link out of the raw folder.
cp "$CSV" "$WORK/raw/articles.csv"

start=$(date +%s)
step() { local t0; t0=$(date +%s); "$@"; echo "[$(( $(date +%s) - t0 )) s] $*" >&2; }

# ingest exits 1 when some records failed (they are listed in errors.parquet); keep going.
step "$FRAMING" ingest "$WORK/raw" --out "$WORK/processed" \
    --columns text=text,date=published_utc --jobs "$JOBS" --no-progress || true
step "$FRAMING" features --processed "$WORK/processed" --jobs "$JOBS" --no-progress
step "$FRAMING" topics --processed "$WORK/processed" --k 8 --no-progress
step "$FRAMING" batch --per group --group-by country --processed "$WORK/processed" \
    --out "$WORK/reports" --jobs "$JOBS" --no-progress
echo "total wall time: $(( $(date +%s) - start )) s; open $WORK/reports/index.html" >&2
