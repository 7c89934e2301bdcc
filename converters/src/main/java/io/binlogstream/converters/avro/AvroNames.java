package io.binlogstream.converters.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns Connect names (schema names, field names) into Avro names.
 *
 * <p>Avro names must match {@code [A-Za-z_][A-Za-z0-9_]*}. Connect names are free text: MySQL columns may
 * hold spaces, dashes or non-ASCII letters. The mapping is deterministic (the same Connect schema always
 * yields the same Avro schema, so the registry sees one version, not one per restart) and keeps strictly
 * to ASCII so every Avro implementation accepts the result, not just Java's lenient one.
 */
public final class AvroNames {

    /** Avro's primitive type names; a record without namespace may not be called like one. */
    private static final Set<String> PRIMITIVES =
            Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

    private AvroNames() {
    }

    /** One name component: invalid characters become {@code _}, a leading digit gets a {@code _} in front. */
    public static String sanitize(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            if (!valid) {
                if (out == null) {
                    out = new StringBuilder(name.length() + 1).append(name, 0, i);
                }
                out.append('_');
            } else if (out != null) {
                out.append(c);
            }
        }
        String result = out == null ? name : out.toString();
        char first = result.charAt(0);
        return first >= '0' && first <= '9' ? "_" + result : result;
    }

    /**
     * A dotted Connect name as an Avro full name: each dot-separated component sanitized, the last one is
     * the name and the others the namespace.
     */
    public static FullName fullName(String connectName) {
        String[] parts = connectName.split("\\.", -1);
        StringBuilder namespace = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (i > 0) {
                namespace.append('.');
            }
            namespace.append(sanitize(parts[i]));
        }
        String name = sanitize(parts[parts.length - 1]);
        if (namespace.length() == 0 && PRIMITIVES.contains(name)) {
            name = name + "_";
        }
        return new FullName(namespace.length() == 0 ? null : namespace.toString(), name);
    }

    /**
     * Avro field names for a list of Connect field names: sanitized, and made unique within the record by a
     * numeric suffix ({@code a-b} and {@code a_b} both sanitize to {@code a_b}; the second becomes {@code a_b_2}).
     * Names that need no change keep priority over generated ones, so adding a column never renames another.
     */
    public static List<String> fieldNames(List<String> connectNames) {
        Set<String> taken = new HashSet<>();
        for (String n : connectNames) {
            if (sanitize(n).equals(n)) {
                taken.add(n);
            }
        }
        List<String> result = new ArrayList<>(connectNames.size());
        for (String n : connectNames) {
            String s = sanitize(n);
            if (s.equals(n)) {
                result.add(n);
                continue;
            }
            String candidate = s;
            for (int i = 2; taken.contains(candidate); i++) {
                candidate = s + "_" + i;
            }
            taken.add(candidate);
            result.add(candidate);
        }
        return result;
    }

    /** An Avro namespace (may be null) and simple name. */
    public record FullName(String namespace, String name) {
        public String full() {
            return namespace == null ? name : namespace + "." + name;
        }

        public FullName withSuffix(int n) {
            return new FullName(namespace, name + "_" + n);
        }
    }
}
