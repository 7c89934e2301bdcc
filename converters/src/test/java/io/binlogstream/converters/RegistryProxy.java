package io.binlogstream.converters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) in front of a registry: answers the first N requests with 503 (a registry
 * restarting behind a load balancer), then forwards everything to the upstream and relays its answer.
 * Records the requests it saw, so tests can count retries.
 */
public final class RegistryProxy implements AutoCloseable {

    public static final String UNAVAILABLE_BODY = "{\"error_code\":50301,\"message\":\"registry warming up\"}";

    private final HttpServer server;
    private final String upstream;
    private final AtomicInteger failuresLeft;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RegistryProxy(HttpServer server, String upstream, int failures) {
        this.server = server;
        this.upstream = upstream;
        this.failuresLeft = new AtomicInteger(failures);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param upstreamRoot the upstream server root (http://host:port), paths are forwarded unchanged
     * @param failures     how many requests get a 503 first; Integer.MAX_VALUE for always
     * @param port         the port to listen on, 0 for any free one
     */
    public static RegistryProxy start(String upstreamRoot, int failures, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        return new RegistryProxy(server, upstreamRoot, failures);
    }

    /** http://127.0.0.1:PORT */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestURI().toString();
            requests.add(exchange.getRequestMethod() + " " + target);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                respond(exchange, 503, UNAVAILABLE_BODY.getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + target))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                forward.header("Content-Type", contentType);
            }
            try {
                HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                respond(exchange, response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 502, new byte[0]);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
