package io.binlogstream.connect.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the Connect framework, set in the connector's config, that are valid but weaken what the
 * connector promises. Connect's validation answer has no place for warnings (an error would refuse the
 * config), so these are logged by {@code validate()} and at start, where the worker's log shows them.
 */
public final class DeliveryWarnings {
    static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";
    static final String TRANSACTION_BOUNDARY = "transaction.boundary";
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    private DeliveryWarnings() {
    }

    public static List<String> of(Map<String, String> props) {
        List<String> warnings = new ArrayList<>();
        String boundary = lower(props.getOrDefault(TRANSACTION_BOUNDARY, "poll"));
        if ("required".equals(lower(props.get(EXACTLY_ONCE_SUPPORT))) && !"connector".equals(boundary)) {
            warnings.add("exactly.once.support=required with transaction.boundary=" + boundary + ": Kafka transactions then "
                    + "end where Connect decides, not where database transactions commit, so a read_committed consumer "
                    + "can see part of a database transaction. Set transaction.boundary=connector to keep them whole.");
        } else if (!"connector".equals(boundary)) {
            warnings.add("transaction.boundary=" + boundary + ": on a worker with exactly.once.source.support=enabled, "
                    + "Kafka transactions end where Connect decides, not where database transactions commit, so a "
                    + "read_committed consumer can see part of a database transaction. Set transaction.boundary=connector "
                    + "to keep them whole.");
        }
        if ("all".equals(lower(props.get(ERRORS_TOLERANCE)))) {
            warnings.add("errors.tolerance=all: Connect then drops records it fails to convert or send (a row larger "
                    + "than the producer's max.request.size, say) and goes on, so changes can be lost without the task "
                    + "failing. The default, none, stops the task naming the record instead.");
        }
        return warnings;
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
