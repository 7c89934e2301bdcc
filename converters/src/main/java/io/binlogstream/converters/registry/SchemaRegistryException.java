package io.binlogstream.converters.registry;

/**
 * A schema registry request that failed: names the URL, the HTTP status (0 when no answer came) and the
 * registry's error code and message, so the log says what to fix without a packet capture.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final int status;
    private final int errorCode;
    private final String registryMessage;
    private final boolean retriable;

    public SchemaRegistryException(String message, String url, int status, int errorCode, String registryMessage,
                                   boolean retriable, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
        this.retriable = retriable;
    }

    /** The URL of the last request. */
    public String url() {
        return url;
    }

    /** The HTTP status of the last answer, 0 if the registry could not be reached. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 40401 subject not found, 40403 schema not found), or -1. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's {@code message}, or the raw body when it was not the API's JSON error; may be null. */
    public String registryMessage() {
        return registryMessage;
    }

    /** Whether the failure was transient (unreachable, 5xx, 429) and retries ran out: trying later may work. */
    public boolean isRetriable() {
        return retriable;
    }
}
