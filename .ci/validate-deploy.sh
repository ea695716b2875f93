#!/usr/bin/env bash
# Schema checks of deploy/: the Kubernetes manifests against the Kubernetes API schemas that the
# kubernetes-validate package ships (strict: unknown keys fail), and the NATS Helm values against
# deploy/schemas/nats-helm-values.schema.json (check-jsonschema). Both from PyPI, pinned.
# Cost: one pip install (~10 s), then a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "kubernetes-validate==1.37.0" "check-jsonschema==0.39.0"
kubernetes-validate --strict --kubernetes-version 1.31.0 deploy/k8s/*.yaml
check-jsonschema --schemafile deploy/schemas/nats-helm-values.schema.json deploy/nats-values.yaml
