package io.binlogstream.converters;

import org.apache.kafka.connect.errors.DataException;

import java.util.Arrays;
import java.util.Locale;

/** How the registry subject of a schema is named (config {@code subject.name.strategy}). */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic, checked for compatibility. */
    TOPIC("topic") {
        @Override
        public String subject(String topic, boolean isKey, String recordName) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one lineage per record type, whatever topics it goes to. */
    RECORD("record") {
        @Override
        public String subject(String topic, boolean isKey, String recordName) {
            return requireRecord(recordName, topic);
        }
    },
    /** {@code <topic>-<record full name>}: several record types in one topic, each with its own lineage. */
    TOPIC_RECORD("topic-record") {
        @Override
        public String subject(String topic, boolean isKey, String recordName) {
            return topic + "-" + requireRecord(recordName, topic);
        }
    };

    private final String configName;

    SubjectNameStrategy(String configName) {
        this.configName = configName;
    }

    /**
     * @param recordName the Avro full name of the record being written, null when the schema is not a record
     */
    public abstract String subject(String topic, boolean isKey, String recordName);

    /** Whether the subject depends on the record name (then it is computed per schema, not per topic). */
    public boolean usesRecordName() {
        return this != TOPIC;
    }

    public String configName() {
        return configName;
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(SubjectNameStrategy::configName).toArray(String[]::new);
    }

    public static SubjectNameStrategy forConfigName(String name) {
        for (SubjectNameStrategy s : values()) {
            if (s.configName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown subject name strategy '" + name + "'; use one of "
                + String.join(", ", configNames()));
    }

    final String requireRecord(String recordName, String topic) {
        if (recordName == null) {
            throw new DataException("subject.name.strategy=" + configName + " needs a struct (Avro record) schema, but the "
                    + "schema for topic '" + topic + "' is not one; use subject.name.strategy=topic for it");
        }
        return recordName;
    }
}
