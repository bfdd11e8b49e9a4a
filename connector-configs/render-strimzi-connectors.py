#!/usr/bin/env python3
"""Writes strimzi/connectors/<name>.yaml from rest/<name>.json, so the two never drift (StrimziResourcesTest checks).

Run after editing a REST config:  python3 connector-configs/render-strimzi-connectors.py   (needs PyYAML)
"""
import json
import pathlib

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
    out_dir = HERE / "strimzi" / "connectors"
    for rest_file in sorted((HERE / "rest").glob("*.json")):
        (out_dir / (rest_file.stem + ".yaml")).write_text(render(rest_file))


if __name__ == "__main__":
    main()
