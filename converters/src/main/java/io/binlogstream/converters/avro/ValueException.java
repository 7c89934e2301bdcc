package io.binlogstream.converters.avro;

import org.apache.kafka.connect.errors.DataException;

/**
 * A value that does not fit its schema, with the path of the field it was found in. Each enclosing struct adds
 * its field name on the way out, so the message reads {@code after.price: ...}; built only on failure.
 */
final class ValueException extends DataException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    ValueException(String path, String reason, Throwable cause) {
        super((path.isEmpty() ? "value" : "field " + path) + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** This error, seen from the struct that holds the field. */
    ValueException within(String field) {
        return new ValueException(path.isEmpty() ? field : field + "." + path, reason, getCause());
    }

    static ValueException of(String field, Object value, RuntimeException e) {
        if (e instanceof ValueException ve) {
            return ve.within(field);
        }
        String reason = e instanceof ClassCastException
                ? "a " + value.getClass().getName() + " does not fit its schema (" + e.getMessage() + ")"
                : e.getMessage();
        return new ValueException(field, reason, e);
    }
}
