package io.binlogstream.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * {@code bench.converter}: the key and value converter every contender gets in a benchmark run (the same for all, so
 * the converter's cost is shared), and how the harness reads a record key's id back in that format.
 */
enum ConverterChoice {
    /** binlogstream's {@code AvroConverter} against the stack's registry (the default). */
    AVRO("io.binlogstream.converters.AvroConverter"),
    /** Connect's own {@code JsonConverter} with its defaults ({@code schemas.enable=true}: schema and payload in each record). */
    JSON("org.apache.kafka.connect.json.JsonConverter");

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    final String converterClass;

    ConverterChoice(String converterClass) {
        this.converterClass = converterClass;
    }

    static ConverterChoice current() {
        String name = System.getProperty("bench.converter", "avro").trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bench.converter must be avro or json, not " + name.toLowerCase(Locale.ROOT), e);
        }
    }

    /** The connector settings naming the key and value converter. */
    Map<String, String> settings(String registryUrl) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("key.converter", converterClass);
        c.put("value.converter", converterClass);
        if (this == AVRO) {
            c.put("key.converter.schema.registry.url", registryUrl);
            c.put("value.converter.schema.registry.url", registryUrl);
        }
        return c;
    }

    /** For the report: which converter, with what settings. */
    String describe() {
        return this == AVRO ? "binlogstream's `io.binlogstream.converters.AvroConverter` (schema registry) for key and value"
                : "Connect's `org.apache.kafka.connect.json.JsonConverter` with its defaults (`schemas.enable=true`) for key and value";
    }

    /** The key's id field (the first field of every contender's W1 and snapshot key), decoded in this format. */
    long keyId(byte[] key) {
        return this == AVRO ? AvroKey.firstLong(key) : jsonPayloadId(key);
    }

    /** {@code {"schema": ..., "payload": {"id": 42}}}: streams to the payload's id without building a tree. */
    private static long jsonPayloadId(byte[] key) {
        try (JsonParser p = JSON_FACTORY.createParser(key)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object key: " + new String(key, java.nio.charset.StandardCharsets.UTF_8));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!"payload".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("id".equals(name)) {
                        return p.getLongValue();
                    }
                    p.skipChildren();
                }
            }
            throw new IllegalStateException("no payload.id in JSON key " + new String(key, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
