#!/usr/bin/env bash
# fede2e step: install
# Installs containerd, kubeadm, kubelet and kubectl of one Kubernetes release on Ubuntu LTS.
# Usage: install.sh v1.33.0. Idempotent: a second run changes nothing.
set -euo pipefail

version="${1:?usage: install.sh vMAJOR.MINOR.PATCH}"
minor="${version%.*}"
mkdir -p /var/log/fede2e
exec > >(tee -a /var/log/fede2e/install.log) 2>&1

export DEBIAN_FRONTEND=noninteractive
# cloud-init may still hold the package lock right after boot.
cloud-init status --wait >/dev/null 2>&1 || true

swapoff -a
sed -i '/\sswap\s/d' /etc/fstab
cat > /etc/modules-load.d/k8s.conf <<'MODULES'
overlay
br_netfilter
MODULES
modprobe overlay
modprobe br_netfilter
cat > /etc/sysctl.d/k8s.conf <<'SYSCTL'
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward = 1
SYSCTL
sysctl --system >/dev/null

apt-get update -q
apt-get install -y -q apt-transport-https ca-certificates curl gpg containerd
mkdir -p /etc/containerd
containerd config default > /etc/containerd/config.toml
sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml
systemctl restart containerd
systemctl enable containerd

mkdir -p /etc/apt/keyrings
curl -fsSL "https://pkgs.k8s.io/core:/stable:/${minor}/deb/Release.key" \
    | gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/${minor}/deb/ /" \
    > /etc/apt/sources.list.d/kubernetes.list
apt-get update -q
package="${version#v}-*"
apt-get install -y -q --allow-downgrades --allow-change-held-packages \
    "kubelet=${package}" "kubeadm=${package}" "kubectl=${package}"
apt-mark hold kubelet kubeadm kubectl
systemctl enable --now kubelet
echo "fede2e: installed Kubernetes ${version}"
