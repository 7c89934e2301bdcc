package io.binlogstream.converters;

import io.binlogstream.converters.avro.AvroToConnectSchema;
import io.binlogstream.converters.avro.AvroToConnectValue;
import io.binlogstream.converters.avro.ConnectAvroWriter;
import io.binlogstream.converters.avro.ConnectToAvroSchema;
import io.binlogstream.converters.avro.ValueWriter;
import io.binlogstream.converters.registry.IncompatibleSchemaException;
import io.binlogstream.converters.registry.SchemaRegistryClient;
import io.binlogstream.converters.registry.SchemaRegistryException;
import io.binlogstream.converters.util.BoundedCache;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka Connect converter between Connect data and Avro in the schema registry wire format (magic byte 0,
 * 4-byte schema id, Avro binary), registering schemas with a Confluent-compatible registry.
 *
 * <p>Writing: the Connect schema is mapped to Avro once ({@link ConnectToAvroSchema}) and compiled into a writer
 * ({@link ConnectAvroWriter}); both, with the schema's id per topic, stay cached for the schema, so a record of
 * a known schema costs one cache look-up and the encoding. Reading: the writer's schema is fetched by id,
 * mapped back to Connect ({@link AvroToConnectSchema}) and cached by id.
 *
 * <p>Failures name the topic and the subject (or schema id when reading). A registry that stays unreachable or
 * keeps answering 5xx after the configured retries gives a {@link RetriableException}, so Connect's
 * {@code errors.retry.timeout} can retry the record; everything else is a {@link DataException}.
 */
public class AvroConverter implements Converter, Versioned {

    private static final Logger log = LoggerFactory.getLogger(AvroConverter.class);
    private static final String VERSION = loadVersion();

    private AvroConverterConfig config;
    private SchemaRegistryClient registry;
    private SubjectNameStrategy strategy;
    private boolean isKey;
    private boolean autoRegister;
    private BoundedCache<Schema, WriteEntry> writeEntries;
    private BoundedCache<Integer, ReadEntry> readEntries;
    /** The entry last written: records of one table come in runs, so this usually skips the cache. */
    private volatile WriteEntry lastWritten;
    private final ThreadLocal<WriteBuffer> buffers = ThreadLocal.withInitial(WriteBuffer::new);
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** A Connect schema ready to write: its Avro form, compiled writer and ids (one per topic). */
    private static final class WriteEntry {
        final Schema connect;
        final org.apache.avro.Schema avro;
        final String avroText;
        final ValueWriter writer;
        /** The Avro record full name (inside a [null, record] union too), null if the schema is no record. */
        final String recordName;
        final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();

        WriteEntry(Schema connect, org.apache.avro.Schema avro) {
            this.connect = connect;
            this.avro = avro;
            this.avroText = avro.toString();
            this.writer = ConnectAvroWriter.compile(connect, avro);
            this.recordName = recordName(avro);
        }

        private static String recordName(org.apache.avro.Schema avro) {
            if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
                for (org.apache.avro.Schema branch : avro.getTypes()) {
                    if (branch.getType() == org.apache.avro.Schema.Type.RECORD) {
                        return branch.getFullName();
                    }
                }
                return null;
            }
            return avro.getType() == org.apache.avro.Schema.Type.RECORD ? avro.getFullName() : null;
        }
    }

    /** A writer schema read by id, with its Connect form and a reader. */
    private record ReadEntry(org.apache.avro.Schema avro, Schema connect, GenericDatumReader<Object> reader) {
    }

    public AvroConverter() {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = new AvroConverterConfig(configs);
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy();
        this.autoRegister = config.autoRegisterSchemas();
        this.registry = new SchemaRegistryClient(config.registrySettings());
        this.writeEntries = new BoundedCache<>(config.schemaCacheSize());
        this.readEntries = new BoundedCache<>(config.schemaCacheSize());
        log.info("AvroConverter {} for {}s: registry {}, subject.name.strategy={}, auto.register.schemas={}",
                VERSION, isKey ? "key" : "value", registry.urls(), strategy.configName(), autoRegister);
    }

    @Override
    public ConfigDef config() {
        return AvroConverterConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        requireConfigured();
        if (value == null) {
            return null; // a tombstone stays a tombstone
        }
        if (schema == null) {
            throw new DataException("Topic '" + topic + "': the Avro converter needs a schema, but the "
                    + (isKey ? "key" : "value") + " has none (a schemaless " + value.getClass().getName() + ")");
        }
        WriteEntry entry = writeEntry(topic, schema);
        int id = schemaId(topic, entry);
        WriteBuffer buffer = buffers.get();
        try {
            entry.writer.write(value, buffer.start());
            return buffer.finish(id);
        } catch (RuntimeException | IOException e) {
            buffer.discard();
            throw new DataException("Topic '" + topic + "', subject '" + subject(topic, entry) + "': cannot write the "
                    + (isKey ? "key" : "value") + " as Avro: " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        requireConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        int id = WireFormat.schemaId(topic, value);
        ReadEntry entry = readEntry(topic, id);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_SIZE,
                    value.length - WireFormat.HEADER_SIZE, decoders.get());
            decoders.set(decoder);
            Object datum = entry.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DataException("bytes left over after the value");
            }
            return new SchemaAndValue(entry.connect(), AvroToConnectValue.convert(entry.connect(), datum));
        } catch (IOException | RuntimeException e) {
            throw new DataException("Topic '" + topic + "': cannot read a message of schema id " + id + " ("
                    + value.length + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // the JDK's HttpClient on Java 17 holds no resources that need closing; caches go with the instance
    }

    private WriteEntry writeEntry(String topic, Schema schema) {
        WriteEntry last = lastWritten;
        if (last != null && last.connect == schema) {
            return last;
        }
        WriteEntry entry = writeEntries.get(schema);
        if (entry == null) {
            try {
                entry = new WriteEntry(schema, ConnectToAvroSchema.convert(schema));
            } catch (DataException | AvroRuntimeException e) {
                throw new DataException("Topic '" + topic + "': the " + (isKey ? "key" : "value") + " schema "
                        + describe(schema) + " has no Avro form: " + e.getMessage(), e);
            }
            writeEntries.put(schema, entry);
        }
        lastWritten = entry;
        return entry;
    }

    private int schemaId(String topic, WriteEntry entry) {
        Integer id = entry.idsByTopic.get(topic);
        if (id != null) {
            return id;
        }
        String subject = subject(topic, entry);
        long start = System.nanoTime();
        try {
            if (autoRegister) {
                id = registry.register(subject, entry.avroText);
            } else {
                OptionalInt found = registry.lookup(subject, entry.avroText);
                if (found.isEmpty()) {
                    throw new DataException("Topic '" + topic + "', subject '" + subject + "': the schema is not registered "
                            + "under the subject and " + AvroConverterConfig.AUTO_REGISTER_SCHEMAS_CONFIG + " is false; "
                            + "register it first. Schema: " + entry.avroText);
                }
                id = found.getAsInt();
            }
        } catch (IncompatibleSchemaException e) {
            throw new DataException("Topic '" + topic + "', subject '" + subject + "': the schema registry refused the "
                    + "new schema as incompatible with the subject's compatibility level: " + e.registryMessage()
                    + ". Change the schema, or the subject's compatibility (PUT /config/" + subject + ")", e);
        } catch (SchemaRegistryException e) {
            throw registryFailure("Topic '" + topic + "', subject '" + subject + "': ", e);
        }
        entry.idsByTopic.put(topic, id);
        log.info("Topic '{}': {} schema {} is id {} under subject '{}' ({} ms)", topic, isKey ? "key" : "value",
                describe(entry.connect), id, subject, (System.nanoTime() - start) / 1_000_000);
        return id;
    }

    private String subject(String topic, WriteEntry entry) {
        return strategy.subject(topic, isKey, entry.recordName);
    }

    private ReadEntry readEntry(String topic, int id) {
        ReadEntry entry = readEntries.get(id);
        if (entry != null) {
            return entry;
        }
        org.apache.avro.Schema avro;
        try {
            avro = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw registryFailure("Topic '" + topic + "', schema id " + id + ": ", e);
        }
        Schema connect;
        try {
            connect = AvroToConnectSchema.convert(avro);
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', schema id " + id + ": the Avro schema has no Connect form: "
                    + e.getMessage(), e);
        }
        entry = new ReadEntry(avro, connect, new GenericDatumReader<>(avro));
        readEntries.put(id, entry);
        return entry;
    }

    /** Transient registry trouble is retriable for Connect; anything else is about the data. */
    private static ConnectException registryFailure(String context, SchemaRegistryException e) {
        if (e.isRetriable()) {
            return new RetriableException(context + "the schema registry is unavailable: " + e.getMessage(), e);
        }
        return new DataException(context + e.getMessage(), e);
    }

    private void requireConfigured() {
        if (config == null) {
            throw new IllegalStateException("AvroConverter used before configure()");
        }
    }

    private static String describe(Schema schema) {
        return schema.name() != null ? schema.name() + " (" + schema.type() + ")" : schema.type().toString();
    }

    private static String loadVersion() {
        try (InputStream in = AvroConverter.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            String version = props.getProperty("version");
            return version == null || version.startsWith("$") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
