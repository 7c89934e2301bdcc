package io.binlogstream.testkit;

/** A child server failed to start or to reach a state in time; the message carries its log tail. */
public class ChildProcessException extends RuntimeException {
    public ChildProcessException(String message) {
        super(message);
    }

    public ChildProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
