package io.fede2e.provider.azure;

import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** This machine's public IPv4 address, as the network security group must allow it. */
final class PublicAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final URI SERVICE = URI.create("https://api.ipify.org");

    private PublicAddress() {
    }

    static String lookUp() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(SERVICE).timeout(Duration.ofSeconds(15))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body().trim();
            if (r.statusCode() == 200 && IPV4.matcher(body).matches()) {
                return body;
            }
            throw new IOException("HTTP " + r.statusCode());
        } catch (IOException e) {
            throw new ProviderException("cannot learn this machine's public address from " + SERVICE + " ("
                    + e.getMessage() + "); pass --provider-opt ssh-source-cidr=<your address>/32", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while learning this machine's public address", e);
        }
    }
}
