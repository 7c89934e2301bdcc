package io.binlogstream.connect.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.binlogstream.connect.schema.TableId;

/**
 * Recognises {@code TRUNCATE [TABLE] [db.]table} in a binlog QUERY event, the one DDL statement that changes
 * rows without row events. Not a DDL parser: anything else is not a TRUNCATE. Comments, quoting with
 * backticks (a doubled backtick is one) and the session's default database are handled as the server does.
 */
final class TruncateStatement {

    private TruncateStatement() {
    }

    /** The truncated table, or empty when {@code sql} is not a TRUNCATE. */
    static Optional<TableId> table(String sql, String defaultDatabase) {
        List<String> tokens = tokens(sql);
        int i = 0;
        if (tokens.size() < 2 || !tokens.get(i++).equalsIgnoreCase("TRUNCATE")) {
            return Optional.empty();
        }
        if (tokens.get(i).equalsIgnoreCase("TABLE")) {
            i++;
        }
        if (i >= tokens.size() || tokens.get(i).equals(".")) {
            return Optional.empty();
        }
        String first = unquote(tokens.get(i++));
        if (i + 1 < tokens.size() && tokens.get(i).equals(".")) {
            return Optional.of(new TableId(first, unquote(tokens.get(i + 1))));
        }
        return defaultDatabase == null || defaultDatabase.isEmpty() ? Optional.empty() : Optional.of(new TableId(defaultDatabase, first));
    }

    /** Words, backtick-quoted names (kept with their quotes) and dots; comments and whitespace dropped. */
    private static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n && tokens.size() < 6) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (sql.startsWith("-- ", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '`') {
                StringBuilder name = new StringBuilder("`");
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '`') {
                        if (i + 1 < n && sql.charAt(i + 1) == '`') {
                            name.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.append(sql.charAt(i++));
                }
                tokens.add(name.toString());
            } else if (c == '.') {
                tokens.add(".");
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(sql.charAt(i)) && ".;`".indexOf(sql.charAt(i)) < 0 && !sql.startsWith("/*", i)) {
                    i++;
                }
                tokens.add(sql.substring(start, i));
            }
        }
        return tokens;
    }

    private static String unquote(String token) {
        return token.startsWith("`") ? token.substring(1) : token;
    }
}
