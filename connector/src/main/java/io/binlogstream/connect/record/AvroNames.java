package io.binlogstream.connect.record;

/**
 * Record names built from database identifiers must be valid Avro names: each dot-separated part starts with
 * a letter or '_' and holds only letters, digits and '_'. The mapping is deterministic so a table keeps its
 * names across restarts.
 */
final class AvroNames {
    private AvroNames() {
    }

    static String part(String identifier) {
        StringBuilder out = new StringBuilder(identifier.length() + 1);
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!legal && i == 0 && c >= '0' && c <= '9') {
                out.append('_').append(c);
            } else {
                out.append(legal ? c : '_');
            }
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    static String qualified(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            for (String sub : part.split("\\.", -1)) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(part(sub));
            }
        }
        return out.toString();
    }
}
