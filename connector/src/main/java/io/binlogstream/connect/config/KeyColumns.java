package io.binlogstream.connect.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code message.key.columns}: the record key's columns chosen per table, as
 * {@code <table regex>:<column>,<column>;<table regex>:<column>}. The regex matches the whole
 * {@code database.table} name; the first entry that matches a table wins.
 */
public final class KeyColumns {
    private static final KeyColumns NONE = new KeyColumns(List.of());

    private record Entry(Pattern table, List<String> columns) {
    }

    private final List<Entry> entries;

    private KeyColumns(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static KeyColumns none() {
        return NONE;
    }

    public static KeyColumns parse(String value) {
        List<Entry> entries = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return NONE;
        }
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.lastIndexOf(':');
            if (colon <= 0 || colon == part.length() - 1) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not <table regex>:<column>[,<column>...]");
            }
            Pattern table;
            try {
                table = Pattern.compile(part.substring(0, colon).trim());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + part.substring(0, colon).trim() + "' is not a valid regular expression: "
                        + e.getDescription());
            }
            List<String> columns = new ArrayList<>();
            for (String column : part.substring(colon + 1).split(",")) {
                if (column.isBlank()) {
                    throw new IllegalArgumentException("'" + part.trim() + "' names an empty column");
                }
                columns.add(column.trim());
            }
            entries.add(new Entry(table, columns));
        }
        return new KeyColumns(entries);
    }

    /** The configured key columns of a table, by name, or empty when no entry matches it. */
    public Optional<List<String>> forTable(String database, String table) {
        String qualified = database + "." + table;
        return entries.stream().filter(e -> e.table().matcher(qualified).matches()).findFirst().map(Entry::columns);
    }

    static final class Validator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                parse(value == null ? null : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "<table regex>:<column>,...;<table regex>:<column>,...";
        }
    }
}
