#!/usr/bin/env bash
# The main job, the end-to-end demo: builds the plugin pack, then starts a local KRaft broker, a Connect worker
# with the pack on plugin.path (REST on localhost:8083) and Qdrant (the one QDRANT_URL names, with QDRANT_API_KEY;
# otherwise the in-process server speaking Qdrant's gRPC API on localhost:6334, not Qdrant itself). It posts
# the committed connector JSON (synthetic reviews -> EmbedText -> Kafka -> Qdrant sink; the LLM pipelines too when
# OPENAI_BASE_URL or OLLAMA_BASE_URL is set), prints live progress, runs semantic searches, and stays up until
# Ctrl-C (then try ./search.sh "your query").
#
# Usage: ./run.sh [--exit | --stay-up] [--seconds N]
#   --exit       stop after the searches (exit code 0 only if every step worked)
#   --stay-up    keep everything running (default)
#   --seconds N  watch the pipeline for N seconds before searching (default 30)
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp install -DskipTests
exec mvn -B -q -ntp -pl demo-runner exec:exec -Ddemo.args="${*:---stay-up}"
