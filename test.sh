#!/usr/bin/env bash
# Builds everything, packages the plugin pack, and runs unit tests and the integration tests that load the
# packaged plugin folder into real Kafka Connect workers.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
