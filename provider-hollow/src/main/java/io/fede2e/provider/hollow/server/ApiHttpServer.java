package io.fede2e.provider.hollow.server;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP listener of the hollow API. fabric8's {@code MockWebServer} answers every request with one
 * complete body, but client-go (kubectl, e2e.test, controllers in Go) watches over a plain HTTP
 * response that stays open and streams one event per chunk. So this server routes such watches to
 * {@link HollowDispatcher#streamWatch}, and everything else (WebSocket watches included) to the
 * dispatcher through fabric8's request handler, as {@code MockWebServer} did, without its unbounded
 * request journal and per-request logging.
 */
final class ApiHttpServer implements AutoCloseable {

    // the WebSocket sub-protocols fabric8's MockWebServer offers (exec and attach streams)
    private static final List<String> WEBSOCKET_SUB_PROTOCOLS = List.of("v4.channel.k8s.io", "v3.channel.k8s.io",
            "v2.channel.k8s.io", "v1.channel.k8s.io");

    private final Vertx vertx;
    private final HttpServer server;

    ApiHttpServer(InetAddress address, int port, HollowDispatcher dispatcher) {
        this.vertx = Vertx.vertx();
        HttpServerRequestHandler plain = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.getHostAddress())
                .setPort(port)
                .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
                .setHandle100ContinueAutomatically(true)
                // a list of 60,000 pods is one large response; never refuse a large request either
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(64 * 1024);
        this.server = vertx.createHttpServer(options).requestHandler((HttpServerRequest request) -> {
            if (HollowDispatcher.isStreamingWatch(request.method().name(), request.uri(),
                    request.getHeader("Upgrade"))) {
                dispatcher.streamWatch(vertx, request);
            } else {
                plain.handle(request);
            }
        });
        try {
            await(server.listen());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port the server listens on. */
    int port() {
        return server.actualPort();
    }

    /** Stops listening, closes every connection and stops Vert.x' threads. */
    @Override
    public void close() {
        try {
            await(server.close());
        } catch (RuntimeException ignored) {
            // closing anyway: Vert.x below closes what is left
        }
        try {
            await(vertx.close());
        } catch (RuntimeException ignored) {
            // nothing more can be done about threads that refuse to stop
        }
    }

    private static <T> T await(Future<T> future) {
        CompletableFuture<T> done = new CompletableFuture<>();
        future.onComplete(r -> {
            if (r.succeeded()) {
                done.complete(r.result());
            } else {
                done.completeExceptionally(r.cause());
            }
        });
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the HTTP server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the HTTP server did not answer within 30 s", e);
        }
    }
}
