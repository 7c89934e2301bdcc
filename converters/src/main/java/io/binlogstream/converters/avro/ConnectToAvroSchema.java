package io.binlogstream.converters.avro;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a Connect schema to an Avro schema.
 *
 * <ul>
 *   <li>Optional schemas become {@code [null, T]} unions; a record field gets default null. A field whose
 *       Connect default is not null gets {@code [T, null]} and that default, since Avro takes a union's default
 *       from its first branch.</li>
 *   <li>What Avro cannot say is kept in {@code connect.*} properties ({@link ConnectProperties}) so that
 *       {@link AvroToConnectSchema} gives back an equal Connect schema.</li>
 *   <li>A struct used twice with the same definition (an envelope's {@code before} and {@code after}) is defined
 *       once and referred to by name afterwards, as Avro requires.</li>
 * </ul>
 *
 * <p>One instance per conversion: it remembers the records defined so far. Use {@link #convert}.
 */
public final class ConnectToAvroSchema {

    private final Map<String, List<Defined>> definedByFullName = new HashMap<>();

    /** A record already defined in this Avro schema, and the Connect struct it came from. */
    private record Defined(Schema connect, org.apache.avro.Schema avro) {
    }

    private ConnectToAvroSchema() {
    }

    /** The Avro schema for a Connect schema; throws {@link DataException} for what Avro cannot express. */
    public static org.apache.avro.Schema convert(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        return new ConnectToAvroSchema().position(schema, null, UNNAMED_TOP);
    }

    private static final String UNNAMED_TOP = ConnectProperties.UNNAMED_STRUCT;

    /** Maps with plain required string keys become Avro maps; any other key needs an array of entries. */
    static boolean isAvroMap(Schema mapSchema) {
        return Schema.STRING_SCHEMA.equals(mapSchema.keySchema());
    }

    /**
     * A schema in a position: a record field (fieldDefault holds the Avro default, or null for none) or anywhere
     * else (fieldDefault == null and not a field: the Connect default goes into {@code connect.default}).
     *
     * @param path where the schema is, for naming unnamed structs and map entries stably
     */
    private org.apache.avro.Schema position(Schema schema, Object[] fieldDefault, String path) {
        boolean isField = fieldDefault != null;
        org.apache.avro.Schema base = base(schema, path);
        Object avroDefault = schema.defaultValue() == null ? DefaultValues.NONE : DefaultValues.toAvro(schema, schema.defaultValue());
        if (!isField && avroDefault != DefaultValues.NONE && base.getType() != org.apache.avro.Schema.Type.RECORD) {
            base.addProp(ConnectProperties.DEFAULT, avroDefault);
        }
        org.apache.avro.Schema result = base;
        if (schema.isOptional()) {
            org.apache.avro.Schema nul = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
            boolean valueFirst = isField && avroDefault != DefaultValues.NONE;
            result = org.apache.avro.Schema.createUnion(valueFirst ? List.of(base, nul) : List.of(nul, base));
            if (isField) {
                fieldDefault[0] = valueFirst ? avroDefault : org.apache.avro.JsonProperties.NULL_VALUE;
            }
        } else if (isField) {
            fieldDefault[0] = avroDefault == DefaultValues.NONE ? null : avroDefault;
        }
        return result;
    }

    private org.apache.avro.Schema base(Schema schema, String path) {
        switch (schema.type()) {
            case STRUCT:
                return record(schema, path);
            case ARRAY: {
                org.apache.avro.Schema items = position(schema.valueSchema(), null, path + "_item");
                return annotate(org.apache.avro.Schema.createArray(items), schema);
            }
            case MAP:
                return map(schema, path);
            default:
                return annotate(primitive(schema), schema);
        }
    }

    private static org.apache.avro.Schema primitive(Schema schema) {
        org.apache.avro.Schema avro;
        switch (schema.type()) {
            case INT8:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                avro.addProp(ConnectProperties.TYPE, ConnectProperties.TYPE_INT8);
                return avro;
            case INT16:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                avro.addProp(ConnectProperties.TYPE, ConnectProperties.TYPE_INT16);
                return avro;
            case INT32:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                break;
            case INT64:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
                break;
            case FLOAT32:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
                break;
            case FLOAT64:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
                break;
            case BOOLEAN:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
                break;
            case BYTES:
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
                if (Decimal.LOGICAL_NAME.equals(schema.name())) {
                    addDecimal(schema, avro);
                }
                return avro;
            default:
                throw new DataException("Connect schema type " + schema.type() + " has no Avro mapping");
        }
        LogicalType logical = SemanticTypes.logicalTypeFor(schema);
        if (logical != null) {
            logical.addToSchema(avro);
        }
        return avro;
    }

    /** Avro decimal from the Decimal's {@code scale} and {@code connect.decimal.precision} parameters. */
    private static void addDecimal(Schema schema, org.apache.avro.Schema bytes) {
        Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
        String scaleText = params.get(Decimal.SCALE_FIELD);
        String precisionText = params.get(ConnectProperties.DECIMAL_PRECISION);
        try {
            int scale = Integer.parseInt(scaleText);
            int precision = precisionText == null
                    ? Math.max(ConnectProperties.DEFAULT_DECIMAL_PRECISION, scale)
                    : Integer.parseInt(precisionText);
            LogicalTypes.decimal(precision, scale).addToSchema(bytes);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new DataException("Decimal schema with scale " + scaleText + " and "
                    + ConnectProperties.DECIMAL_PRECISION + " " + precisionText + " has no Avro decimal: " + e.getMessage(), e);
        }
    }

    private org.apache.avro.Schema map(Schema schema, String path) {
        if (isAvroMap(schema)) {
            org.apache.avro.Schema values = position(schema.valueSchema(), null, path + "_value");
            return annotate(org.apache.avro.Schema.createMap(values), schema);
        }
        // Avro map keys are strings: other keys become an array of {key, value} records
        AvroNames.FullName entryName = unique(new AvroNames.FullName(ConnectProperties.GENERATED_NAMESPACE,
                AvroNames.sanitize(path) + "_" + ConnectProperties.MAP_ENTRY));
        org.apache.avro.Schema entry = org.apache.avro.Schema.createRecord(entryName.name(), null, entryName.namespace(), false);
        definedByFullName.computeIfAbsent(entryName.full(), k -> new ArrayList<>()).add(new Defined(null, entry));
        entry.setFields(List.of(
                new org.apache.avro.Schema.Field(ConnectProperties.MAP_ENTRY_KEY, position(schema.keySchema(), null, path + "_key")),
                new org.apache.avro.Schema.Field(ConnectProperties.MAP_ENTRY_VALUE, position(schema.valueSchema(), null, path + "_value"))));
        org.apache.avro.Schema array = org.apache.avro.Schema.createArray(entry);
        array.addProp(ConnectProperties.TYPE, ConnectProperties.TYPE_MAP);
        return annotate(array, schema);
    }

    private org.apache.avro.Schema record(Schema schema, String path) {
        String connectName = schema.name();
        AvroNames.FullName wanted = connectName == null
                ? new AvroNames.FullName(ConnectProperties.GENERATED_NAMESPACE, AvroNames.sanitize(path))
                : AvroNames.fullName(connectName);
        for (Defined d : definedByFullName.getOrDefault(wanted.full(), List.of())) {
            if (d.connect() != null && sameStruct(d.connect(), schema)) {
                return d.avro();
            }
        }
        AvroNames.FullName name = unique(wanted);
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(name.name(), schema.doc(), name.namespace(), false);
        definedByFullName.computeIfAbsent(wanted.full(), k -> new ArrayList<>()).add(new Defined(schema, record));
        if (!name.full().equals(wanted.full())) {
            definedByFullName.computeIfAbsent(name.full(), k -> new ArrayList<>()).add(new Defined(null, record));
        }
        if (connectName != null && !connectName.equals(name.full())) {
            record.addProp(ConnectProperties.NAME, connectName);
        }
        if (schema.version() != null) {
            record.addProp(ConnectProperties.VERSION, schema.version());
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            record.addProp(ConnectProperties.PARAMETERS, schema.parameters());
        }
        List<Field> fields = schema.fields();
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        List<String> avroNames = AvroNames.fieldNames(names);
        List<org.apache.avro.Schema.Field> avroFields = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object[] dflt = new Object[1];
            org.apache.avro.Schema type = position(f.schema(), dflt, name.name() + "_" + avroNames.get(i));
            org.apache.avro.Schema.Field avroField = new org.apache.avro.Schema.Field(avroNames.get(i), type, null, dflt[0]);
            if (!avroNames.get(i).equals(f.name())) {
                avroField.addProp(ConnectProperties.NAME, f.name());
            }
            avroFields.add(avroField);
        }
        record.setFields(avroFields);
        return record;
    }

    /** The wanted name, or with a numeric suffix if this schema already defines a record of that name. */
    private AvroNames.FullName unique(AvroNames.FullName wanted) {
        AvroNames.FullName candidate = wanted;
        for (int n = 2; definedByFullName.containsKey(candidate.full()); n++) {
            candidate = wanted.withSuffix(n);
        }
        return candidate;
    }

    /** Same record definition: optional and default belong to the position, not to the record. */
    private static boolean sameStruct(Schema a, Schema b) {
        return a == b || (Objects.equals(a.name(), b.name())
                && Objects.equals(a.version(), b.version())
                && Objects.equals(a.doc(), b.doc())
                && Objects.equals(a.parameters(), b.parameters())
                && a.fields().equals(b.fields()));
    }

    /** Name, version, doc and parameters of a non-record schema as properties. */
    private static org.apache.avro.Schema annotate(org.apache.avro.Schema avro, Schema schema) {
        if (schema.name() != null) {
            avro.addProp(ConnectProperties.NAME, schema.name());
        }
        if (schema.version() != null) {
            avro.addProp(ConnectProperties.VERSION, schema.version());
        }
        if (schema.doc() != null) {
            avro.addProp(ConnectProperties.DOC, schema.doc());
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            avro.addProp(ConnectProperties.PARAMETERS, schema.parameters());
        }
        return avro;
    }
}
