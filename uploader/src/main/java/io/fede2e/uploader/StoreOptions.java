package io.fede2e.uploader;

import java.nio.file.Path;

/**
 * How to reach a store.
 *
 * @param credentialsFile a service-account key file for gs://, or {@code null} for Application
 *     Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server)
 * @param emulatorHost a GCS emulator (e.g. {@code http://127.0.0.1:4443}), or {@code null} to
 *     take STORAGE_EMULATOR_HOST from the environment
 * @param anonymousWhenNoCredentials for gs://, read anonymously when no credentials are found
 *     instead of failing (public buckets need none; {@link ObjectStore#anonymous()} says so); for
 *     readers only, as no bucket accepts anonymous writes
 */
public record StoreOptions(Path credentialsFile, String emulatorHost, boolean anonymousWhenNoCredentials) {

    /** Credentials as given, failing when gs:// finds none. */
    public StoreOptions(Path credentialsFile, String emulatorHost) {
        this(credentialsFile, emulatorHost, false);
    }

    /** The same options, reading gs:// anonymously when no credentials are found. */
    public StoreOptions readAnonymouslyWithoutCredentials() {
        return new StoreOptions(credentialsFile, emulatorHost, true);
    }

    /** ADC, and STORAGE_EMULATOR_HOST from the environment. */
    public static StoreOptions defaults() {
        return new StoreOptions(null, null);
    }
}
