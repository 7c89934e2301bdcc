package io.binlogstream.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client for the Kafka Connect REST API (java.net.http and Jackson), as tests, the quickstart and
 * operators use it: every call is a plain HTTP request, so a test exercises exactly what a user would.
 *
 * <p>Errors throw {@link ConnectRestException} with the HTTP status and the body. One exception to
 * "no magic": an HTTP 409 that says a rebalance is in progress or the leader is unknown is retried for
 * up to {@link #rebalanceRetryTimeout}, since Connect answers that to any write while workers join or
 * leave, and a test that just started or killed a worker would otherwise fail at random.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String baseUrl;
    private final Duration requestTimeout;
    private final Duration rebalanceRetryTimeout;
    private final HttpClient http;

    /** A client for the worker at {@code restUrl} (e.g. {@code http://127.0.0.1:8083}). */
    public ConnectRestClient(String restUrl) {
        this(restUrl, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /**
     * @param requestTimeout        per request; Connect itself gives up on forwarded requests after 90 s
     * @param rebalanceRetryTimeout how long 409 "rebalance in progress" answers are retried
     */
    public ConnectRestClient(String restUrl, Duration requestTimeout, Duration rebalanceRetryTimeout) {
        this.baseUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.requestTimeout = requestTimeout;
        this.rebalanceRetryTimeout = rebalanceRetryTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ---- connectors

    /** Creates or updates a connector: {@code PUT /connectors/{name}/config}. Returns Connect's answer (name, config, tasks). */
    public JsonNode createConnector(String name, Map<String, ?> config) {
        return request("PUT", "/connectors/" + enc(name) + "/config", stringValues(config));
    }

    /** The connector names: {@code GET /connectors}. */
    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        request("GET", "/connectors", null).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code GET /connectors/{name}/config}. */
    public Map<String, String> connectorConfig(String name) {
        return JSON.convertValue(request("GET", "/connectors/" + enc(name) + "/config", null),
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
    }

    /** {@code GET /connectors/{name}/status}: connector and task states, with traces of failures. */
    public JsonNode connectorStatus(String name) {
        return request("GET", "/connectors/" + enc(name) + "/status", null);
    }

    /**
     * Waits until the connector and all of its tasks (at least one) are RUNNING. Fails at once, with
     * the stack trace Connect reports, if the connector or a task is FAILED; fails with the last
     * status on timeout. A connector that does not exist yet is waited for.
     */
    public JsonNode awaitConnectorRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no status yet)";
        while (true) {
            try {
                JsonNode status = connectorStatus(name);
                last = status.toString();
                String failure = failure(status);
                if (failure != null) {
                    throw new IllegalStateException("connector " + name + " failed: " + failure);
                }
                if (isRunning(status)) {
                    return status;
                }
            } catch (ConnectRestException e) {
                if (e.status() != 404) {
                    throw e;
                }
                last = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("connector " + name + " not RUNNING with all tasks within " + timeout
                        + "; last status: " + last);
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
    }

    /**
     * Waits until a task of the connector is FAILED and returns the trace Connect reports for it (what an
     * operator sees in {@code GET /connectors/<name>/status}); fails with the last status on timeout.
     */
    public String awaitTaskFailed(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() - deadline < 0) {
            status = connectorStatus(name);
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return task.path("trace").asText();
                }
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
        throw new IllegalStateException("no task of " + name + " FAILED within " + timeout + "; last status: " + status);
    }

    /** Waits until the connector is STOPPED and none of its tasks is left (a stop request returns before that). */
    public void awaitStopped(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() - deadline < 0) {
            status = connectorStatus(name);
            if ("STOPPED".equals(status.path("connector").path("state").asText()) && status.path("tasks").isEmpty()) {
                return;
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
        throw new IllegalStateException(name + " did not stop within " + timeout + "; last status: " + status);
    }

    private static boolean isRunning(JsonNode status) {
        JsonNode tasks = status.path("tasks");
        if (!"RUNNING".equals(status.path("connector").path("state").asText()) || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode t : tasks) {
            if (!"RUNNING".equals(t.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    private static String failure(JsonNode status) {
        JsonNode c = status.path("connector");
        if ("FAILED".equals(c.path("state").asText())) {
            return "connector FAILED on " + c.path("worker_id").asText() + ":\n" + c.path("trace").asText();
        }
        for (JsonNode t : status.path("tasks")) {
            if ("FAILED".equals(t.path("state").asText())) {
                return "task " + t.path("id").asText() + " FAILED on " + t.path("worker_id").asText() + ":\n"
                        + t.path("trace").asText();
            }
        }
        return null;
    }

    /** {@code PUT /connectors/{name}/pause}. */
    public void pause(String name) {
        request("PUT", "/connectors/" + enc(name) + "/pause", null);
    }

    /** {@code PUT /connectors/{name}/resume}. */
    public void resume(String name) {
        request("PUT", "/connectors/" + enc(name) + "/resume", null);
    }

    /** {@code PUT /connectors/{name}/stop}: stops the connector and its tasks (needed before altering offsets). */
    public void stop(String name) {
        request("PUT", "/connectors/" + enc(name) + "/stop", null);
    }

    /** {@code POST /connectors/{name}/restart?includeTasks=..&onlyFailed=false}. */
    public void restart(String name, boolean includeTasks) {
        request("POST", "/connectors/" + enc(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=false", null);
    }

    /** {@code POST /connectors/{name}/tasks/{task}/restart}. */
    public void restartTask(String name, int task) {
        request("POST", "/connectors/" + enc(name) + "/tasks/" + task + "/restart", null);
    }

    /** {@code DELETE /connectors/{name}}. */
    public void deleteConnector(String name) {
        request("DELETE", "/connectors/" + enc(name), null);
    }

    /** {@code GET /connectors/{name}/offsets}: {@code {"offsets":[{"partition":{..},"offset":{..}}]}}. */
    public JsonNode offsets(String name) {
        return request("GET", "/connectors/" + enc(name) + "/offsets", null);
    }

    /** {@code PATCH /connectors/{name}/offsets} with {@code {"offsets":[...]}}; the connector must be stopped. */
    public JsonNode alterOffsets(String name, JsonNode offsets) {
        return request("PATCH", "/connectors/" + enc(name) + "/offsets", offsets);
    }

    /** {@code DELETE /connectors/{name}/offsets}; the connector must be stopped. */
    public JsonNode resetOffsets(String name) {
        return request("DELETE", "/connectors/" + enc(name) + "/offsets", null);
    }

    // ---- plugins

    /** {@code GET /connector-plugins}: the connector plugins the worker found (class, type, version). */
    public JsonNode connectorPlugins() {
        return request("GET", "/connector-plugins", null);
    }

    /**
     * {@code PUT /connector-plugins/{plugin}/config/validate}. Returns Connect's parsed answer
     * ({@code error_count}, {@code configs[].value.errors}). {@code connector.class} is added when missing,
     * since Connect requires it in the body as well.
     */
    public JsonNode validate(String pluginClassOrAlias, Map<String, ?> config) {
        Map<String, String> body = stringValues(config);
        body.putIfAbsent("connector.class", pluginClassOrAlias);
        return request("PUT", "/connector-plugins/" + enc(pluginClassOrAlias) + "/config/validate", body);
    }

    // ---- worker

    /** {@code GET /}: version, commit and Kafka cluster id. */
    public JsonNode serverInfo() {
        return request("GET", "/", null);
    }

    /**
     * Any request: {@code path} is relative to the base URL, {@code body} (may be null) is sent as JSON.
     * Returns the parsed answer ({@link NullNode} when empty).
     */
    public JsonNode request(String method, String path, Object body) {
        String url = baseUrl + path;
        long deadline = System.nanoTime() + rebalanceRetryTimeout.toNanos();
        while (true) {
            HttpResponse<String> response = send(method, url, body);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body());
            }
            if (status == 409 && isTransientConflict(response.body()) && System.nanoTime() - deadline < 0) {
                ChildProcess.sleep(Duration.ofMillis(500));
                continue;
            }
            throw new ConnectRestException(method, url, status, response.body());
        }
    }

    private static boolean isTransientConflict(String body) {
        // "...momentarily due to no known leader URL, likely because a rebalance is underway",
        // "...because of a conflicting operation (e.g. worker rebalance)", "...due to stale configuration".
        String b = body.toLowerCase(java.util.Locale.ROOT);
        return b.contains("rebalance") || b.contains("leader") || b.contains("momentarily");
    }

    private HttpResponse<String> send(String method, String url, Object body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (body != null) {
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + url, e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize request body", e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Connect answered with invalid JSON: " + body, e);
        }
    }

    // Connect configs are string maps; accepting Object values lets callers pass numbers and booleans.
    private static Map<String, String> stringValues(Map<String, ?> config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON object node, e.g. to build an offsets body for {@link #alterOffsets}. */
    public static ObjectNode objectNode() {
        return JSON.createObjectNode();
    }
}
