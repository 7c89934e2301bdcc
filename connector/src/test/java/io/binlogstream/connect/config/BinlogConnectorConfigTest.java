package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.BinlogSourceConnector;

/** Key-level validation needs no server: the live checks are skipped when a connection key is wrong. */
class BinlogConnectorConfigTest {

    private static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "orders-cdc");
        props.put("database.hostname", "127.0.0.1");
        props.put("database.port", "3306");
        props.put("database.user", "cdc");
        props.put("topic.prefix", "shop");
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new BinlogSourceConnector().validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void badPortIsReportedOnThePortKey() {
        Map<String, String> props = valid();
        props.put("database.port", "70000");
        assertThat(errors(props).get("database.port")).singleElement().asString().contains("70000");
        props.put("database.port", "abc");
        assertThat(errors(props).get("database.port")).isNotEmpty();
    }

    @Test
    void missingTopicPrefixIsReportedOnItsKey() {
        Map<String, String> props = valid();
        props.remove("topic.prefix");
        props.put("database.port", "0"); // keeps validate() from trying a server
        assertThat(errors(props).get("topic.prefix")).isNotEmpty().anySatisfy(m -> assertThat(m).contains("topic.prefix"));
    }

    @Test
    void illegalTopicPrefixAndBadRegexAreRefused() {
        Map<String, String> props = valid();
        props.put("database.port", "0");
        props.put("topic.prefix", "shop/eu");
        props.put("table.include.list", "shop\\.(orders");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("topic.prefix")).singleElement().asString().contains("Only letters");
        assertThat(errors.get("table.include.list")).singleElement().asString().contains("shop\\.(orders");
    }

    @Test
    void includeAndExcludeListsAreExclusive() {
        Map<String, String> props = valid();
        props.put("database.port", "0");
        props.put("database.include.list", "a");
        props.put("database.exclude.list", "b");
        assertThat(errors(props).get("database.exclude.list")).singleElement().asString()
                .contains("database.include.list").contains("not both");
        props.put("database.port", "3306");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BinlogConnectorConfig(props))
                .hasMessageContaining("database.exclude.list").hasMessageContaining("not both");
    }

    @Test
    void unknownHostIsReportedOnTheHostnameKeyEvenWithOtherErrors() {
        Map<String, String> props = valid();
        props.remove("topic.prefix");
        props.put("database.hostname", "no-such-host.invalid");
        props.put("database.port", "99999");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("database.hostname")).singleElement().asString().contains("Unknown host 'no-such-host.invalid'");
        assertThat(errors.get("database.port")).isNotEmpty();
        assertThat(errors.get("topic.prefix")).isNotEmpty();
    }

    @Test
    void serverIdDefaultsToAStableValueDerivedFromTheConnectorName() {
        long id = new BinlogConnectorConfig(valid()).serverId();
        assertThat(id).isBetween(10_000L, 2_147_483_647L).isEqualTo(new BinlogConnectorConfig(valid()).serverId());
        Map<String, String> other = valid();
        other.put("name", "payments-cdc");
        assertThat(new BinlogConnectorConfig(other).serverId()).isNotEqualTo(id);
        other.put("database.server.id", "42");
        assertThat(new BinlogConnectorConfig(other).serverId()).isEqualTo(42);
    }

    @Test
    void tableFilterMatchesWholeNamesAndSkipsSystemSchemas() {
        TableFilter all = new TableFilter(List.of(), List.of(), List.of(), List.of());
        assertThat(all.includes("shop", "orders")).isTrue();
        assertThat(all.includes("mysql", "user")).isFalse();
        TableFilter some = new TableFilter(List.of("shop"), List.of(), List.of("shop\\.ord.*"), List.of());
        assertThat(some.includes("shop", "orders")).isTrue();
        assertThat(some.includes("shop", "customers")).isFalse();
        assertThat(some.includes("shopping", "orders")).as("whole-name match").isFalse();
        TableFilter excluding = new TableFilter(List.of(), List.of("tmp.*"), List.of(), List.of("shop\\.audit"));
        assertThat(excluding.includes("tmp1", "x")).isFalse();
        assertThat(excluding.includes("shop", "audit")).isFalse();
        assertThat(excluding.includes("shop", "orders")).isTrue();
    }
}
