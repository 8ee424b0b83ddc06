package io.fede2e.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which Azure credential the run will use, told apart without a network call so that a missing
 * one stops the run before anything is created.
 */
final class Credentials {

    static final String HINT = "found no Azure credentials; set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET "
            + "(a service principal), run az login, or on an Azure VM with a managed identity set "
            + "AZURE_MANAGED_IDENTITY=true";

    private Credentials() {
    }

    /**
     * What azure-identity's DefaultAzureCredential would find, named, or empty when there is none:
     * a service principal or workload identity in the environment, a managed identity endpoint, or an
     * az CLI login.
     */
    static Optional<String> found(Map<String, String> env, Path home) {
        boolean client = set(env, "AZURE_CLIENT_ID") && set(env, "AZURE_TENANT_ID");
        if (client && (set(env, "AZURE_CLIENT_SECRET") || set(env, "AZURE_CLIENT_CERTIFICATE_PATH"))) {
            return Optional.of("service principal AZURE_CLIENT_ID");
        }
        if (client && set(env, "AZURE_FEDERATED_TOKEN_FILE")) {
            return Optional.of("workload identity");
        }
        // A VM's managed identity answers only on the VM's metadata endpoint: the user says it is there.
        if (set(env, "IDENTITY_ENDPOINT") || set(env, "MSI_ENDPOINT")
                || "true".equalsIgnoreCase(env.getOrDefault("AZURE_MANAGED_IDENTITY", ""))) {
            return Optional.of("managed identity");
        }
        Path config = set(env, "AZURE_CONFIG_DIR") ? Path.of(env.get("AZURE_CONFIG_DIR")) : home.resolve(".azure");
        if (Files.isRegularFile(config.resolve("azureProfile.json"))
                && (Files.isRegularFile(config.resolve("msal_token_cache.json"))
                || Files.isRegularFile(config.resolve("msal_token_cache.bin")))) {
            return Optional.of("az CLI login");
        }
        return Optional.empty();
    }

    /** The credential chain of azure-identity, which takes the first of the above that works. */
    static TokenCredential defaultChain(Map<String, String> env) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (set(env, "AZURE_TENANT_ID")) {
            builder.tenantId(env.get("AZURE_TENANT_ID"));
        }
        return builder.build();
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
