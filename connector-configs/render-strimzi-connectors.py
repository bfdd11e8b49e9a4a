#!/usr/bin/env python3
"""Writes strimzi/connectors/<name>.yaml from rest/<name>.json, so the two never drift (StrimziCrdSchemaTest checks
the configs match; --check checks the files are exactly what this script writes).

Run after editing a REST config:  python3 connector-configs/render-strimzi-connectors.py   (needs PyYAML)
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


def main() -> None:
    check = "--check" in sys.argv[1:]
    out_dir = HERE / "strimzi" / "connectors"
    stale = []
    for rest_file in sorted((HERE / "rest").glob("*.json")):
        target = out_dir / (rest_file.stem + ".yaml")
        text = render(rest_file)
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
        print(f"{len(rendered)} KafkaConnector files are current")


if __name__ == "__main__":
    main()
