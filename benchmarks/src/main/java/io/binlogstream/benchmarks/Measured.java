package io.binlogstream.benchmarks;

/** What every run of either benchmark gives the pairs and medians of the report. */
interface Measured {
    Contender contender();

    /** {@code warm-up} or {@code pair <n>}. */
    String phase();

    /** Records per second over the broker's first-to-last append time of the run's topic. */
    double rate();

    /** Connect worker CPU (user + system) per record, in microseconds. */
    double cpuMicrosPerRecord();

    long rows();

    long records();

    long duplicates();

    long missing();

    /** Every row arrived exactly once. */
    default boolean correct() {
        return records() == rows() && duplicates() == 0 && missing() == 0;
    }
}
