#!/usr/bin/env bash
# Semantic search over a Qdrant collection, e.g. what ./run.sh loaded:
#
#   ./search.sh [--distinct] [--model NAME] [--mode dense|sparse|hybrid] [--fusion rrf|dbsf]
#               [--sink-config FILE] [--bm25-language L] [--bm25-stemming S] [--bm25-stopwords W]
#               [--sparse-vector NAME] "query text" [top-k] [collection]           (defaults: 5, reviews)
#
# The query is embedded in-process, in the query form, with the model the shipped configs embed documents with
# (bge-small-en-v1.5-q; --model names another catalogue model, which must be the one the collection was filled
# with), then sent to Qdrant at QDRANT_URL (with QDRANT_API_KEY if set), or to localhost:6334 when QDRANT_URL is
# unset: the demo's in-process Qdrant-API server while ./run.sh --stay-up runs. --distinct skips hits whose text
# repeats an earlier hit's (the synthetic reviews reuse their sentences). --mode sparse searches the BM25 sparse
# vector the sink writes, --mode hybrid fuses a dense and a sparse search in Qdrant (RRF, or --fusion dbsf); the
# default is hybrid when the collection has a BM25 (modifier idf) sparse vector, else dense. The query's BM25
# settings must be the sink's: --sink-config reads its sparse.bm25.* keys from the connector JSON, --bm25-* set them.
set -euo pipefail
caller_dir=$PWD
cd "$(dirname "$0")"
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --distinct) options+=(--distinct); shift ;;
    --sink-config)
      [ $# -ge 2 ] || { echo "$1 needs a file" >&2; exit 64; }
      case "$2" in /*) file="$2" ;; *) file="$caller_dir/$2" ;; esac  # relative to where the user ran this
      options+=("$1" "$file"); shift 2 ;;
    --model|--mode|--fusion|--bm25-language|--bm25-stemming|--bm25-stopwords|--sparse-vector)
      [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 64; }; options+=("$1" "$2"); shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: ./search.sh [--distinct] [--model NAME] [--mode dense|sparse|hybrid] [--fusion rrf|dbsf]" \
    "[--sink-config FILE] [--bm25-language L] [--bm25-stemming S] [--bm25-stopwords W] [--sparse-vector NAME]" \
    "\"query text\" [top-k] [collection]" >&2
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
