package io.binlogstream.testkit;

/** A Kafka Connect REST call answered with an error status; the message has the status and body. */
public class ConnectRestException extends RuntimeException {
    private final int status;
    private final String body;

    public ConnectRestException(String method, String url, int status, String body) {
        super(method + " " + url + " -> HTTP " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
