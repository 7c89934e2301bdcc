package io.binlogstream.connect.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides which columns of a captured table reach the record's value. Patterns match the whole
 * {@code database.table.column} name; with an include list only matching columns are kept, with an exclude
 * list matching ones are left out. Key columns cannot be left out: the record key needs them.
 */
public final class ColumnFilter {
    private static final ColumnFilter ALL = new ColumnFilter(List.of(), List.of());

    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public ColumnFilter(List<String> includes, List<String> excludes) {
        this.includes = compile(includes);
        this.excludes = compile(excludes);
    }

    public static ColumnFilter all() {
        return ALL;
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).map(Pattern::compile).toList();
    }

    public boolean includes(String database, String table, String column) {
        String qualified = database + "." + table + "." + column;
        if (!includes.isEmpty()) {
            return includes.stream().anyMatch(p -> p.matcher(qualified).matches());
        }
        return excludes.stream().noneMatch(p -> p.matcher(qualified).matches());
    }
}
