#!/usr/bin/env bash
# The main job: builds the plugin pack, starts a local KRaft broker and a Connect worker with the pack on
# plugin.path (REST on localhost:8083), lists the loaded plugins, runs a small embedding pipeline and stays
# up until Ctrl-C. Pass --exit to stop after the demo.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -ntp install -DskipTests
exec mvn -B -q -ntp -pl demo-runner exec:exec -Ddemo.args="${1:---stay-up}"
