package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void entriesWithoutAPortTakeTheDefaultAndKeepTheirOrder() {
        assertThat(ServerAddress.parseList("db1, db2:3307 ,10.0.0.5", 3306)).containsExactly(
                new ServerAddress("db1", 3306), new ServerAddress("db2", 3307), new ServerAddress("10.0.0.5", 3306));
    }

    @Test
    void ipv6AddressesAreWrittenInBrackets() {
        List<ServerAddress> servers = ServerAddress.parseList("[::1]:3307,[fe80::2]", 3306);
        assertThat(servers).containsExactly(new ServerAddress("::1", 3307), new ServerAddress("fe80::2", 3306));
        assertThat(servers.get(0)).hasToString("[::1]:3307");
    }

    @Test
    void malformedListsAreRefusedQuotingTheEntry() {
        assertThatThrownBy(() -> ServerAddress.parseList("db1,,db2", 3306)).hasMessageContaining("an empty entry in 'db1,,db2'");
        assertThatThrownBy(() -> ServerAddress.parseList("db1:70000", 3306)).hasMessageContaining("'db1:70000': the port must be a number from 1 to 65535");
        assertThatThrownBy(() -> ServerAddress.parseList("db1:x", 3306)).hasMessageContaining("'db1:x'");
        assertThatThrownBy(() -> ServerAddress.parseList("::1", 3306)).hasMessageContaining("write an IPv6 address in brackets");
        assertThatThrownBy(() -> ServerAddress.parseList("[::1", 3306)).hasMessageContaining("without closing it");
        assertThatThrownBy(() -> ServerAddress.parseList(":3306", 3306)).hasMessageContaining("no valid host name");
        assertThatThrownBy(() -> ServerAddress.parseList("db1,db1:3306", 3306)).hasMessageContaining("db1:3306 is listed twice");
    }

    @Test
    void theConfigRejectsABadListOnDatabaseHostname() {
        Map<String, String> props = Map.of("database.hostname", "db1,", "database.user", "u", "topic.prefix", "p");
        assertThatThrownBy(() -> new BinlogConnectorConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.hostname").hasMessageContaining("an empty entry");
        BinlogConnectorConfig config = new BinlogConnectorConfig(Map.of("database.hostname", "db1,db2:3310",
                "database.port", "3307", "database.user", "u", "topic.prefix", "p"));
        assertThat(config.servers()).containsExactly(new ServerAddress("db1", 3307), new ServerAddress("db2", 3310));
    }
}
