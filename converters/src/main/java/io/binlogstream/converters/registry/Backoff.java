package io.binlogstream.converters.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off, bounded: the delay before retry n (1-based) is {@code initial * 2^(n-1)}, capped at
 * {@code max}, with the upper half randomised so that many tasks retrying against one registry after an outage
 * do not all arrive in the same millisecond.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    public long delayMillis(int retry) {
        double exponential = initial.toMillis() * Math.pow(2, Math.max(retry - 1, 0));
        long capped = (long) Math.min(max.toMillis(), exponential);
        long half = capped / 2;
        return half + (capped - half == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
