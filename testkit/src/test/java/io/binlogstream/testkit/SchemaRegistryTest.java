package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SchemaRegistry registry;

    @BeforeAll
    static void start() {
        registry = SchemaRegistry.start(TestDirs.create("registry"));
        System.err.println("[timing] schema registry started in " + registry.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
            assertThat(ProcessHandle.of(registry.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void registersASchemaAndReadsItBackById() throws Exception {
        assertThat(registry.url()).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
        String schema = "{\"type\":\"record\",\"name\":\"Row\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));

        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/testkit.row-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        int id = JSON.readTree(registered.body()).get("id").asInt();

        HttpResponse<String> byId = HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + id))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        JsonNode readBack = JSON.readTree(JSON.readTree(byId.body()).get("schema").asText());
        assertThat(readBack).isEqualTo(JSON.readTree(schema));

        HttpResponse<String> subjects = HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(subjects.body()).toString()).contains("testkit.row-value");
    }
}
