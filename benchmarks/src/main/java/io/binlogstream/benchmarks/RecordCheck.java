package io.binlogstream.benchmarks;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;

import io.binlogstream.converters.AvroConverter;

/**
 * Checks every record of a run's topics as {@link Topics#verify} reads them back; each workload picks the check
 * that fits its keys. Keys ({@code {id: long}} in both connectors) are read per {@code bench.converter}; W3's version check reads Avro only.
 */
interface RecordCheck {
    void accept(ConsumerRecord<byte[], byte[]> record);

    /** Records of a change already seen. */
    long duplicates();

    /** Changes that never arrived. */
    long missing();

    /** Changes that arrived after a later change of the same key (0 for checks that do not know the order). */
    long outOfOrder();

    /** Insert workloads: every topic holds each id 1..{@code idsPerTopic} exactly once. */
    final class UniqueIds implements RecordCheck {
        private final Map<String, BitSet> seen = new HashMap<>();
        private final long idsPerTopic;
        private long duplicates;

        UniqueIds(List<String> topics, long idsPerTopic) {
            if (idsPerTopic >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many ids per topic for a BitSet: " + idsPerTopic);
            }
            this.idsPerTopic = idsPerTopic;
            topics.forEach(t -> seen.put(t, new BitSet((int) idsPerTopic + 1)));
        }

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> r) {
            BitSet ids = seen.get(r.topic());
            long id = ConverterChoice.current().keyId(r.key());
            if (ids == null || id < 1 || id > idsPerTopic) {
                throw new IllegalStateException(r.topic() + " offset " + r.offset() + ": key id " + id + " out of range 1.." + idsPerTopic);
            }
            if (ids.get((int) id)) {
                duplicates++;
            } else {
                ids.set((int) id);
            }
        }

        @Override
        public long duplicates() {
            return duplicates;
        }

        @Override
        public long missing() {
            return seen.values().stream().mapToLong(ids -> idsPerTopic - ids.cardinality()).sum();
        }

        @Override
        public long outOfOrder() {
            return 0;
        }
    }

    /**
     * W3: {@code updates} updates made round-robin over ids 1..{@code rows}, each raising the row's {@code version}
     * by one from 0. In topic order every key's versions must run 1, 2, ... up to its update count. The version
     * is read from the value's {@code after} struct with binlogstream's {@link AvroConverter}, which both
     * connectors' runs use, against the run's registry.
     */
    final class VersionOrder implements RecordCheck {
        private final String topic;
        private final long rows;
        private final long updates;
        private final int[] lastVersion;
        private final AvroConverter values = new AvroConverter();
        private long duplicates;
        private long outOfOrder;
        private long skippedVersions;

        VersionOrder(String topic, long rows, long updates, String registryUrl) {
            this.topic = topic;
            this.rows = rows;
            this.updates = updates;
            this.lastVersion = new int[Math.toIntExact(rows + 1)];
            values.configure(Map.of("schema.registry.url", registryUrl), false);
        }

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> r) {
            long id = AvroKey.firstLong(r.key());
            if (id < 1 || id > rows) {
                throw new IllegalStateException(r.topic() + " offset " + r.offset() + ": key id " + id + " out of range 1.." + rows);
            }
            Struct after = ((Struct) values.toConnectData(topic, r.value()).value()).getStruct("after");
            int version = ((Number) after.get("version")).intValue();
            int last = lastVersion[(int) id];
            if (version == last + 1) {
                lastVersion[(int) id] = version;
            } else if (version <= last) {
                duplicates++;
            } else {
                // Versions between were skipped: counted missing; should they come later, they count as duplicates.
                outOfOrder++;
                skippedVersions += version - last - 1;
                lastVersion[(int) id] = version;
            }
        }

        @Override
        public long duplicates() {
            return duplicates;
        }

        @Override
        public long missing() {
            long missing = skippedVersions;
            for (long id = 1; id <= rows; id++) {
                missing += Math.max(0, WideTable.updatesOf(id, rows, updates) - lastVersion[(int) id]);
            }
            return missing;
        }

        @Override
        public long outOfOrder() {
            return outOfOrder;
        }
    }
}
