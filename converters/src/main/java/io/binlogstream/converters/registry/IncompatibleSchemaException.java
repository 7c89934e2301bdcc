package io.binlogstream.converters.registry;

/** The registry refused a schema as incompatible with the subject's earlier versions (HTTP 409). Never retried. */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final String subject;

    public IncompatibleSchemaException(String subject, String url, int errorCode, String registryMessage) {
        super("The schema registry refused the schema for subject '" + subject + "' as incompatible: " + registryMessage
                + " (HTTP 409 from " + url + ")", url, 409, errorCode, registryMessage, false, null);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
