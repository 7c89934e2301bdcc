package io.binlogstream.converters.avro;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Named Connect schemas that have an Avro logical type (Decimal aside, which takes parameters; see
 * {@link ConnectToAvroSchema}). Both directions: a Connect name gives the logical type to write; a logical type
 * in a schema without {@code connect.name} (written by some other producer) gives the Connect name to read.
 */
final class SemanticTypes {

    static final String MICRO_TIMESTAMP = "io.binlogstream.time.MicroTimestamp";
    static final String LOCAL_MICRO_TIMESTAMP = "io.binlogstream.time.LocalMicroTimestamp";
    static final String DATE = "io.binlogstream.time.Date";
    static final String UUID = "io.binlogstream.data.Uuid";

    private record Mapping(Schema.Type connectType, Supplier<LogicalType> logicalType) {
    }

    private static final Map<String, Mapping> BY_CONNECT_NAME = Map.of(
            Date.LOGICAL_NAME, new Mapping(Schema.Type.INT32, LogicalTypes::date),
            Time.LOGICAL_NAME, new Mapping(Schema.Type.INT32, LogicalTypes::timeMillis),
            Timestamp.LOGICAL_NAME, new Mapping(Schema.Type.INT64, LogicalTypes::timestampMillis),
            DATE, new Mapping(Schema.Type.INT32, LogicalTypes::date),
            MICRO_TIMESTAMP, new Mapping(Schema.Type.INT64, LogicalTypes::timestampMicros),
            LOCAL_MICRO_TIMESTAMP, new Mapping(Schema.Type.INT64, LogicalTypes::localTimestampMicros),
            UUID, new Mapping(Schema.Type.STRING, LogicalTypes::uuid));

    /**
     * Connect name for a logical type found without {@code connect.name}. Avro {@code date} becomes Connect's
     * own Date, the type every Connect sink understands; our own schemas always carry {@code connect.name}, so
     * {@code io.binlogstream.time.Date} is never confused with it.
     */
    private static final Map<String, String> BY_LOGICAL_NAME = Map.of(
            "date", Date.LOGICAL_NAME,
            "time-millis", Time.LOGICAL_NAME,
            "timestamp-millis", Timestamp.LOGICAL_NAME,
            "timestamp-micros", MICRO_TIMESTAMP,
            "local-timestamp-micros", LOCAL_MICRO_TIMESTAMP,
            "uuid", UUID);

    private SemanticTypes() {
    }

    /** The logical type for a named Connect schema, or null (unknown name, or the name on an unexpected type). */
    static LogicalType logicalTypeFor(Schema connect) {
        if (connect.name() == null) {
            return null;
        }
        Mapping m = BY_CONNECT_NAME.get(connect.name());
        return m != null && m.connectType() == connect.type() ? m.logicalType().get() : null;
    }

    /** The Connect name for a logical type on a schema of the given Connect type, or null. */
    static String connectNameFor(LogicalType logicalType, Schema.Type connectType) {
        String name = logicalType == null ? null : BY_LOGICAL_NAME.get(logicalType.getName());
        return name != null && BY_CONNECT_NAME.get(name).connectType() == connectType ? name : null;
    }
}
