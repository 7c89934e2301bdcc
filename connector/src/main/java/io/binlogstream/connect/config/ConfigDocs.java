package io.binlogstream.connect.config;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's configuration reference, generated from {@link BinlogConnectorConfig#CONFIG_DEF} so the two
 * cannot drift (a test compares them). Run {@code main} to print it.
 */
public final class ConfigDocs {
    public static final String BEGIN_MARKER = "<!-- config-reference:begin (generated from BinlogConnectorConfig; do not edit) -->";
    public static final String END_MARKER = "<!-- config-reference:end -->";

    private ConfigDocs() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        String group = null;
        List<ConfigDef.ConfigKey> keys = BinlogConnectorConfig.CONFIG_DEF.configKeys().values().stream()
                .sorted((a, b) -> {
                    int byGroup = Integer.compare(groupOrder(a.group), groupOrder(b.group));
                    return byGroup != 0 ? byGroup : Integer.compare(a.orderInGroup, b.orderInGroup);
                })
                .toList();
        for (ConfigDef.ConfigKey key : keys) {
            if (!key.group.equals(group)) {
                group = key.group;
                out.append("\n#### ").append(group).append("\n\n");
                out.append("| key | type | default | valid values | importance | description |\n");
                out.append("|---|---|---|---|---|---|\n");
            }
            out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultText(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static int groupOrder(String group) {
        List<String> order = List.of(BinlogConnectorConfig.GROUP_CONNECTION, BinlogConnectorConfig.GROUP_TOPICS,
                BinlogConnectorConfig.GROUP_FILTERS, BinlogConnectorConfig.GROUP_RECORDS, BinlogConnectorConfig.GROUP_DELIVERY, BinlogConnectorConfig.GROUP_READER);
        int index = order.indexOf(group);
        return index < 0 ? order.size() : index;
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        if (key.defaultValue instanceof org.apache.kafka.common.config.types.Password password) {
            return password.value().isEmpty() ? "\"\"" : "(set)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text == null || text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
