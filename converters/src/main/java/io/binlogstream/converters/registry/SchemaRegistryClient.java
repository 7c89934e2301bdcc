package io.binlogstream.converters.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogstream.converters.util.BoundedCache;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small client for the Confluent-compatible schema registry REST API (Confluent, Apicurio's ccompat API,
 * Karapace, Redpanda), for Avro schemas. Written here because the Confluent client library is not available
 * to this project; it needs only the JDK's HTTP client and Jackson.
 *
 * <ul>
 *   <li>Caches what never changes: the id of a schema under a subject, and the schema of an id.</li>
 *   <li>Retries HTTP 5xx and 429, timeouts and connection failures with bounded exponential back-off; on a
 *       connection failure it fails over to the next URL first. Other 4xx answers are final.</li>
 *   <li>HTTP 409 on registration is an {@link IncompatibleSchemaException} naming the subject and the
 *       registry's reason, unless the schema turns out to be registered after all (a concurrent writer).</li>
 * </ul>
 */
public final class SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Registry error codes (Confluent's API) used here. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final List<String> urls;
    private final Settings settings;
    private final HttpClient http;
    private final String authorization;
    /** The URL in use: moves on when one cannot be reached, and stays there while it answers. */
    private final AtomicInteger current = new AtomicInteger();
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final BoundedCache<Integer, Schema> schemasById;

    /** What the client needs to know; {@link io.binlogstream.converters.AvroConverterConfig} makes one. */
    public record Settings(List<URI> urls, Duration connectTimeout, Duration requestTimeout, int retries,
                           Backoff backoff, String basicAuthUserInfo, int cacheSize) {
        public Settings {
            if (urls == null || urls.isEmpty()) {
                throw new IllegalArgumentException("at least one schema registry URL is needed");
            }
            urls = List.copyOf(urls);
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(backoff, "backoff");
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0, got " + retries);
            }
        }

        /** Defaults for tests and tools: 5 s timeouts, 3 retries from 100 ms, 1000 cached schemas. */
        public static Settings of(String... urls) {
            return new Settings(java.util.Arrays.stream(urls).map(URI::create).toList(), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), 3, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)), null, 1000);
        }
    }

    private record SubjectSchema(String subject, String schema) {
    }

    /** An HTTP answer the retry loop did not consume: 2xx, or a final 4xx for the caller to interpret. */
    private record Answer(String url, int status, String body) {
    }

    public SchemaRegistryClient(Settings settings) {
        this.settings = settings;
        this.urls = settings.urls().stream().map(u -> stripTrailingSlash(u.toString())).toList();
        // HTTP/1.1: over plain http the JDK would otherwise try an h2c upgrade, which some registries mishandle
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.authorization = settings.basicAuthUserInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        this.idsBySubjectSchema = new BoundedCache<>(settings.cacheSize());
        this.schemasById = new BoundedCache<>(settings.cacheSize());
    }

    /**
     * Registers a schema under a subject (POST /subjects/{subject}/versions) and returns its id; registering
     * a schema the subject already has returns the existing id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule refuses it
     */
    public int register(String subject, String schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Answer answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        if (answer.status() == 409) {
            // Apicurio also answers 409 when another writer created the subject in the same instant ("artifact
            // already exists"): if the schema is under the subject now, that registration serves as ours
            OptionalInt registered = lookupQuietly(subject, schema);
            if (registered.isPresent()) {
                log.info("Subject '{}': registration answered HTTP 409 ({}), but the schema is registered as id {}: "
                        + "another writer registered it at the same time", subject, abbreviate(answer.body()), registered.getAsInt());
                idsBySubjectSchema.put(key, registered.getAsInt());
                return registered.getAsInt();
            }
            ErrorBody error = ErrorBody.parse(answer.body());
            throw new IncompatibleSchemaException(subject, answer.url(), error.code(), error.message());
        }
        int id = id(requireOk(answer, "register a schema under subject '" + subject + "'"), answer);
        idsBySubjectSchema.put(key, id);
        return id;
    }

    /**
     * The id of a schema already registered under a subject (POST /subjects/{subject}), or empty if the subject
     * or the schema under it does not exist.
     */
    public OptionalInt lookup(String subject, String schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        Answer answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        if (answer.status() == 404) {
            int code = ErrorBody.parse(answer.body()).code();
            // any other 404 (a wrong base URL, say) is an error, not "not registered"
            if (code == SUBJECT_NOT_FOUND || code == SCHEMA_NOT_FOUND) {
                return OptionalInt.empty();
            }
        }
        int id = id(requireOk(answer, "look up a schema under subject '" + subject + "'"), answer);
        idsBySubjectSchema.put(key, id);
        return OptionalInt.of(id);
    }

    private OptionalInt lookupQuietly(String subject, String schema) {
        try {
            return lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            return OptionalInt.empty();
        }
    }

    /** The schema with an id (GET /schemas/ids/{id}), parsed. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Answer answer = send("GET", "/schemas/ids/" + id, null);
        JsonNode body = requireOk(answer, "fetch the schema with id " + id);
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected(answer, "no \"schema\" in the answer for id " + id);
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("Schema id " + id + " at " + answer.url() + " is a " + type
                    + " schema, not Avro", answer.url(), answer.status(), -1, null, false, null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema id " + id + " from " + answer.url() + " is not valid Avro: "
                    + e.getMessage(), answer.url(), answer.status(), -1, null, false, e);
        }
        schemasById.put(id, schema);
        return schema;
    }

    /** The subject's compatibility level (GET /config/{subject}), e.g. BACKWARD. */
    public String compatibility(String subject) {
        Answer answer = send("GET", "/config/" + encode(subject), null);
        JsonNode body = requireOk(answer, "read the compatibility of subject '" + subject + "'");
        return body.path("compatibilityLevel").asText(body.path("compatibility").asText(null));
    }

    /** Sets the subject's compatibility level (PUT /config/{subject}): NONE, BACKWARD, FORWARD, FULL, ... */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        requireOk(send("PUT", "/config/" + encode(subject), body.toString()), "set the compatibility of subject '" + subject + "'");
    }

    /** The base URLs, in order. */
    public List<String> urls() {
        return urls;
    }

    private static String schemaBody(String schema) {
        // schemaType is the API's default, but stating it spares registries that guess (Apicurio) the guessing
        return JSON.createObjectNode().put("schema", schema).put("schemaType", "AVRO").toString();
    }

    private int id(JsonNode body, Answer answer) {
        JsonNode id = body.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw unexpected(answer, "no \"id\" in the answer");
        }
        return id.intValue();
    }

    private JsonNode requireOk(Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            ErrorBody error = ErrorBody.parse(answer.body());
            throw new SchemaRegistryException("Could not " + what + ": HTTP " + answer.status() + " from " + answer.url()
                    + ": " + error.describe(), answer.url(), answer.status(), error.code(), error.message(), false, null);
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw unexpected(answer, "the answer is not JSON: " + abbreviate(answer.body()));
        }
    }

    private static SchemaRegistryException unexpected(Answer answer, String problem) {
        return new SchemaRegistryException("Unexpected answer from the schema registry at " + answer.url() + ": " + problem,
                answer.url(), answer.status(), -1, abbreviate(answer.body()), false, null);
    }

    /**
     * Sends a request, retrying transient failures. Returns 2xx answers and final 4xx answers; throws when
     * retries run out.
     */
    private Answer send(String method, String path, String body) {
        int attempts = settings.retries() + 1;
        SchemaRegistryException last = null;
        int failoversSinceSleep = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int index = current.get();
            String url = urls.get(index) + path;
            try {
                HttpResponse<String> response = http.send(request(method, url, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status < 500 && status != 429) {
                    return new Answer(url, status, response.body());
                }
                ErrorBody error = ErrorBody.parse(response.body());
                last = new SchemaRegistryException("HTTP " + status + " from " + method + " " + url + ": " + error.describe(),
                        url, status, error.code(), error.message(), true, null);
            } catch (IOException e) {
                last = new SchemaRegistryException("Could not reach the schema registry at " + url + ": " + describe(e),
                        url, 0, -1, null, true, e);
                if (urls.size() > 1) {
                    current.compareAndSet(index, (index + 1) % urls.size());
                    // another URL not tried since the last pause: try it at once
                    if (++failoversSinceSleep < urls.size() && attempt < attempts) {
                        log.warn("{}; failing over to {}", last.getMessage(), urls.get(current.get()));
                        continue;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted during " + method + " " + url, url, 0, -1, null, true, e);
            }
            if (attempt < attempts) {
                long delay = settings.backoff().delayMillis(attempt);
                log.warn("{}; retry {} of {} in {} ms", last.getMessage(), attempt, attempts - 1, delay);
                sleep(delay, url);
                failoversSinceSleep = 0;
            }
        }
        throw new SchemaRegistryException(last.getMessage() + " (gave up after " + attempts + " attempts)",
                last.url(), last.status(), last.errorCode(), last.registryMessage(), true, last.getCause());
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static void sleep(long millis, String url) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting to retry " + url, url, 0, -1, null, true, e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : " (" + message + ")");
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    /** The API's error JSON {@code {"error_code": 40401, "message": "..."}}, or the raw body if not that. */
    private record ErrorBody(int code, String message) {
        static ErrorBody parse(String body) {
            if (body == null || body.isBlank()) {
                return new ErrorBody(-1, null);
            }
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.has("message")) {
                    return new ErrorBody(node.path("error_code").asInt(-1), node.get("message").asText());
                }
            } catch (IOException e) {
                // not the API's JSON: an HTML page from a proxy, say; keep it as text below
            }
            return new ErrorBody(-1, abbreviate(body));
        }

        String describe() {
            if (message == null) {
                return "(empty body)";
            }
            return code == -1 ? message : message + " (error code " + code + ")";
        }
    }
}
