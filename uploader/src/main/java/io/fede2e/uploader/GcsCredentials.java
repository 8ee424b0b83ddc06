package io.fede2e.uploader;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Finds the credentials for gs://, in the order users of gsutil and kubetest2 expect: an emulator
 * needs none; then the key file given as an option; then GOOGLE_APPLICATION_CREDENTIALS; then
 * Application Default Credentials (gcloud's, or the metadata server's).
 */
final class GcsCredentials {

    static final String EMULATOR_ENV = "STORAGE_EMULATOR_HOST";
    static final String KEY_FILE_ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    static final String HOW_TO = "run `gcloud auth application-default login`, or pass a service-account key"
            + " with --gcs-credentials FILE or GOOGLE_APPLICATION_CREDENTIALS=FILE";

    /** Application Default Credentials; injectable so tests do not depend on this machine's login. */
    @FunctionalInterface
    interface AdcSource {
        GoogleCredentials get() throws IOException;
    }

    static final AdcSource APPLICATION_DEFAULT = GoogleCredentials::getApplicationDefault;

    /** Credentials and, for an emulator, its host. */
    record Resolved(Credentials credentials, String emulatorHost, String source, boolean anonymous) {

        Resolved(Credentials credentials, String emulatorHost, String source) {
            this(credentials, emulatorHost, source, false);
        }
    }

    private GcsCredentials() {
    }

    static Resolved resolve(String bucket, StoreOptions options, Function<String, String> env, AdcSource adc) {
        String emulator = options.emulatorHost() != null ? options.emulatorHost() : env.apply(EMULATOR_ENV);
        if (emulator != null && !emulator.isBlank()) {
            String host = emulator.strip();
            if (!host.matches("(?i)https?://.*")) {
                host = "http://" + host;
            }
            return new Resolved(NoCredentials.getInstance(), host, "emulator " + host);
        }
        if (options.credentialsFile() != null) {
            return new Resolved(fromFile(bucket, options.credentialsFile(), "--gcs-credentials"), null,
                    "key file " + options.credentialsFile());
        }
        String envFile = env.apply(KEY_FILE_ENV);
        if (envFile != null && !envFile.isBlank()) {
            return new Resolved(fromFile(bucket, Path.of(envFile.strip()), KEY_FILE_ENV), null, "key file " + envFile);
        }
        try {
            GoogleCredentials adcCredentials = adc.get();
            if (adcCredentials == null) {
                throw new IOException("none found");
            }
            return new Resolved(adcCredentials, null, "application default credentials");
        } catch (IOException | RuntimeException e) {
            if (options.anonymousWhenNoCredentials()) {
                // public buckets (test-infra's) answer anonymous reads; a private one refuses each call
                return new Resolved(NoCredentials.getInstance(), null, "anonymous access (no credentials found)",
                        true);
            }
            throw new ObjectStoreException("no Google Cloud credentials found for gs://" + bucket + ": " + HOW_TO,
                    false, e);
        }
    }

    private static Credentials fromFile(String bucket, Path file, String from) {
        try (InputStream in = Files.newInputStream(file)) {
            return GoogleCredentials.fromStream(in);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("the GCS credentials file " + file + " (from " + from + ") does not exist: "
                    + HOW_TO, false, e);
        } catch (IOException | RuntimeException e) {
            // The library's message may quote the file; keep only its kind, never key material.
            throw new ObjectStoreException("the GCS credentials file " + file + " (from " + from + ") is not a usable"
                    + " key for gs://" + bucket + " (" + e.getClass().getSimpleName() + "): download a service-account"
                    + " JSON key, or " + HOW_TO, false, e);
        }
    }
}
