package io.binlogstream.converters;

import io.binlogstream.converters.registry.Backoff;
import io.binlogstream.converters.registry.SchemaRegistryClient;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration of {@link AvroConverter}: one {@link ConfigDef}, typed accessors. Connect hands the
 * converter its keys without the {@code key.converter.} / {@code value.converter.} prefix.
 */
public final class AvroConverterConfig extends AbstractConfig {

    private static final String GROUP_REGISTRY = "Schema registry";
    private static final String GROUP_SERIALIZATION = "Serialization";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of a schema registry speaking the Confluent-compatible "
            + "REST API, or a comma-separated list of URLs of the same registry cluster; when one cannot be reached the "
            + "converter fails over to the next. Apicurio: http://host:8080/apis/ccompat/v7; Confluent, Karapace, "
            + "Redpanda: http://host:8081.";
    private static final String SCHEMA_REGISTRY_URL_DISPLAY = "Schema registry URLs";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether to register a record's schema under its subject. "
            + "When false the schema must already be registered there (it is looked up), else the record fails naming "
            + "the topic and subject; use that when schemas are registered by a deployment pipeline.";
    public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
    private static final String AUTO_REGISTER_SCHEMAS_DISPLAY = "Register schemas";

    public static final String SUBJECT_NAME_STRATEGY_CONFIG = "subject.name.strategy";
    private static final String SUBJECT_NAME_STRATEGY_DOC = "How the subject a schema is registered under is named: "
            + "'topic' is <topic>-key or <topic>-value (one schema lineage per topic); 'record' is the Avro record's full "
            + "name (one lineage per record type across topics); 'topic-record' is <topic>-<record full name>. "
            + "'record' and 'topic-record' need a struct schema.";
    public static final String SUBJECT_NAME_STRATEGY_DEFAULT = SubjectNameStrategy.TOPIC.configName();
    private static final String SUBJECT_NAME_STRATEGY_DISPLAY = "Subject name strategy";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "How long one request to the schema registry may take before it "
            + "is abandoned and retried.";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 30_000L;
    private static final String REQUEST_TIMEOUT_MS_DISPLAY = "Request timeout (ms)";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long opening a connection to the schema registry may take "
            + "before the converter fails over to the next URL or retries.";
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 10_000L;
    private static final String CONNECT_TIMEOUT_MS_DISPLAY = "Connect timeout (ms)";

    public static final String RETRIES_CONFIG = "schema.registry.retries";
    private static final String RETRIES_DOC = "How many times a failed request is retried when the failure is "
            + "transient: HTTP 5xx or 429, a timeout, a refused or dropped connection. Other answers (an incompatible "
            + "schema, 4xx) are never retried. 0 disables retries.";
    public static final int RETRIES_DEFAULT = 5;
    private static final String RETRIES_DISPLAY = "Retries";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Pause before the first retry; each further retry doubles it "
            + "(with jitter) up to " + "schema.registry.retry.backoff.max.ms.";
    public static final long RETRY_BACKOFF_MS_DEFAULT = 200L;
    private static final String RETRY_BACKOFF_MS_DISPLAY = "Retry back-off (ms)";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest pause between two retries.";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 10_000L;
    private static final String RETRY_BACKOFF_MAX_MS_DISPLAY = "Maximum retry back-off (ms)";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "'user:password' for HTTP basic authentication to the "
            + "schema registry; empty for none.";
    private static final String BASIC_AUTH_USER_INFO_DISPLAY = "Basic auth user info";

    public static final String SCHEMA_CACHE_SIZE_CONFIG = "schema.cache.size";
    private static final String SCHEMA_CACHE_SIZE_DOC = "How many schemas the converter keeps: Connect schemas with their "
            + "Avro schema, writer and ids, and schemas read by id. Once full the least recently used is dropped, and "
            + "rebuilt (asking the registry again) when it is next needed. Needs to exceed the number of tables captured "
            + "times the schema versions in use to avoid that.";
    public static final int SCHEMA_CACHE_SIZE_DEFAULT = 1000;
    private static final String SCHEMA_CACHE_SIZE_DISPLAY = "Schema cache size";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        int registry = 0;
        int serialization = 0;
        return new ConfigDef()
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new UrlListValidator(),
                        Importance.HIGH, SCHEMA_REGISTRY_URL_DOC, GROUP_REGISTRY, ++registry, Width.LONG, SCHEMA_REGISTRY_URL_DISPLAY)
                .define(REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, REQUEST_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1),
                        Importance.LOW, REQUEST_TIMEOUT_MS_DOC, GROUP_REGISTRY, ++registry, Width.SHORT, REQUEST_TIMEOUT_MS_DISPLAY)
                .define(CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, CONNECT_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1),
                        Importance.LOW, CONNECT_TIMEOUT_MS_DOC, GROUP_REGISTRY, ++registry, Width.SHORT, CONNECT_TIMEOUT_MS_DISPLAY)
                .define(RETRIES_CONFIG, Type.INT, RETRIES_DEFAULT, ConfigDef.Range.between(0, 100),
                        Importance.LOW, RETRIES_DOC, GROUP_REGISTRY, ++registry, Width.SHORT, RETRIES_DISPLAY)
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.LOW, RETRY_BACKOFF_MS_DOC, GROUP_REGISTRY, ++registry, Width.SHORT, RETRY_BACKOFF_MS_DISPLAY)
                .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                        Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC, GROUP_REGISTRY, ++registry, Width.SHORT, RETRY_BACKOFF_MAX_MS_DISPLAY)
                .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, new UserInfoValidator(),
                        Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC, GROUP_REGISTRY, ++registry, Width.MEDIUM, BASIC_AUTH_USER_INFO_DISPLAY)
                .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, AUTO_REGISTER_SCHEMAS_DEFAULT,
                        Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC, GROUP_SERIALIZATION, ++serialization, Width.SHORT, AUTO_REGISTER_SCHEMAS_DISPLAY)
                .define(SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SUBJECT_NAME_STRATEGY_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in(SubjectNameStrategy.configNames()),
                        Importance.MEDIUM, SUBJECT_NAME_STRATEGY_DOC, GROUP_SERIALIZATION, ++serialization, Width.SHORT, SUBJECT_NAME_STRATEGY_DISPLAY)
                .define(SCHEMA_CACHE_SIZE_CONFIG, Type.INT, SCHEMA_CACHE_SIZE_DEFAULT, ConfigDef.Range.atLeast(1),
                        Importance.LOW, SCHEMA_CACHE_SIZE_DOC, GROUP_SERIALIZATION, ++serialization, Width.SHORT, SCHEMA_CACHE_SIZE_DISPLAY);
    }

    public AvroConverterConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        if (retryBackoffMax().compareTo(retryBackoff()) < 0) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS_CONFIG, getLong(RETRY_BACKOFF_MAX_MS_CONFIG),
                    "must not be less than " + RETRY_BACKOFF_MS_CONFIG + " (" + getLong(RETRY_BACKOFF_MS_CONFIG) + ")");
        }
    }

    public List<URI> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream().map(String::trim).map(URI::create).toList();
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public SubjectNameStrategy subjectNameStrategy() {
        return SubjectNameStrategy.forConfigName(getString(SUBJECT_NAME_STRATEGY_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS_CONFIG));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS_CONFIG));
    }

    public int retries() {
        return getInt(RETRIES_CONFIG);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    /** user:password, or null. */
    public String basicAuthUserInfo() {
        Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
        return password == null || password.value().isEmpty() ? null : password.value();
    }

    public int schemaCacheSize() {
        return getInt(SCHEMA_CACHE_SIZE_CONFIG);
    }

    public SchemaRegistryClient.Settings registrySettings() {
        return new SchemaRegistryClient.Settings(registryUrls(), connectTimeout(), requestTimeout(), retries(),
                new Backoff(retryBackoff(), retryBackoffMax()), basicAuthUserInfo(), schemaCacheSize());
    }

    /** Reference documentation of the keys, generated from the ConfigDef so it cannot drift from the code. */
    public static void main(String[] args) {
        System.out.println(CONFIG_DEF.toEnrichedRst());
    }

    /** A non-empty list of absolute http or https URLs. */
    static final class UrlListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> urls = (List<?>) value;
            if (urls == null || urls.isEmpty()) {
                throw new ConfigException(name, value, "at least one schema registry URL is needed");
            }
            for (Object item : urls) {
                String url = item.toString().trim();
                try {
                    URI uri = new URI(url);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        throw new ConfigException(name, url, "needs to be an http:// or https:// URL");
                    }
                    if (uri.getHost() == null) {
                        throw new ConfigException(name, url, "has no host");
                    }
                    if (uri.getQuery() != null || uri.getFragment() != null) {
                        throw new ConfigException(name, url, "must be a base URL, without query or fragment");
                    }
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, url, "is not a URL: " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated list of http:// or https:// base URLs";
        }
    }

    /** user:password. */
    static final class UserInfoValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String text = ((Password) value).value();
            if (!text.isEmpty() && !text.contains(":")) {
                // never echo the value: it is a secret
                throw new ConfigException(name + " needs the form user:password");
            }
        }

        @Override
        public String toString() {
            return "user:password";
        }
    }
}
