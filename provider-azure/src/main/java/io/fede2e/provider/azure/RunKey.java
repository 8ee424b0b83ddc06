package io.fede2e.provider.azure;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.fede2e.provider.api.ProviderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The run's SSH key pair: ed25519, made in memory for one run and never written to the run
 * directory (the state file keeps it only with {@code keep-key=true}).
 *
 * @param privateKey the private key, OpenSSH PEM text
 * @param publicKey the public key line ({@code ssh-ed25519 AAAA... comment})
 */
record RunKey(byte[] privateKey, String publicKey) {

    static RunKey generate(String comment) {
        try {
            KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
            ByteArrayOutputStream priv = new ByteArrayOutputStream();
            pair.writeOpenSSHv1PrivateKey(priv, null);
            ByteArrayOutputStream pub = new ByteArrayOutputStream();
            pair.writePublicKey(pub, comment);
            pair.dispose();
            return new RunKey(priv.toByteArray(), pub.toString(StandardCharsets.UTF_8).trim());
        } catch (JSchException e) {
            throw new ProviderException("cannot make the run's ed25519 SSH key: " + e.getMessage()
                    + "; run on Java 17 or later", e);
        }
    }

    /** The private key for the state file (base64 of the PEM). */
    String encodedPrivateKey() {
        return Base64.getEncoder().encodeToString(privateKey);
    }

    static RunKey decode(String encodedPrivateKey, String publicKey) {
        return new RunKey(Base64.getDecoder().decode(encodedPrivateKey), publicKey);
    }

    /** What must never be printed: the PEM, each of its base64 lines, and its state-file form. */
    Set<String> secretValues() {
        Set<String> out = new LinkedHashSet<>();
        String pem = new String(privateKey, StandardCharsets.UTF_8);
        out.add(pem.trim());
        pem.lines().map(String::trim).filter(l -> l.length() >= 16 && !l.startsWith("-----")).forEach(out::add);
        out.add(encodedPrivateKey());
        return out;
    }
}
