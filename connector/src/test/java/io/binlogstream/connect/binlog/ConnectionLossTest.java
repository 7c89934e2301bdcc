package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

import org.junit.jupiter.api.Test;

class ConnectionLossTest {

    @Test
    void aLostConnectionAnywhereInTheChainCounts() {
        assertThat(ConnectionLoss.causes(new IllegalStateException("wrapped", new SQLNonTransientConnectionException("Socket error")))).isTrue();
        assertThat(ConnectionLoss.causes(new SQLException("Communications link failure", "08S01"))).isTrue();
    }

    @Test
    void anAnswerFromTheServerDoesNot() {
        assertThat(ConnectionLoss.causes(new SQLSyntaxErrorException("SELECT command denied", "42000", 1142))).isFalse();
        assertThat(ConnectionLoss.causes(new SQLException("no state"))).isFalse();
        assertThat(ConnectionLoss.causes(new IllegalStateException("not SQL"))).isFalse();
    }
}
