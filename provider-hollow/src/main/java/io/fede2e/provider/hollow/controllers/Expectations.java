package io.fede2e.provider.hollow.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * client-go's controller expectations: what a controller has asked for and not yet seen in its
 * informer. Until the informer has caught up, a controller must not act again on the same owner,
 * or it would create the same pods twice.
 */
final class Expectations {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Expected> byOwner = new ConcurrentHashMap<>();

    void expectCreations(String ownerUid, int count, Instant now) {
        Expected e = byOwner.computeIfAbsent(ownerUid, u -> new Expected());
        synchronized (e) {
            e.creations += count;
            e.since = now;
        }
    }

    void expectDeletion(String ownerUid, String podUid, Instant now) {
        Expected e = byOwner.computeIfAbsent(ownerUid, u -> new Expected());
        synchronized (e) {
            e.deletions.add(podUid);
            e.since = now;
        }
    }

    void creationObserved(String ownerUid) {
        Expected e = byOwner.get(ownerUid);
        if (e != null) {
            synchronized (e) {
                if (e.creations > 0) {
                    e.creations--;
                }
            }
        }
    }

    void deletionObserved(String ownerUid, String podUid) {
        Expected e = byOwner.get(ownerUid);
        if (e != null) {
            synchronized (e) {
                e.deletions.remove(podUid);
            }
        }
    }

    boolean satisfied(String ownerUid, Instant now) {
        Expected e = byOwner.get(ownerUid);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return (e.creations <= 0 && e.deletions.isEmpty()) || e.since.plus(TIMEOUT).isBefore(now);
        }
    }

    /** Drops what was expected of an owner that is gone, so that the map does not grow forever. */
    void forgetOwner(String ownerUid) {
        byOwner.remove(ownerUid);
    }

    private static final class Expected {
        int creations;
        final Set<String> deletions = new HashSet<>();
        Instant since = Instant.EPOCH;
    }
}
