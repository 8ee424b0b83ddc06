package io.fede2e.provider.azure;

import java.util.Locale;

/** How the cluster is built. */
enum Mode {
    /** Ubuntu VMs from ARM, Kubernetes installed with kubeadm over SSH (the 2016 nightly's flow). */
    KUBEADM,
    /** An AKS managed cluster. */
    AKS;

    static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("provider option mode='" + text + "' is unknown; pass --provider-opt "
                + "mode=kubeadm or mode=aks");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
