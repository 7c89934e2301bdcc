package io.binlogstream.connect.gtid;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A minimal property-test runner: runs a check over many seeded random cases, and on failure names the
 * seed of the failing case so it can be replayed alone. The base seed changes per run (so runs explore new
 * cases) unless {@code -Dbinlogstream.gtid.seed=<seed>} pins it; a pinned seed replays its case first.
 *
 * <p>There is no shrinking, so generators keep cases small enough to read when one fails.
 */
public final class RandomCases {
    private static final String SEED_PROPERTY = "binlogstream.gtid.seed";

    private RandomCases() {
    }

    public static void check(int cases, Consumer<Random> property) {
        String pinned = System.getProperty(SEED_PROPERTY);
        long base = pinned != null && !pinned.isBlank() ? Long.parseLong(pinned.strip()) : new Random().nextLong();
        for (int i = 0; i < cases; i++) {
            long seed = base + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Failed for the case with seed " + seed + " (replay it with -D" + SEED_PROPERTY + "="
                        + seed + "): " + e.getMessage(), e);
            }
        }
    }

    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A number in [low, high]. */
    public static long between(Random random, long low, long high) {
        return low + (long) random.nextInt((int) (high - low + 1));
    }
}
