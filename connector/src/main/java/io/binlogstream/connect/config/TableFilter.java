package io.binlogstream.connect.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which tables are captured. Patterns match whole names (database, or database.table).
 * The server's own schemas are never captured unless a database include list names them.
 */
public final class TableFilter {
    private static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "sys", "information_schema", "performance_schema");

    private final List<Pattern> databaseIncludes;
    private final List<Pattern> databaseExcludes;
    private final List<Pattern> tableIncludes;
    private final List<Pattern> tableExcludes;

    public TableFilter(List<String> databaseIncludes, List<String> databaseExcludes,
                       List<String> tableIncludes, List<String> tableExcludes) {
        this.databaseIncludes = compile(databaseIncludes);
        this.databaseExcludes = compile(databaseExcludes);
        this.tableIncludes = compile(tableIncludes);
        this.tableExcludes = compile(tableExcludes);
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).map(Pattern::compile).toList();
    }

    public boolean includes(String database, String table) {
        if (!databaseIncludes.isEmpty()) {
            if (!matchesAny(databaseIncludes, database)) {
                return false;
            }
        } else if (SYSTEM_DATABASES.contains(database.toLowerCase(java.util.Locale.ROOT)) || matchesAny(databaseExcludes, database)) {
            return false;
        }
        String qualified = database + "." + table;
        if (!tableIncludes.isEmpty()) {
            return matchesAny(tableIncludes, qualified);
        }
        return !matchesAny(tableExcludes, qualified);
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
