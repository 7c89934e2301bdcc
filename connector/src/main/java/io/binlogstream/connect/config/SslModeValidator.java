package io.binlogstream.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.binlogstream.connect.tls.SslMode;

/** One of the modes, in any case; listed in the order of how much they check, for the docs and the error. */
final class SslModeValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        try {
            SslMode.parse((String) value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(name, value, "must be one of " + this);
        }
    }

    @Override
    public String toString() {
        return String.join(", ", SslMode.configValues());
    }
}
