package io.binlogstream.converters;

import io.binlogstream.testkit.SchemaRegistry;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * One real Apicurio registry (testkit) for all test classes of the run: started by the first class that needs
 * it, stopped by JUnit when the run ends (the root store closes AutoCloseable values). Each test uses its own
 * topics and subjects, so they do not see each other's schemas.
 */
public final class SharedRegistry implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedRegistry.class);

    private static volatile SchemaRegistry registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("registry",
                k -> SchemaRegistry.start(Path.of("target", "registry-tests")), SchemaRegistry.class);
    }

    /** The ccompat base URL, http://127.0.0.1:PORT/apis/ccompat/v7. */
    public static String url() {
        return registry.url();
    }

    /** The server root, for Apicurio's own API. */
    public static String baseUrl() {
        return registry.baseUrl();
    }
}
