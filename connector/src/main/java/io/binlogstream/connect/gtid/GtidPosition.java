package io.binlogstream.connect.gtid;

/**
 * The set of transactions already delivered, in the server family's own notation. Immutable: adding a
 * transaction returns a new position, so an offset handed to Connect can never change afterwards.
 */
public sealed interface GtidPosition permits MariaDbGtidPosition, MySqlGtidSet {

    /** This position plus one committed transaction, given in the notation of its GTID event. */
    GtidPosition plus(String gtid);

    /** Whether the transaction with this GTID is already part of the position. */
    boolean contains(String gtid);

    /** The notation the server accepts to resume from (slave_connect_state, or a GTID set). */
    @Override
    String toString();

    /** Parses either notation: MariaDB's {@code domain-server-seq} list or MySQL's {@code uuid[:tag]:ranges} set. */
    static GtidPosition parse(String text, boolean mariaDb) {
        return mariaDb ? MariaDbGtidPosition.parse(text) : MySqlGtidSet.parse(text);
    }
}
