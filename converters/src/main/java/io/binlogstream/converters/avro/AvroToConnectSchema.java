package io.binlogstream.converters.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.util.internal.Accessor;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaBuilderException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an Avro schema back to a Connect schema: the inverse of {@link ConnectToAvroSchema} for schemas it
 * wrote (read from the {@code connect.*} properties), and a plain mapping for schemas written by others
 * (records, {@code [null, T]} unions, enums as strings, fixed as bytes, logical types to their Connect types).
 */
public final class AvroToConnectSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records being mapped, to refuse recursive Avro records, which Connect cannot express. */
    private final Set<String> inProgress = new HashSet<>();

    private AvroToConnectSchema() {
    }

    public static Schema convert(org.apache.avro.Schema avro) {
        return new AvroToConnectSchema().position(avro, false, null);
    }

    /**
     * @param isField      whether this is a record field's schema, whose default is the field's
     * @param fieldDefault the field's default as JSON, null if it has none
     */
    private Schema position(org.apache.avro.Schema avro, boolean isField, JsonNode fieldDefault) {
        boolean optional = false;
        org.apache.avro.Schema base = avro;
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            List<org.apache.avro.Schema> types = avro.getTypes();
            if (types.size() == 2 && types.get(0).getType() == org.apache.avro.Schema.Type.NULL) {
                base = types.get(1);
                optional = true;
            } else if (types.size() == 2 && types.get(1).getType() == org.apache.avro.Schema.Type.NULL) {
                base = types.get(0);
                optional = true;
            } else if (types.size() == 1) {
                base = types.get(0);
            } else {
                throw new DataException("Avro union " + avro + " has no Connect equivalent: only [null, T] unions do");
            }
        }
        SchemaBuilder builder = base(base);
        if (optional) {
            builder.optional();
        }
        Object json = isField
                ? (fieldDefault == null ? null : JSON.convertValue(fieldDefault, Object.class))
                : base.getObjectProp(ConnectProperties.DEFAULT);
        if (json != null && json != org.apache.avro.JsonProperties.NULL_VALUE) {
            Object value = DefaultValues.toConnect(builder, json);
            if (value != DefaultValues.NONE) {
                try {
                    builder.defaultValue(value);
                } catch (SchemaBuilderException e) {
                    // a default Connect cannot hold (say a foreign record default): the schema simply has none
                }
            }
        }
        return builder.build();
    }

    private SchemaBuilder base(org.apache.avro.Schema avro) {
        SchemaBuilder builder;
        LogicalType logical = avro.getLogicalType();
        String name = avro.getProp(ConnectProperties.NAME);
        switch (avro.getType()) {
            case RECORD:
                return record(avro);
            case ARRAY:
                if (ConnectProperties.TYPE_MAP.equals(avro.getProp(ConnectProperties.TYPE)) || isConfluentMapEntry(avro.getElementType())) {
                    org.apache.avro.Schema entry = avro.getElementType();
                    builder = SchemaBuilder.map(
                            position(entry.getField(ConnectProperties.MAP_ENTRY_KEY).schema(), false, null),
                            position(entry.getField(ConnectProperties.MAP_ENTRY_VALUE).schema(), false, null));
                } else {
                    builder = SchemaBuilder.array(position(avro.getElementType(), false, null));
                }
                break;
            case MAP:
                builder = SchemaBuilder.map(Schema.STRING_SCHEMA, position(avro.getValueType(), false, null));
                break;
            case INT:
                String connectType = avro.getProp(ConnectProperties.TYPE);
                builder = ConnectProperties.TYPE_INT8.equals(connectType) ? SchemaBuilder.int8()
                        : ConnectProperties.TYPE_INT16.equals(connectType) ? SchemaBuilder.int16()
                        : SchemaBuilder.int32();
                break;
            case LONG:
                builder = SchemaBuilder.int64();
                break;
            case FLOAT:
                builder = SchemaBuilder.float32();
                break;
            case DOUBLE:
                builder = SchemaBuilder.float64();
                break;
            case BOOLEAN:
                builder = SchemaBuilder.bool();
                break;
            case STRING:
            case ENUM:
                builder = SchemaBuilder.string();
                break;
            case BYTES:
            case FIXED:
                builder = SchemaBuilder.bytes();
                break;
            default:
                throw new DataException("Avro type " + avro.getType() + " has no Connect equivalent outside a [null, T] union");
        }
        if (name == null) {
            name = SemanticTypes.connectNameFor(logical, builder.type());
        }
        Map<String, String> parameters = parameters(avro);
        if (parameters == null && logical instanceof LogicalTypes.Decimal decimal) {
            // a decimal some other producer wrote: what Connect's Decimal needs
            name = Decimal.LOGICAL_NAME;
            parameters = Map.of(Decimal.SCALE_FIELD, Integer.toString(decimal.getScale()),
                    ConnectProperties.DECIMAL_PRECISION, Integer.toString(decimal.getPrecision()));
            builder.version(1);
        }
        if (name != null) {
            builder.name(name);
        }
        Object version = avro.getObjectProp(ConnectProperties.VERSION);
        if (version instanceof Number n) {
            builder.version(n.intValue());
        }
        String doc = avro.getProp(ConnectProperties.DOC);
        if (doc != null) {
            builder.doc(doc);
        }
        if (parameters != null) {
            builder.parameters(parameters);
        }
        return builder;
    }

    private SchemaBuilder record(org.apache.avro.Schema avro) {
        String fullName = avro.getFullName();
        if (!inProgress.add(fullName)) {
            throw new DataException("Avro record " + fullName + " is recursive; Connect schemas cannot be");
        }
        SchemaBuilder builder = SchemaBuilder.struct();
        String name = avro.getProp(ConnectProperties.NAME);
        if (name == null && !isGeneratedName(avro)) {
            name = fullName;
        }
        if (name != null) {
            builder.name(name);
        }
        if (avro.getDoc() != null) {
            builder.doc(avro.getDoc());
        }
        Object version = avro.getObjectProp(ConnectProperties.VERSION);
        if (version instanceof Number n) {
            builder.version(n.intValue());
        }
        Map<String, String> parameters = parameters(avro);
        if (parameters != null) {
            builder.parameters(parameters);
        }
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            String fieldName = field.getProp(ConnectProperties.NAME);
            builder.field(fieldName != null ? fieldName : field.name(),
                    position(field.schema(), true, Accessor.defaultValue(field)));
        }
        inProgress.remove(fullName);
        return builder;
    }

    /** Records named by the mapping rather than after a Connect schema: unnamed structs. */
    private static boolean isGeneratedName(org.apache.avro.Schema record) {
        return ConnectProperties.GENERATED_NAMESPACE.equals(record.getNamespace())
                || (ConnectProperties.CONFLUENT_NAMESPACE + "." + ConnectProperties.UNNAMED_STRUCT).equals(record.getFullName());
    }

    private static boolean isConfluentMapEntry(org.apache.avro.Schema items) {
        return items.getType() == org.apache.avro.Schema.Type.RECORD
                && (ConnectProperties.CONFLUENT_NAMESPACE + "." + ConnectProperties.MAP_ENTRY).equals(items.getFullName())
                && items.getField(ConnectProperties.MAP_ENTRY_KEY) != null
                && items.getField(ConnectProperties.MAP_ENTRY_VALUE) != null;
    }

    private static Map<String, String> parameters(org.apache.avro.Schema avro) {
        Object params = avro.getObjectProp(ConnectProperties.PARAMETERS);
        if (!(params instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> result = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k.toString(), v == null ? null : v.toString()));
        return result;
    }
}
