package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference must be what the ConfigDef says. Run the build with
 * {@code -Dbinlogstream.updateDocs=true} to rewrite it after changing a key.
 */
class ReadmeConfigReferenceTest {

    @Test
    void readmeHoldsTheGeneratedReference() throws Exception {
        Path readme = Path.of(System.getProperty("binlogstream.root", ".."), "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(ConfigDocs.BEGIN_MARKER);
        int end = text.indexOf(ConfigDocs.END_MARKER);
        assertThat(begin).as("README.md has the config reference markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = text.substring(begin + ConfigDocs.BEGIN_MARKER.length(), end);
        String generated = ConfigDocs.markdown() + "\n";
        if (Boolean.getBoolean("binlogstream.updateDocs") && !current.equals(generated)) {
            Files.writeString(readme, text.substring(0, begin + ConfigDocs.BEGIN_MARKER.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("README.md config reference is stale: rebuild with -Dbinlogstream.updateDocs=true").isEqualTo(generated);
    }
}
