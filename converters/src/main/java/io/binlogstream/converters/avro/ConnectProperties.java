package io.binlogstream.converters.avro;

/**
 * Names of the Avro schema properties that carry what Avro itself cannot express about a Connect schema, so
 * that Avro back to Connect gives the very same Connect schema. The {@code connect.*} names are the ones other
 * Connect Avro converters use too, so tools that know them read these schemas the same way.
 */
public final class ConnectProperties {

    /** The Connect schema name where the Avro name cannot hold it (sanitized record names, primitives). */
    public static final String NAME = "connect.name";
    /** {@code int8} / {@code int16} on an Avro int, {@code map} on an array of key/value records. */
    public static final String TYPE = "connect.type";
    public static final String VERSION = "connect.version";
    /** The doc of a non-record schema (records use Avro's own doc). */
    public static final String DOC = "connect.doc";
    /** The Connect schema parameters, a JSON object of strings. */
    public static final String PARAMETERS = "connect.parameters";
    /** The default of a schema that is not a record field's (array items, map keys and values, top level). */
    public static final String DEFAULT = "connect.default";

    public static final String TYPE_INT8 = "int8";
    public static final String TYPE_INT16 = "int16";
    public static final String TYPE_MAP = "map";

    /**
     * Namespace of records the mapping names itself: unnamed structs and the entries of maps with non-string
     * keys. A record here without {@link #NAME} maps back to an unnamed struct.
     */
    public static final String GENERATED_NAMESPACE = "io.binlogstream.connect.avro";
    public static final String UNNAMED_STRUCT = "ConnectDefault";
    public static final String MAP_ENTRY = "MapEntry";
    public static final String MAP_ENTRY_KEY = "key";
    public static final String MAP_ENTRY_VALUE = "value";

    /** What Confluent's converter writes for the same things, recognised when reading its data. */
    static final String CONFLUENT_NAMESPACE = "io.confluent.connect.avro";

    /** Where the connector puts a Decimal's precision (design: "Values"). */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";
    /**
     * Precision written when a Decimal schema does not say: Avro requires one. 64 is what other Connect
     * converters use, and above MySQL's maximum of 65 only by one digit, so real columns always carry theirs.
     */
    public static final int DEFAULT_DECIMAL_PRECISION = 64;

    private ConnectProperties() {
    }
}
