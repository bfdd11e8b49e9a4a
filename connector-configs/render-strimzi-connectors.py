#!/usr/bin/env python3
"""Writes strimzi/connectors/<name>.yaml from rest/<name>.json, and strimzi/metrics-configmap.yaml from
metrics/jmx-exporter-rules.yml when that exists, so copies never drift (StrimziCrdSchemaTest checks the connector
configs and the exporter rules match; --check checks the files are exactly what this script writes).

Run after editing a REST config or the exporter rules:  python3 connector-configs/render-strimzi-connectors.py
(needs PyYAML)
Check without writing:            python3 connector-configs/render-strimzi-connectors.py --check
"""
import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent


def render(rest_file: pathlib.Path) -> str:
    spec = json.loads(rest_file.read_text())
    config = dict(spec["config"])
    connector_class = config.pop("connector.class")
    tasks_max = int(config.pop("tasks.max", "1"))
    resource = {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaConnector",
        "metadata": {
            "name": spec["name"],
            "namespace": "kafka",
            "labels": {"strimzi.io/cluster": "connect-ai"},
        },
        "spec": {"class": connector_class, "tasksMax": tasks_max, "config": config},
    }
    header = (f"# KafkaConnector for pipeline '{spec['name']}'; same config as rest/{rest_file.name} "
              "(a test checks).\n")
    return header + yaml.safe_dump(resource, sort_keys=False, allow_unicode=True)


METRICS_CONFIG_MAP_HEADER = """\
# Prometheus JMX exporter configuration for KafkaConnect spec.metricsConfig (key metrics-config.yml).
# Written by render-strimzi-connectors.py from connector-configs/metrics/jmx-exporter-rules.yml (a test checks).
apiVersion: v1
kind: ConfigMap
metadata:
  name: connect-ai-metrics
  namespace: kafka
data:
"""


def render_metrics_config_map(rules: str) -> str:
    # A block scalar keeps the rules byte for byte; the chomping indicator keeps their trailing newlines.
    body = rules.rstrip("\n")
    trailing = len(rules) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = "".join(("    " + line if line else "") + "\n" for line in body.split("\n"))
    return METRICS_CONFIG_MAP_HEADER + f"  metrics-config.yml: |{chomp}\n" + lines + "\n" * max(0, trailing - 1)


def main() -> None:
    check = "--check" in sys.argv[1:]
    out_dir = HERE / "strimzi" / "connectors"
    stale = []
    targets = [(out_dir / (f.stem + ".yaml"), render(f)) for f in sorted((HERE / "rest").glob("*.json"))]
    rules = HERE / "metrics" / "jmx-exporter-rules.yml"
    if rules.exists():
        targets.append((HERE / "strimzi" / "metrics-configmap.yaml", render_metrics_config_map(rules.read_text())))
    for target, text in targets:
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(target.name)
        else:
            target.write_text(text)
    if check:
        rendered = {f.stem + ".yaml" for f in (HERE / "rest").glob("*.json")}
        stale += sorted(f.name + " (no rest/*.json)" for f in out_dir.glob("*.yaml") if f.name not in rendered)
        if stale:
            print("stale, re-run without --check: " + ", ".join(stale), file=sys.stderr)
            sys.exit(1)
        print(f"{len(targets)} rendered files are current")


if __name__ == "__main__":
    main()
