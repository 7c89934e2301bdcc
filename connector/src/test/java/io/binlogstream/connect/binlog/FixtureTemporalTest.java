package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.SemanticTypes;

/**
 * MySQL 8.0.40's time_issue fixture: a TIME column holding -507:48:27, which the binlog library decodes as
 * the wall-clock time 12:15:37 (it reads TIME as a time of day). Written without GTIDs and with MINIMAL
 * metadata (here without any optional metadata at all: a TIME column has neither signedness nor charset).
 */
class FixtureTemporalTest {

    @Test
    void negativeTimeIsSignedMicroseconds() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("time_issue.000001").standInGtids().standInColumnNames().run();

        assertThat(run.changes()).hasSize(1);
        Schema schema = run.after(0).schema().field("c1").schema();
        assertThat(schema.name()).isEqualTo(SemanticTypes.MICRO_DURATION);
        assertThat(schema.type()).isEqualTo(Schema.Type.INT64);
        long expected = Duration.ofHours(507).plusMinutes(48).plusSeconds(27).negated().toNanos() / 1_000;
        assertThat(run.after(0).getInt64("c1")).isEqualTo(expected);
    }
}
