package io.binlogstream.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small blocking HTTP probes used while waiting for servers to come up. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Http() {
    }

    /** GET returning status and body; throws if the connection fails. */
    static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** True when GET {@code url} answers 200. */
    static boolean isOk(String url) throws IOException, InterruptedException {
        return get(url, Duration.ofSeconds(5)).statusCode() == 200;
    }
}
