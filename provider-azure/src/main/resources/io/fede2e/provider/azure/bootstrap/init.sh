#!/usr/bin/env bash
# fede2e step: init
# Runs kubeadm init on the control plane and installs the pod network (Calico).
# Usage: init.sh v1.33.0 PUBLIC_ADDRESS POD_CIDR. Idempotent: an initialised node is left alone.
set -euo pipefail

version="${1:?usage: init.sh VERSION PUBLIC_ADDRESS POD_CIDR}"
public_address="${2:?usage: init.sh VERSION PUBLIC_ADDRESS POD_CIDR}"
pod_cidr="${3:?usage: init.sh VERSION PUBLIC_ADDRESS POD_CIDR}"
mkdir -p /var/log/fede2e

if [ ! -f /etc/kubernetes/admin.conf ]; then
    kubeadm init --kubernetes-version "${version}" --pod-network-cidr "${pod_cidr}" \
        --apiserver-cert-extra-sans "${public_address}" 2>&1 | tee /var/log/fede2e/kubeadm-init.log
fi
export KUBECONFIG=/etc/kubernetes/admin.conf
kubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.29.1/manifests/calico.yaml \
    2>&1 | tee /var/log/fede2e/cni.log
echo "fede2e: control plane initialised"
