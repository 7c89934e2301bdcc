package io.binlogstream.connect.mapping;

import java.io.Serializable;

/**
 * A DATE, DATETIME or TIMESTAMP cell that is no date: the zero date ('0000-00-00'), a partial one ('2024-00-15',
 * '2024-05-00') or, under ALLOW_INVALID_DATES, an impossible one ('2024-02-31'). The binlog decoder yields it
 * with the value as the server prints it, and the mapping decides (zero.date.mode) what it becomes.
 */
public record ZeroDate(String text) implements Serializable {
}
