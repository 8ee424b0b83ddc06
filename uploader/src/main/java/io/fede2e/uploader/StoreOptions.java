package io.fede2e.uploader;

import java.nio.file.Path;

/**
 * How to reach a store.
 *
 * @param credentialsFile a service-account key file for gs://, or {@code null} for Application
 *     Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server)
 * @param emulatorHost a GCS emulator (e.g. {@code http://127.0.0.1:4443}), or {@code null} to
 *     take STORAGE_EMULATOR_HOST from the environment
 */
public record StoreOptions(Path credentialsFile, String emulatorHost) {

    /** ADC, and STORAGE_EMULATOR_HOST from the environment. */
    public static StoreOptions defaults() {
        return new StoreOptions(null, null);
    }
}
