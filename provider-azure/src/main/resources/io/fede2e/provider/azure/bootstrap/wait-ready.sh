#!/usr/bin/env bash
# fede2e step: wait-ready
# Waits until the cluster has the expected number of nodes, all Ready, within a bound.
# Usage: wait-ready.sh NODES TIMEOUT_SECONDS
set -euo pipefail

expected="${1:?usage: wait-ready.sh NODES TIMEOUT_SECONDS}"
timeout="${2:?usage: wait-ready.sh NODES TIMEOUT_SECONDS}"
export KUBECONFIG=/etc/kubernetes/admin.conf
deadline=$((SECONDS + timeout))

while true; do
    ready=$(kubectl get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)
    if [ "${ready}" -ge "${expected}" ]; then
        echo "fede2e: ${ready} of ${expected} nodes Ready"
        exit 0
    fi
    if [ "${SECONDS}" -ge "${deadline}" ]; then
        echo "fede2e: only ${ready} of ${expected} nodes Ready after ${timeout}s:"
        kubectl get nodes -o wide || true
        exit 1
    fi
    sleep 5
done
