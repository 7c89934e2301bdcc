package io.binlogstream.connect.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Every element must compile as a Java regular expression; the error quotes the bad one. */
final class RegexListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> patterns = (List<String>) value;
        if (patterns == null) {
            return;
        }
        for (String pattern : patterns) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "'" + pattern + "' is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    @Override
    public String toString() {
        return "comma-separated regular expressions";
    }
}
