#!/usr/bin/env bash
# Semantic search over a Qdrant collection, e.g. what ./run.sh loaded:
#
#   ./search.sh [--distinct] [--model NAME] "query text" [top-k] [collection]      (defaults: 5, reviews)
#
# The query is embedded in-process, in the query form, with the model the shipped configs embed documents with
# (bge-small-en-v1.5-q; --model names another catalogue model, which must be the one the collection was filled
# with), then sent to Qdrant at QDRANT_URL (with QDRANT_API_KEY if set), or to localhost:6334 when QDRANT_URL is
# unset: the demo's in-process Qdrant-API server while ./run.sh --stay-up runs. --distinct skips hits whose text
# repeats an earlier hit's (the synthetic reviews reuse their sentences).
set -euo pipefail
cd "$(dirname "$0")"
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --distinct) options+=(--distinct); shift ;;
    --model) [ $# -ge 2 ] || { echo "--model needs a model name" >&2; exit 64; }; options+=(--model "$2"); shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: ./search.sh [--distinct] [--model NAME] \"query text\" [top-k] [collection]" >&2
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
  dev.connectai.demo.SemanticSearch "${options[@]}" "${2:-5}" "${3:-reviews}" "$1"
