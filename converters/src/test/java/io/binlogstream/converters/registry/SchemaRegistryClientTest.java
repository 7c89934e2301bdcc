package io.binlogstream.converters.registry;

import io.binlogstream.converters.RegistryProxy;
import io.binlogstream.converters.SharedRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a real Apicurio registry's Confluent-compatible API. */
@ExtendWith(SharedRegistry.class)
class SchemaRegistryClientTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"c\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    private static final String V2_OPTIONAL = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"c\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    private static final String V2_REQUIRED = "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"c\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\"}]}";

    private static String subject() {
        return "client-" + UUID.randomUUID() + "-value";
    }

    private static SchemaRegistryClient client(String url) {
        return new SchemaRegistryClient(new SchemaRegistryClient.Settings(List.of(URI.create(url)), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), null, 100));
    }

    private static String ccompat(RegistryProxy proxy) {
        return proxy.root() + "/apis/ccompat/v7";
    }

    @Test
    void registersLooksUpAndFetchesWithCaching() throws IOException {
        String subject = subject();
        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), 0, 0)) {
            SchemaRegistryClient client = client(ccompat(proxy));
            assertThat(client.lookup(subject, V1)).as("unknown subject").isEmpty();
            int id = client.register(subject, V1);
            assertThat(client.register(subject, V1)).isEqualTo(id);
            assertThat(client.lookup(subject, V1)).isEqualTo(OptionalInt.of(id));
            assertThat(client.schemaById(id).getField("a")).isNotNull();
            assertThat(client.schemaById(id)).isSameAs(client.schemaById(id));
            assertThat(client.lookup(subject, V2_OPTIONAL)).as("schema not under the subject").isEmpty();
            assertThat(proxy.requests()).containsExactly(
                    "POST /apis/ccompat/v7/subjects/" + subject,
                    "POST /apis/ccompat/v7/subjects/" + subject + "/versions",
                    "GET /apis/ccompat/v7/schemas/ids/" + id,
                    "POST /apis/ccompat/v7/subjects/" + subject);
        }
        // a fresh client, no cache: the registry returns the existing id for an existing schema
        SchemaRegistryClient fresh = client(SharedRegistry.url());
        assertThat(fresh.register(subject, V1)).isEqualTo(fresh.lookup(subject, V1).getAsInt());
    }

    @Test
    void compatibilityLevelIsHonouredAndA409IsIncompatibleSchemaException() {
        String subject = subject();
        SchemaRegistryClient client = client(SharedRegistry.url());
        client.register(subject, V1);
        client.setCompatibility(subject, "BACKWARD");
        assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");
        assertThat(client.register(subject, V2_OPTIONAL)).isPositive();

        assertThatThrownBy(() -> client.register(subject, V2_REQUIRED))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.isRetriable()).isFalse();
                    assertThat(e.registryMessage()).contains("Incompatible");
                })
                .hasMessageContaining("subject '" + subject + "'");

        client.setCompatibility(subject, "NONE");
        assertThat(client.register(subject, V2_REQUIRED)).as("NONE accepts anything").isPositive();
    }

    @Test
    void concurrentFirstRegistrationsOfOneSubjectAllGetItsId() throws Exception {
        for (int round = 0; round < 3; round++) {
            String subject = subject();
            int writers = 8;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                List<java.util.concurrent.Future<Integer>> ids = new java.util.ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    SchemaRegistryClient own = client(SharedRegistry.url()); // no shared cache, as separate tasks
                    ids.add(pool.submit(() -> {
                        start.await();
                        return own.register(subject, V1);
                    }));
                }
                java.util.Set<Integer> distinct = new java.util.HashSet<>();
                for (java.util.concurrent.Future<Integer> id : ids) {
                    distinct.add(id.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(distinct).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anInvalidSchemaIsAFinalError() throws IOException {
        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), 0, 0)) {
            SchemaRegistryClient client = client(ccompat(proxy));
            assertThatThrownBy(() -> client.register(subject(), "{\"type\":\"recordx\"}"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.errorCode()).isEqualTo(42201);
                        assertThat(e.isRetriable()).isFalse();
                    })
                    .hasMessageContaining("HTTP 422");
            assertThat(proxy.requests()).hasSize(1);
        }
    }

    @Test
    void aWrongBaseUrlIsAnErrorNotAnAbsentSchema() {
        SchemaRegistryClient client = client(SharedRegistry.baseUrl() + "/apis/nothing-here");
        assertThatThrownBy(() -> client.lookup(subject(), V1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining(SharedRegistry.baseUrl() + "/apis/nothing-here/subjects/");
    }

    @Test
    void unreachableRegistryGivesUpAfterRetriesNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        assertThatThrownBy(() -> client(url).schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.isRetriable()).isTrue();
                    assertThat(e.url()).isEqualTo(url + "/schemas/ids/1");
                })
                .hasMessageContaining("Could not reach the schema registry at " + url + "/schemas/ids/1")
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("gave up after 3 attempts");
    }

    @Test
    void backoffGrowsAndStaysBounded() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delayMillis(1)).isBetween(50L, 100L);
            assertThat(backoff.delayMillis(3)).isBetween(200L, 400L);
            assertThat(backoff.delayMillis(40)).isBetween(500L, 1000L);
        }
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO).delayMillis(5)).isZero();
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
