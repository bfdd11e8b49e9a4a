#!/usr/bin/env bash
# Semantic search over a Qdrant collection, e.g. what ./run.sh loaded:
#
#   ./search.sh [--distinct] "query text" [top-k] [collection]      (defaults: 5, reviews)
#
# The query is embedded in-process with the same int8 MiniLM the pipelines' EmbedText uses, then sent to Qdrant
# at QDRANT_URL (with QDRANT_API_KEY if set), or to localhost:6334 when QDRANT_URL is unset: the demo's in-process
# Qdrant-API server while ./run.sh --stay-up runs. --distinct skips hits whose text repeats an earlier hit's (the
# synthetic reviews reuse their sentences).
set -euo pipefail
cd "$(dirname "$0")"
distinct=()
if [ "${1:-}" = "--distinct" ]; then
  distinct=(--distinct)
  shift
fi
if [ $# -lt 1 ]; then
  echo "usage: ./search.sh [--distinct] \"query text\" [top-k] [collection]" >&2
  exit 64
fi
# Plain java with the classpath the build wrote: a search takes seconds, not a Maven run.
classpath_file=demo-runner/target/search-classpath.txt
if [ ! -f "$classpath_file" ] || [ ! -d demo-runner/target/classes ]; then
  echo "Building the search command first (./run.sh builds it too) ..." >&2
  mvn -B -q -ntp -pl demo-runner -am install -DskipTests
fi
exec java -Dlog4j2.configurationFile=demo-runner/src/main/resources/log4j2-search.properties \
  -cp "demo-runner/target/classes:$(cat "$classpath_file")" \
  dev.connectai.demo.SemanticSearch "${distinct[@]}" "${2:-5}" "${3:-reviews}" "$1"
