package io.binlogstream.connect.gtid;

import java.util.ArrayList;
import java.util.List;

import io.binlogstream.connect.gtid.MySqlGtidSet.Interval;

/**
 * Set arithmetic on the transaction numbers of one GTID source. Every list taken and returned is normalised:
 * sorted, disjoint and never adjacent ({@code 1-3} plus {@code 4-5} is stored as {@code 1-5}), so equal sets
 * have equal lists and the text of a set is canonical. Each operation is one linear sweep; results are
 * immutable.
 */
final class Intervals {

    private Intervals() {
    }

    static List<Interval> union(List<Interval> a, List<Interval> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Interval> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        Interval current = null;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j >= b.size() || (i < a.size() && a.get(i).start() <= b.get(j).start());
            Interval next = takeA ? a.get(i++) : b.get(j++);
            if (current == null) {
                current = next;
            } else if (next.start() <= current.end() + 1) {
                // Overlapping or adjacent: one interval. end + 1 cannot overflow, see Interval.
                if (next.end() > current.end()) {
                    current = new Interval(current.start(), next.end());
                }
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return List.copyOf(out);
    }

    static List<Interval> subtract(List<Interval> a, List<Interval> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a;
        }
        List<Interval> out = new ArrayList<>(a.size() + b.size());
        int first = 0;
        for (Interval kept : a) {
            while (first < b.size() && b.get(first).end() < kept.start()) {
                first++;
            }
            long start = kept.start();
            long end = kept.end();
            for (int k = first; ; k++) {
                if (k >= b.size() || b.get(k).start() > end) {
                    out.add(new Interval(start, end));
                    break;
                }
                Interval cut = b.get(k);
                if (cut.start() > start) {
                    out.add(new Interval(start, cut.start() - 1));
                }
                if (cut.end() >= end) {
                    break;
                }
                start = cut.end() + 1;
            }
        }
        return List.copyOf(out);
    }

    static List<Interval> intersection(List<Interval> a, List<Interval> b) {
        List<Interval> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Interval x = a.get(i);
            Interval y = b.get(j);
            long start = Math.max(x.start(), y.start());
            long end = Math.min(x.end(), y.end());
            if (start <= end) {
                out.add(new Interval(start, end));
            }
            if (x.end() < y.end()) {
                i++;
            } else {
                j++;
            }
        }
        return List.copyOf(out);
    }

    static boolean contains(List<Interval> intervals, long number) {
        Interval candidate = lastStartingAtOrBefore(intervals, number);
        return candidate != null && number <= candidate.end();
    }

    /** Whether every number of {@code inner} is in {@code outer}. */
    static boolean containsAll(List<Interval> outer, List<Interval> inner) {
        for (Interval part : inner) {
            // outer's intervals are maximal, so a contained interval lies inside a single one of them.
            Interval candidate = lastStartingAtOrBefore(outer, part.start());
            if (candidate == null || candidate.end() < part.end()) {
                return false;
            }
        }
        return true;
    }

    private static Interval lastStartingAtOrBefore(List<Interval> intervals, long number) {
        int low = 0;
        int high = intervals.size() - 1;
        Interval found = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Interval interval = intervals.get(middle);
            if (interval.start() <= number) {
                found = interval;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }
}
