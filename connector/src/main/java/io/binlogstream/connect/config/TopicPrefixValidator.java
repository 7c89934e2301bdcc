package io.binlogstream.connect.config;

import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Topic names are built from the prefix, so it may only hold characters Kafka allows in topic names. */
final class TopicPrefixValidator implements ConfigDef.Validator {
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_LENGTH = 200;

    @Override
    public void ensureValid(String name, Object value) {
        String prefix = (String) value;
        if (prefix == null || prefix.isEmpty()) {
            throw new ConfigException(name, prefix, "Must be set: it names the topics and keys the offsets");
        }
        if (!LEGAL.matcher(prefix).matches()) {
            throw new ConfigException(name, prefix, "Only letters, digits, '.', '_' and '-' are allowed");
        }
        if (prefix.length() > MAX_LENGTH) {
            throw new ConfigException(name, prefix, "At most " + MAX_LENGTH + " characters, so topic names stay under Kafka's 249");
        }
    }

    @Override
    public String toString() {
        return "letters, digits, '.', '_', '-'";
    }
}
