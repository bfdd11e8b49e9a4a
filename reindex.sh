#!/usr/bin/env bash
# Zero-downtime re-index of a Qdrant sink pipeline (README, "Zero-downtime re-index"), e.g. to a new model:
#
#   ./reindex.sh --connector rag-documents-to-qdrant --alias documents --new-collection documents-v2 \
#       --bootstrap-servers localhost:9092 --set model.name=bge-small-en-v1.5-q --set chunk.size.tokens=256
#
# Starts a second sink connector with the new settings into the new collection, waits until it has caught up,
# refuses to switch if it holds fewer live documents than the old collection, switches the alias in one request,
# deletes the old connector and keeps the old collection (--drop-old drops it). Connect REST at --connect
# (default http://localhost:8083); Qdrant at QDRANT_URL (with QDRANT_API_KEY), or localhost:6334 when unset.
# ./reindex.sh --help lists every argument.
set -euo pipefail
cd "$(dirname "$0")"
# Plain java with the classpath the build wrote (the search command's): no Maven run per re-index.
classpath_file=demo-runner/target/search-classpath.txt
if [ ! -f "$classpath_file" ] || [ ! -d demo-runner/target/classes ]; then
  echo "Building the command first (./run.sh builds it too) ..." >&2
  mvn -B -q -ntp -pl demo-runner -am install -DskipTests
fi
exec java -Dlog4j2.configurationFile=demo-runner/src/main/resources/log4j2-search.properties \
  -cp "demo-runner/target/classes:$(cat "$classpath_file")" \
  dev.connectai.demo.Reindex "$@"
