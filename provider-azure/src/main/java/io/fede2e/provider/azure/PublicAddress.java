package io.fede2e.provider.azure;

import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * This machine's public IPv4 address, as the network security group must allow it, asked of a
 * what-is-my-address service. Only used when {@code ssh-source-cidr} is not set; the service is a
 * parameter so that tests answer it on loopback.
 */
final class PublicAddress {

    /** The service the real provider asks: it answers the caller's IPv4 address as plain text. */
    static final URI SERVICE = URI.create("https://api.ipify.org");

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** An address is a few bytes: anything longer is not the answer we asked for. */
    private static final int MAX_BODY = 64;

    private PublicAddress() {
    }

    /**
     * The address {@code service} answers.
     *
     * @throws ProviderException in one line naming the service and the option to set instead, when
     *     the service cannot be reached, answers an error or answers something that is no address
     */
    static String lookUp(URI service, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(service).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body().trim();
            if (r.statusCode() != 200) {
                throw failed(service, "it answered HTTP " + r.statusCode(), null);
            }
            if (body.length() > MAX_BODY || !IPV4.matcher(body).matches()) {
                throw failed(service, "its answer is not an IPv4 address", null);
            }
            return body;
        } catch (IOException e) {
            throw failed(service, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(service, "interrupted", e);
        }
    }

    private static ProviderException failed(URI service, String why, Exception cause) {
        // One line whatever the cause says: it ends up as the run's error line.
        String reason = why.replaceAll("\\s+", " ").trim();
        return new ProviderException("cannot learn this machine's public address from " + service + " (" + reason
                + "), which the network security group must allow; set it yourself with --provider-opt "
                + "ssh-source-cidr=<your public address>/32", cause);
    }
}
