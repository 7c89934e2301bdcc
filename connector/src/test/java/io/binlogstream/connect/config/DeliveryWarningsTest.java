package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliveryWarningsTest {

    @Test
    void exactlyOnceWithAnotherBoundaryIsWarnedAbout() {
        assertThat(DeliveryWarnings.of(Map.of("exactly.once.support", "required", "transaction.boundary", "poll")))
                .singleElement().asString().startsWith("exactly.once.support=required with transaction.boundary=poll")
                .contains("Set transaction.boundary=connector");
        assertThat(DeliveryWarnings.of(Map.of("exactly.once.support", "REQUIRED", "transaction.boundary", "interval")))
                .singleElement().asString().contains("transaction.boundary=interval");
        assertThat(DeliveryWarnings.of(Map.of())).as("Connect's default boundary is poll")
                .singleElement().asString().startsWith("transaction.boundary=poll: on a worker with exactly.once.source.support=enabled");
    }

    @Test
    void theConnectorBoundaryNeedsNoWarning() {
        assertThat(DeliveryWarnings.of(Map.of("exactly.once.support", "required", "transaction.boundary", "connector"))).isEmpty();
        assertThat(DeliveryWarnings.of(Map.of("transaction.boundary", " Connector "))).isEmpty();
    }

    @Test
    void toleratingAllErrorsIsWarnedAbout() {
        assertThat(DeliveryWarnings.of(Map.of("transaction.boundary", "connector", "errors.tolerance", "all")))
                .singleElement().asString().startsWith("errors.tolerance=all").contains("max.request.size");
    }
}
