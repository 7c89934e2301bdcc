package io.binlogstream.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.binlogstream.converters.registry.SchemaRegistryClient;
import io.binlogstream.testkit.Stack;

/**
 * Reads a W7 topic back after the run (never during it, so the reader takes no CPU from the worker): every record's
 * commit-to-append latency = broker append time ({@code LogAppendTime}, ms) - {@code after.committed_us} / 1000, and
 * the topic's correctness (every id 1..rows once). The value is decoded with its writer schema from the registry (the
 * wire format's schema id), so the same code reads binlogstream's and Debezium's envelopes.
 */
final class CommitLatencies {
    /**
     * @param records      records on the topic
     * @param duplicates   ids seen more than once
     * @param missing      ids 1..rows never seen
     * @param measured     latencies (ms, sorted) of the rows from the writer's first measured id on
     * @param lastRowMs    latency of the last row written (the highest id): seconds if the connector fell behind
     * @param firstAppendMs append time of the first measured row
     * @param lastAppendMs  the topic's last append time
     * @param toEnvelope   the same rows' commit to the envelope's {@code ts_ms} (ms, sorted): both connectors stamp it
     *                     when they build the record from the binlog event, so this is the binlog's transfer and
     *                     decoding, and the rest of the latency is queue, poll, conversion, producer and broker
     * @param fromEnvelope the same rows' {@code ts_ms} to append (ms, sorted): that rest, what Connect, the producer and
     *                     the broker add once the record is built; for the floor, whose {@code ts_ms} is when its task
     *                     built the record and whose commit time is when it fell due, this leaves out its own lateness
     */
    record Result(long records, long duplicates, long missing, double[] measured, double lastRowMs, long firstAppendMs,
                  long lastAppendMs, double[] toEnvelope, double[] fromEnvelope) {
        double percentile(double p) {
            return percentile(measured, p);
        }

        double envelopePercentile(double p) {
            return percentile(toEnvelope, p);
        }

        double fromEnvelopePercentile(double p) {
            return percentile(fromEnvelope, p);
        }

        private static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            // Nearest rank: the smallest value with at least p% of the values at or below it.
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        double max() {
            return measured.length == 0 ? Double.NaN : measured[measured.length - 1];
        }
    }

    private CommitLatencies() {
    }

    /** @param timestampType the topic's clock: {@code LOG_APPEND_TIME}, or {@code CREATE_TIME} for the diagnostic of {@link LatencyRun#TIMESTAMP_TYPE} */
    static Result read(Stack stack, String topic, long rows, long firstMeasuredId, TimestampType timestampType) {
        SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistryClient.Settings.of(stack.registry().url()));
        Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
        Properties p = Topics.readBackProperties(stack);
        TopicPartition tp = new TopicPartition(topic, 0);
        BitSet seen = new BitSet((int) rows + 1);
        double[] latencies = new double[(int) Math.max(0, rows - firstMeasuredId + 1)];
        double[] toEnvelope = new double[latencies.length];
        double[] fromEnvelope = new double[latencies.length];
        int measured = 0, enveloped = 0;
        long records = 0, duplicates = 0, firstAppend = Long.MAX_VALUE, lastAppend = Long.MIN_VALUE;
        double lastRow = Double.NaN;
        BinaryDecoder decoder = null;
        GenericRecord reuse = null;
        int reuseSchemaId = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.timestampType() != timestampType) {
                        throw new IllegalStateException(topic + " has " + r.timestampType() + " timestamps");
                    }
                    records++;
                    lastAppend = Math.max(lastAppend, r.timestamp());
                    long id = AvroKey.firstLong(r.key());
                    if (id < 1 || id > rows) {
                        throw new IllegalStateException(topic + " offset " + r.offset() + ": id " + id + " out of range 1.." + rows);
                    }
                    if (seen.get((int) id)) {
                        duplicates++;
                        continue; // a redelivered row's latency is not its commit's
                    }
                    seen.set((int) id);
                    if (id < firstMeasuredId) {
                        continue;
                    }
                    byte[] v = r.value();
                    int schemaId = schemaId(v, topic, r.offset());
                    GenericDatumReader<GenericRecord> reader = readers.computeIfAbsent(schemaId,
                            sid -> new GenericDatumReader<>(registry.schemaById(sid)));
                    if (schemaId != reuseSchemaId) {
                        reuse = null; // a record is reused only for the schema it was read with
                        reuseSchemaId = schemaId;
                    }
                    decoder = DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, decoder);
                    try {
                        reuse = reader.read(reuse, decoder);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(topic + " offset " + r.offset() + ": undecodable value", e);
                    }
                    double committedMs = committedMicros(reuse, topic, r.offset()) / 1000.0;
                    double latency = r.timestamp() - committedMs;
                    latencies[measured++] = latency;
                    if (reuse.get("ts_ms") instanceof Long tsMs) {
                        toEnvelope[enveloped] = tsMs - committedMs;
                        fromEnvelope[enveloped++] = r.timestamp() - tsMs;
                    }
                    firstAppend = Math.min(firstAppend, r.timestamp());
                    if (id == rows) {
                        lastRow = latency;
                    }
                }
            }
        }
        double[] sorted = Arrays.copyOf(latencies, measured);
        Arrays.sort(sorted);
        return new Result(records, duplicates, rows - seen.cardinality(), sorted, lastRow, firstAppend, lastAppend,
                sorted(toEnvelope, enveloped), sorted(fromEnvelope, enveloped));
    }

    private static double[] sorted(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The registry's schema id of a wire-format value (magic byte 0, then the id as 4 big-endian bytes). */
    private static int schemaId(byte[] value, String topic, long offset) {
        if (value == null || value.length < 5 || value[0] != 0) {
            throw new IllegalStateException(topic + " offset " + offset + ": not a schema-registry Avro value");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** {@code after.committed_us} of a change envelope (both connectors name the new row image {@code after}). */
    private static long committedMicros(GenericRecord value, String topic, long offset) {
        Schema.Field afterField = value.getSchema().getField("after");
        Object after = afterField == null ? null : value.get(afterField.pos());
        if (!(after instanceof GenericRecord row) || !(row.get("committed_us") instanceof Long us)) {
            throw new IllegalStateException(topic + " offset " + offset + ": no after.committed_us in the value (schema "
                    + value.getSchema().getFullName() + ")");
        }
        return us;
    }
}
