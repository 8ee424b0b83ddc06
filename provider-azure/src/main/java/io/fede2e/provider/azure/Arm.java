package io.fede2e.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ContainerServiceManagementClient;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import io.fede2e.provider.api.ProviderException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The ARM clients of one subscription, over one HTTP pipeline that retries throttling (429 with
 * Retry-After) and server errors with backoff. The provider calls the SDK's generated clients,
 * which map one to one to ARM's REST operations, rather than the fluent builders, whose hidden
 * extra calls would make Up's requests unpredictable.
 */
final class Arm {

    static final String SCOPE = "https://management.azure.com/.default";
    /** Throttling and 5xx: enough attempts to ride out a minute of ARM trouble. */
    static final int MAX_RETRIES = 6;

    final ResourceManagementClient resources;
    final NetworkManagementClient network;
    final ComputeManagementClient compute;
    final ContainerServiceManagementClient aks;

    private Arm(HttpPipeline pipeline, AzureProfile profile) {
        this.resources = ResourceManager.authenticate(pipeline, profile).withSubscription(profile.getSubscriptionId())
                .serviceClient();
        this.compute = ComputeManager.authenticate(pipeline, profile).serviceClient();
        this.network = NetworkManager.authenticate(pipeline, profile).serviceClient();
        this.aks = ContainerServiceManager.authenticate(pipeline, profile).serviceClient();
    }

    /** The clients of {@code subscription}, authenticated with the settings' credential. */
    static Arm connect(AzureSettings settings, String subscription) {
        TokenCredential credential = settings.credential() != null ? settings.credential()
                : Credentials.defaultChain(settings.env());
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", settings.armEndpoint().toString());
        AzureProfile profile = new AzureProfile(null, subscription, new AzureEnvironment(endpoints));
        HttpPipelinePolicy auth = settings.plainHttp() ? new LoopbackBearerPolicy(credential)
                : new ArmChallengeAuthenticationPolicy(credential, SCOPE);
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .policies(new UserAgentPolicy("fede2e-provider-azure"), new RequestIdPolicy(), new AddDatePolicy(),
                        new RetryPolicy(new ExponentialBackoff(MAX_RETRIES, settings.armRetryBase(),
                                Duration.ofSeconds(60))),
                        auth)
                .build();
        return new Arm(pipeline, profile);
    }

    /** ARM's error as one line: its code and message, which say what to fix. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ManagementException m && m.getValue() != null) {
                return m.getValue().getCode() + ": " + m.getValue().getMessage();
            }
            t = t.getCause();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    /** Whether ARM answered 404 (the resource or group is not there). */
    static boolean notFound(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ManagementException m && m.getResponse() != null && m.getResponse().getStatusCode() == 404) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /** {@code call} failed on {@code what}: the provider's error, with ARM's code and message. */
    static ProviderException failed(String what, Throwable e, String next) {
        return new ProviderException(what + " failed: " + describe(e) + "; " + next, describe(e), e);
    }

    /**
     * Bearer tokens over plain http, for a loopback ARM fake only: the SDK's own policy refuses
     * http, rightly, everywhere else.
     */
    private static final class LoopbackBearerPolicy implements HttpPipelinePolicy {
        private final TokenCredential credential;

        LoopbackBearerPolicy(TokenCredential credential) {
            this.credential = credential;
        }

        @Override
        public Mono<com.azure.core.http.HttpResponse> process(com.azure.core.http.HttpPipelineCallContext context,
                com.azure.core.http.HttpPipelineNextPolicy next) {
            return credential.getToken(new TokenRequestContext().addScopes(SCOPE)).flatMap(token -> {
                context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.AUTHORIZATION,
                        "Bearer " + token.getToken());
                return next.process();
            });
        }
    }
}
