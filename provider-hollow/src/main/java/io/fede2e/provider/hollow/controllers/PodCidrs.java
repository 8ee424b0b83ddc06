package io.fede2e.provider.hollow.controllers;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod address blocks, one /24 per node, and the pod IPs handed out inside each block.
 *
 * <p>The first 256 nodes get 10.244.N.0/24 (flannel's and kind's 10.244.0.0/16); beyond that
 * blocks continue in 10.64.0.0/10, which is what a cluster of 2,000 nodes needs.
 */
final class PodCidrs {

    private static final int FIRST_HOST = 2;
    private static final int LAST_HOST = 254;

    private final Map<String, Integer> blocks = new HashMap<>();
    private final Map<String, BitSet> used = new HashMap<>();
    private int nextBlock;

    synchronized String cidrOf(String node) {
        return base(block(node)) + "0/24";
    }

    private int block(String node) {
        return blocks.computeIfAbsent(node, n -> nextBlock++);
    }

    private static String base(int block) {
        if (block < 256) {
            return "10.244." + block + ".";
        }
        int b = block - 256;
        return "10." + (64 + b / 256) + "." + (b % 256) + ".";
    }

    /** The next free pod IP on a node, or null when the node's /24 is exhausted. */
    synchronized String allocate(String node) {
        int block = block(node);
        BitSet bits = used.computeIfAbsent(node, n -> new BitSet(256));
        int host = bits.nextClearBit(FIRST_HOST);
        if (host > LAST_HOST) {
            return null;
        }
        bits.set(host);
        return base(block) + host;
    }

    /** Marks an IP seen on an existing pod as taken, so that a restarted manager does not reuse it. */
    synchronized void claim(String node, String ip) {
        String prefix = base(block(node));
        if (ip != null && ip.startsWith(prefix)) {
            try {
                int host = Integer.parseInt(ip.substring(prefix.length()));
                used.computeIfAbsent(node, n -> new BitSet(256)).set(host);
            } catch (NumberFormatException e) {
                // Not one of ours: nothing to claim.
            }
        }
    }

    synchronized void release(String node, String ip) {
        BitSet bits = used.get(node);
        if (bits == null || ip == null) {
            return;
        }
        String prefix = base(block(node));
        if (ip.startsWith(prefix)) {
            try {
                bits.clear(Integer.parseInt(ip.substring(prefix.length())));
            } catch (NumberFormatException e) {
                // Not one of ours.
            }
        }
    }
}
