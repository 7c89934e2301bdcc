package io.binlogstream.connect.binlog;

import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The binlog connection went silent for the read timeout. A {@link SocketException} because that is what the binlog
 * library treats as a lost connection wherever it happens (a timeout as such, inside an event, it would report as an
 * event it cannot decode). Whether it happened inside an event tells, in the logs, a connection that stalls in the
 * middle of a transfer (as behind a path that stops large transfers) from an idle one that fell silent.
 */
final class StalledConnection extends SocketException {
    private static final long serialVersionUID = 1L;

    private final boolean insideEvent;

    StalledConnection(SocketTimeoutException timeout, boolean insideEvent) {
        super("The server sent nothing for the read timeout (" + timeout.getMessage() + ")"
                + (insideEvent ? " in the middle of a binlog event" : "") + "; the binlog connection is taken for lost");
        initCause(timeout);
        this.insideEvent = insideEvent;
    }

    boolean insideEvent() {
        return insideEvent;
    }
}
