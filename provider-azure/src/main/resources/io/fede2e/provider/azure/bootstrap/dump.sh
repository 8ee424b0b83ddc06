#!/usr/bin/env bash
# fede2e step: dump
# Writes this node's logs as one tar.gz stream to stdout: the journals of kubelet and containerd,
# the kernel log, cloud-init's output, /var/log/pods, the static pods' manifests and fede2e's own
# step logs (kubeadm's output among them). What a node does not have is left out.
set -uo pipefail

dir=$(mktemp -d)
trap 'rm -rf "${dir}"' EXIT
journalctl -u kubelet --no-pager > "${dir}/kubelet.log" 2>&1
journalctl -u containerd --no-pager > "${dir}/containerd.log" 2>&1
journalctl -k --no-pager > "${dir}/kern.log" 2>&1
cp /var/log/cloud-init-output.log "${dir}/cloud-init-output.log" 2>/dev/null
if [ -d /var/log/pods ]; then
    cp -rL /var/log/pods "${dir}/pods" 2>/dev/null
fi
if [ -d /etc/kubernetes/manifests ]; then
    cp -r /etc/kubernetes/manifests "${dir}/static-pod-manifests" 2>/dev/null
fi
if [ -d /var/log/fede2e ]; then
    cp -r /var/log/fede2e "${dir}/fede2e" 2>/dev/null
fi
tar -C "${dir}" -czf - .
