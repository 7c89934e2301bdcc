package io.binlogstream.connect.record;

import java.util.HashMap;
import java.util.Map;

import io.binlogstream.connect.schema.TableId;

/**
 * Topic per table: {@code <topic.prefix>.<database>.<table>}, with characters Kafka does not allow in topic
 * names replaced by '_'. Two tables that would share a topic are an error naming both, never a silent merge.
 */
public final class TopicNames {
    private final String prefix;
    private final Map<String, TableId> owners = new HashMap<>();
    private final Map<TableId, String> topics = new HashMap<>();

    public TopicNames(String prefix) {
        this.prefix = prefix;
    }

    public String topicFor(TableId table) {
        String known = topics.get(table);
        if (known != null) {
            return known;
        }
        String topic = sanitize(prefix + "." + table.database() + "." + table.table());
        TableId owner = owners.putIfAbsent(topic, table);
        if (owner != null && !owner.equals(table)) {
            throw new TopicCollisionException("Tables " + owner + " and " + table + " both map to topic '" + topic
                    + "' once characters Kafka does not allow are replaced; exclude one of them or rename it");
        }
        topics.put(table, topic);
        return topic;
    }

    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            out.append(legal ? c : '_');
        }
        return out.length() > 249 ? out.substring(0, 249) : out.toString();
    }

    /** Two captured tables would write to one topic. */
    public static final class TopicCollisionException extends RuntimeException {
        public TopicCollisionException(String message) {
            super(message);
        }
    }
}
