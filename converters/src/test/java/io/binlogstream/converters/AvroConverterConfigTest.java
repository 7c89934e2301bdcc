package io.binlogstream.converters;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroConverterConfigTest {

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", "http://registry:8080/apis/ccompat/v7");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void defaults() {
        AvroConverterConfig config = new AvroConverterConfig(config());
        assertThat(config.registryUrls()).containsExactly(URI.create("http://registry:8080/apis/ccompat/v7"));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retries()).isEqualTo(5);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.basicAuthUserInfo()).isNull();
        assertThat(config.schemaCacheSize()).isEqualTo(1000);
    }

    @Test
    void urlListAndStrategiesParse() {
        AvroConverterConfig config = new AvroConverterConfig(config(
                "schema.registry.url", "http://a:1/apis/ccompat/v7, https://b:2",
                "subject.name.strategy", "Topic-Record",
                "schema.registry.basic.auth.user.info", "me:secret"));
        assertThat(config.registryUrls()).containsExactly(URI.create("http://a:1/apis/ccompat/v7"), URI.create("https://b:2"));
        assertThat(config.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
        assertThat(config.basicAuthUserInfo()).isEqualTo("me:secret");
    }

    @Test
    void missingUrlIsNamed() {
        Map<String, Object> config = config();
        config.remove("schema.registry.url");
        assertThatThrownBy(() -> new AvroConverterConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.url", "registry:8081")))
                .hasMessageContaining("schema.registry.url").hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.url", "http://a:1?x=1")))
                .hasMessageContaining("without query");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.url", "")))
                .hasMessageContaining("at least one schema registry URL");
        assertThatThrownBy(() -> new AvroConverterConfig(config("subject.name.strategy", "TopicNameStrategy")))
                .hasMessageContaining("subject.name.strategy").hasMessageContaining("TOPIC-RECORD");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.retries", "-1")))
                .hasMessageContaining("schema.registry.retries");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.retry.backoff.ms", "500",
                "schema.registry.retry.backoff.max.ms", "100")))
                .hasMessageContaining("schema.registry.retry.backoff.max.ms").hasMessageContaining("must not be less than");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.registry.basic.auth.user.info", "secret-only")))
                .hasMessageContaining("user:password").hasMessageNotContaining("secret-only");
        assertThatThrownBy(() -> new AvroConverterConfig(config("schema.cache.size", "0")))
                .hasMessageContaining("schema.cache.size");
    }

    @Test
    void everyKeyIsDocumentedAndReturnedByTheConverter() {
        ConfigDef def = new AvroConverter().config();
        assertThat(def).isSameAs(AvroConverterConfig.CONFIG_DEF);
        assertThat(def.configKeys().keySet()).containsExactlyInAnyOrder(
                "schema.registry.url", "auto.register.schemas", "subject.name.strategy",
                "schema.registry.request.timeout.ms", "schema.registry.connect.timeout.ms", "schema.registry.retries",
                "schema.registry.retry.backoff.ms", "schema.registry.retry.backoff.max.ms",
                "schema.registry.basic.auth.user.info", "schema.cache.size");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.displayName).as(key.name).isNotBlank();
        }
        List<String> validated = List.of("schema.registry.url", "subject.name.strategy", "schema.registry.retries");
        for (String name : validated) {
            assertThat(def.configKeys().get(name).validator).as(name).isNotNull();
        }
    }

    @Test
    void theReadmeDocumentsEveryKeyWithItsDefault() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (ConfigDef.ConfigKey key : AvroConverterConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(readme).as("README row for " + key.name).contains("| `" + key.name + "` |");
            if (key.hasDefault() && key.defaultValue != null) {
                assertThat(readme).as("default of " + key.name)
                        .contains("| `" + key.name + "` | `" + ConfigDef.convertToString(key.defaultValue, key.type) + "` |");
            }
        }
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(new AvroConverter().version()).isNotBlank().isNotEqualTo("unknown");
    }

    @Test
    void useBeforeConfigureIsAnError() {
        assertThatThrownBy(() -> new AvroConverter().fromConnectData("t", null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }
}
