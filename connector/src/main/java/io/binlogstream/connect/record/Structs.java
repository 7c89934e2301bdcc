package io.binlogstream.connect.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * {@link Struct#put(Field, Object)} with the same checks, at a fraction of its cost on the hot path.
 *
 * <p>Connect's put validates every value through {@code ConnectSchema.validateValue(String, Schema, Object)}, which
 * first builds a location text ({@code "field: \"name\""}) for an error message it almost never needs; and a struct
 * put into another struct is validated again, field by field, each with its own text. A change record puts about
 * thirty values (row, key, source block, envelope), and building those texts was the largest single cost of the
 * reader thread. Here each value is checked by Connect's own {@link ConnectSchema#validateValue(Schema, Object)}
 * (the same check without the text), or, for a schema without a name and a value of its type's class, by an
 * {@code instanceof} (all Connect's check does for it, after two map lookups); a struct of the field's very schema instance, whose fields were each checked
 * when they were put (by this class or by Connect), only has its required fields checked for presence, which is
 * all Connect's re-validation adds. A value that fails is handed to {@link Struct#put(Field, Object)}, so the
 * exception and its message are Connect's own, as before.
 *
 * <p>The value is then stored in the struct's values array, read through a {@link VarHandle} on Struct's private
 * field. Whether that field exists and is what {@link Struct#get(Field)} reads is probed once; if not (another
 * Connect version), every put goes through {@link Struct#put(Field, Object)}, checked and stored by Connect.
 */
public final class Structs {
    private static final VarHandle VALUES = valuesHandle();

    private Structs() {
    }

    /** Whether puts skip Connect's own put (false: the probe failed, every put is Connect's). */
    static boolean direct() {
        return VALUES != null;
    }

    /** Puts a value as {@link Struct#put(Field, Object)} does: {@code field} must be a field of the struct's schema. */
    public static void put(Struct struct, Field field, Object value) {
        if (VALUES == null || !valid(field.schema(), value)) {
            struct.put(field, value); // Connect's own put: stores a valid value, throws its own exception otherwise
            return;
        }
        ((Object[]) VALUES.get(struct))[field.index()] = value;
    }

    private static boolean valid(Schema schema, Object value) {
        if (value instanceof Struct struct && struct.schema() == schema) {
            return requiredPresent(struct);
        }
        // Most values: a schema without a name takes exactly its type's classes, with nothing more to check; Connect's
        // check first looks the classes up in two maps, by name and by type, on every put.
        if (schema.name() == null && plainPrimitive(schema.type(), value)) {
            return true;
        }
        try {
            ConnectSchema.validateValue(schema, value);
            return true;
        } catch (DataException e) {
            return false;
        }
    }

    /** Whether the value is of the class Connect requires for an unnamed schema of this primitive type. */
    private static boolean plainPrimitive(Schema.Type type, Object value) {
        return switch (type) {
            case INT8 -> value instanceof Byte;
            case INT16 -> value instanceof Short;
            case INT32 -> value instanceof Integer;
            case INT64 -> value instanceof Long;
            case FLOAT32 -> value instanceof Float;
            case FLOAT64 -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case BYTES -> value instanceof byte[] || value instanceof java.nio.ByteBuffer;
            default -> false; // structs, arrays and maps have their contents checked by Connect
        };
    }

    /** Every required field without a default holds a value (what {@link Struct#validate()} checks beyond each put). */
    private static boolean requiredPresent(Struct struct) {
        Object[] values = (Object[]) VALUES.get(struct);
        for (Field field : struct.schema().fields()) {
            Schema schema = field.schema();
            if (values[field.index()] == null && !schema.isOptional() && schema.defaultValue() == null) {
                return false;
            }
        }
        return true;
    }

    private static VarHandle valuesHandle() {
        try {
            VarHandle handle = MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
            // The probe: the array holds one slot per field, by Field.index(), and is what get() reads.
            Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
            Struct probe = new Struct(schema);
            Object[] values = (Object[]) handle.get(probe);
            if (values == null || values.length != 2) {
                return null;
            }
            values[schema.field("b").index()] = "b";
            values[schema.field("a").index()] = 1;
            return "b".equals(probe.get("b")) && Integer.valueOf(1).equals(probe.get("a")) && probe.equals(new Struct(schema).put("a", 1).put("b", "b"))
                    ? handle : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
