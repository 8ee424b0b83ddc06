#!/usr/bin/env bash
# fede2e step: join
# Joins this VM to the cluster as a worker.
# Usage: join.sh ENDPOINT TOKEN CA_CERT_HASH. Idempotent: a joined node is left alone.
set -euo pipefail

endpoint="${1:?usage: join.sh ENDPOINT TOKEN CA_CERT_HASH}"
token="${2:?usage: join.sh ENDPOINT TOKEN CA_CERT_HASH}"
hash="${3:?usage: join.sh ENDPOINT TOKEN CA_CERT_HASH}"
mkdir -p /var/log/fede2e

if [ ! -f /etc/kubernetes/kubelet.conf ]; then
    kubeadm join "${endpoint}" --token "${token}" --discovery-token-ca-cert-hash "${hash}" \
        2>&1 | tee /var/log/fede2e/kubeadm-join.log
fi
echo "fede2e: joined ${endpoint}"
