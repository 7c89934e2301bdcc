package io.binlogstream.connect.gtid;

import static io.binlogstream.connect.gtid.RandomCases.between;
import static io.binlogstream.connect.gtid.RandomCases.pick;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.gtid.MySqlGtidSet.Gtid;
import io.binlogstream.connect.gtid.MySqlGtidSet.Interval;
import io.binlogstream.connect.gtid.MySqlGtidSet.Source;

/**
 * MySqlGtidSet against a reference model that is obviously right: a map from source to the plain set of its
 * transaction numbers. Numbers are small so that overlaps, adjacency and gaps are common; half of the cases
 * shift them to just below {@link MySqlGtidSet#MAX_NUMBER} to reach the overflow edge.
 */
class MySqlGtidSetPropertiesTest {
    static final List<String> UUIDS = List.of(
            "3e11fa47-71ca-11e1-9e33-c80aa9429562",
            "3e11fa47-71ca-11e1-9e33-c80aa9429563",
            "b9b88c66-0755-11f1-9899-4a9da94c4d71");
    /** Tags whose byte order differs from naive expectations: digits before '_' before letters. */
    static final List<String> TAGS = List.of("", "", "a", "a9", "a_", "_x");
    static final int CASES = 400;

    /** A model: source to transaction numbers, never an empty number set. */
    record Model(Map<Source, TreeSet<Long>> numbers) {
        static Model of(Map<Source, ? extends Set<Long>> raw) {
            TreeMap<Source, TreeSet<Long>> copy = new TreeMap<>();
            raw.forEach((source, numbers) -> {
                if (!numbers.isEmpty()) {
                    copy.put(source, new TreeSet<>(numbers));
                }
            });
            return new Model(Collections.unmodifiableMap(copy));
        }

        static Model random(Random random) {
            long shift = random.nextBoolean() ? 0 : MySqlGtidSet.MAX_NUMBER - 40;
            TreeMap<Source, Set<Long>> raw = new TreeMap<>();
            int sources = random.nextInt(5);
            for (int i = 0; i < sources; i++) {
                Set<Long> numbers = raw.computeIfAbsent(new Source(pick(random, UUIDS), pick(random, TAGS)), s -> new TreeSet<>());
                int runs = random.nextInt(5);
                for (int run = 0; run < runs; run++) {
                    long start = between(random, 1, 40);
                    long end = Math.min(40, start + (random.nextBoolean() ? 0 : random.nextInt(8)));
                    for (long n = start; n <= end; n++) {
                        numbers.add(n + shift);
                    }
                }
            }
            return of(raw);
        }

        List<Gtid> gtids() {
            List<Gtid> gtids = new ArrayList<>();
            numbers.forEach((source, set) -> set.forEach(n -> gtids.add(new Gtid(source, n))));
            return gtids;
        }

        boolean contains(Gtid gtid) {
            return numbers.getOrDefault(gtid.source(), new TreeSet<>()).contains(gtid.number());
        }

        Model union(Model other) {
            return combine(other, (mine, theirs) -> mine.addAll(theirs));
        }

        Model subtract(Model other) {
            return combine(other, (mine, theirs) -> mine.removeAll(theirs));
        }

        Model intersection(Model other) {
            return combine(other, (mine, theirs) -> mine.retainAll(theirs));
        }

        private Model combine(Model other, BiConsumer<Set<Long>, Set<Long>> operation) {
            TreeSet<Source> sources = new TreeSet<>(numbers.keySet());
            sources.addAll(other.numbers.keySet());
            TreeMap<Source, Set<Long>> result = new TreeMap<>();
            for (Source source : sources) {
                Set<Long> mine = new TreeSet<>(numbers.getOrDefault(source, new TreeSet<>()));
                operation.accept(mine, other.numbers.getOrDefault(source, new TreeSet<>()));
                result.put(source, mine);
            }
            return of(result);
        }

        boolean containsAll(Model other) {
            return other.gtids().stream().allMatch(this::contains);
        }

        /** MySQL's text written independently of the implementation: runs of consecutive numbers, uuid groups. */
        String canonicalText() {
            TreeMap<String, TreeMap<String, TreeSet<Long>>> byUuid = new TreeMap<>();
            numbers.forEach((source, set) -> byUuid.computeIfAbsent(source.uuid(), u -> new TreeMap<>()).put(source.tag(), set));
            StringJoiner out = new StringJoiner(",");
            byUuid.forEach((uuid, byTag) -> {
                StringBuilder element = new StringBuilder(uuid);
                byTag.forEach((tag, set) -> {
                    if (!tag.isEmpty()) {
                        element.append(':').append(tag);
                    }
                    long runStart = set.first();
                    long previous = runStart;
                    for (long n : set.tailSet(runStart, false)) {
                        if (n != previous + 1) {
                            element.append(':').append(run(runStart, previous));
                            runStart = n;
                        }
                        previous = n;
                    }
                    element.append(':').append(run(runStart, previous));
                });
                out.add(element);
            });
            return out.toString();
        }

        private static String run(long start, long end) {
            return start == end ? Long.toString(start) : start + "-" + end;
        }

        /** The model written the messy way servers and people may: one element per number, any order and case, spaces. */
        String messyText(Random random) {
            List<String> elements = new ArrayList<>();
            for (Gtid gtid : gtids()) {
                Source source = gtid.source();
                String uuid = random.nextBoolean() ? source.uuid().toUpperCase(Locale.ROOT) : source.uuid();
                String tag = !source.isTagged() ? "" : " : " + (random.nextBoolean() ? source.tag().toUpperCase(Locale.ROOT) : source.tag());
                elements.add(uuid + tag + (random.nextBoolean() ? ":" : " :\n ") + gtid.number());
            }
            Collections.shuffle(elements, random);
            return String.join(random.nextBoolean() ? "," : ",\n", elements);
        }
    }

    static MySqlGtidSet build(Model model) {
        MySqlGtidSet set = MySqlGtidSet.empty();
        for (Gtid gtid : model.gtids()) {
            set = set.plus(gtid);
        }
        return set;
    }

    static Model modelOf(MySqlGtidSet set) {
        TreeMap<Source, Set<Long>> numbers = new TreeMap<>();
        set.sources().forEach((source, intervals) -> {
            TreeSet<Long> all = new TreeSet<>();
            for (Interval interval : intervals) {
                for (long n = interval.start(); n <= interval.end(); n++) {
                    all.add(n);
                }
            }
            numbers.put(source, all);
        });
        return Model.of(numbers);
    }

    @Test
    void buildingByPlusAndParsingMessyTextBothGiveTheModel() {
        RandomCases.check(CASES, random -> {
            Model model = Model.random(random);
            MySqlGtidSet built = build(model);
            assertThat(modelOf(built)).as("model %s", model).isEqualTo(model);
            String messy = model.messyText(random);
            assertThat(MySqlGtidSet.parse(messy)).as("parsing %s", messy).isEqualTo(built);
            assertThat(built.isEmpty()).isEqualTo(model.numbers().isEmpty());
        });
    }

    @Test
    void formatIsCanonicalAndParsesBack() {
        RandomCases.check(CASES, random -> {
            Model model = Model.random(random);
            MySqlGtidSet set = build(model);
            assertThat(set.toString()).isEqualTo(model.canonicalText());
            assertThat(MySqlGtidSet.parse(set.toString())).isEqualTo(set);
            for (List<Interval> intervals : set.sources().values()) {
                for (int i = 1; i < intervals.size(); i++) {
                    assertThat(intervals.get(i).start()).as("sorted, disjoint, not adjacent: %s", set)
                            .isGreaterThan(intervals.get(i - 1).end() + 1);
                }
            }
        });
    }

    @Test
    void unionSubtractAndIntersectionAgreeWithTheModel() {
        RandomCases.check(CASES, random -> {
            Model a = Model.random(random);
            Model b = Model.random(random);
            MySqlGtidSet x = build(a);
            MySqlGtidSet y = build(b);
            String both = x + " and " + y;
            assertThat(modelOf(x.union(y))).as("union of %s", both).isEqualTo(a.union(b));
            assertThat(modelOf(x.subtract(y))).as("%s minus %s", x, y).isEqualTo(a.subtract(b));
            assertThat(modelOf(x.intersection(y))).as("intersection of %s", both).isEqualTo(a.intersection(b));
            assertThat(x.union(y)).isEqualTo(y.union(x));
            assertThat(x.intersection(y)).isEqualTo(y.intersection(x));
            assertThat(x.subtract(y).union(x.intersection(y))).as("split and rejoined: %s", both).isEqualTo(x);
        });
    }

    /**
     * A set that is often a subset of {@code x} or just misses being one, since independent random sets are
     * almost never subsets: x itself, part of x, or part of x plus the transaction right after one of x's
     * intervals (which extends an interval of the result across a gap of x).
     */
    static MySqlGtidSet nearby(MySqlGtidSet x, Model other, Random random) {
        MySqlGtidSet part = x.intersection(build(other));
        return switch (random.nextInt(4)) {
            case 0 -> build(other);
            case 1 -> x;
            case 2 -> part;
            default -> {
                if (x.isEmpty()) {
                    yield part;
                }
                List<Source> sources = List.copyOf(x.sources().keySet());
                Source source = pick(random, sources);
                Interval interval = pick(random, x.intervals(source));
                MySqlGtidSet withEnd = part.union(MySqlGtidSet.empty().plus(new Gtid(source, interval.end())));
                yield interval.end() == MySqlGtidSet.MAX_NUMBER ? withEnd : withEnd.plus(new Gtid(source, interval.end() + 1));
            }
        };
    }

    @Test
    void containmentSubsetsAndEqualityAgreeWithTheModel() {
        RandomCases.check(CASES, random -> {
            Model a = Model.random(random);
            MySqlGtidSet x = build(a);
            MySqlGtidSet y = nearby(x, Model.random(random), random);
            Model yModel = modelOf(y);
            String both = x + " and " + y;
            assertThat(x.contains(y)).as("%s contains %s", x, y).isEqualTo(a.containsAll(yModel));
            assertThat(y.isSubsetOf(x)).as(both).isEqualTo(a.containsAll(yModel));
            assertThat(x.union(y).contains(y)).as(both).isTrue();
            assertThat(x.equals(y)).as(both).isEqualTo(a.equals(yModel));
            if (x.equals(y)) {
                assertThat(x.hashCode()).isEqualTo(y.hashCode());
            }
        });
    }

    @Test
    void plusAndContainsAreConsistent() {
        RandomCases.check(CASES, random -> {
            Model model = Model.random(random);
            MySqlGtidSet set = build(model);
            for (Gtid probe : Model.random(random).gtids()) {
                boolean expected = model.contains(probe);
                assertThat(set.contains(probe)).as("%s contains %s", set, probe).isEqualTo(expected);
                assertThat(set.contains(probe.toString())).isEqualTo(expected);
                MySqlGtidSet more = set.plus(probe);
                assertThat(more.contains(probe)).isTrue();
                assertThat(more.contains(set)).isTrue();
                assertThat(more.subtract(set).isEmpty()).isEqualTo(expected);
            }
        });
    }
}
