package io.fede2e.provider.azure;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host keys pinned on first contact, per VM name: a VM's address can be reused by another VM of
 * another run, its name in our resource group cannot. A key that differs from the pinned one is
 * refused (someone in the middle, or a VM rebuilt behind our back). The pins travel in the state
 * file, so that {@code fede2e down} from another process trusts the same keys.
 */
final class PinnedHostKeys implements HostKeyRepository {

    private final Map<String, String> pins = new TreeMap<>();

    PinnedHostKeys(Map<String, String> initial) {
        pins.putAll(initial);
    }

    /** The pins: VM name to the base64 of its host key. */
    synchronized Map<String, String> pins() {
        return Map.copyOf(pins);
    }

    /** The pinned key's SHA256 fingerprint as OpenSSH prints it, or {@code none}. */
    synchronized String fingerprint(String vm) {
        String key = pins.get(vm);
        return key == null ? "none" : fingerprintOf(Base64.getDecoder().decode(key));
    }

    static String fingerprintOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        String offered = Base64.getEncoder().encodeToString(key);
        String pinned = pins.putIfAbsent(host, offered);
        return pinned == null || pinned.equals(offered) ? OK : CHANGED;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Pinning happens in check(): JSch only calls add() for keys check() did not accept.
    }

    @Override
    public synchronized void remove(String host, String type) {
        // Pins are never removed during a run: a changed key must keep being refused.
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        remove(host, type);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "fede2e-pinned-host-keys";
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}
