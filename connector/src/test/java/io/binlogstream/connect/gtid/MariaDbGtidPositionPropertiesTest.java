package io.binlogstream.connect.gtid;

import static io.binlogstream.connect.gtid.RandomCases.between;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.gtid.MariaDbGtidPosition.Gtid;

/**
 * MariaDbGtidPosition and the resume checks against plain models: a map from domain to its last GTID, and,
 * for the purge check, a simulated strict-mode history per domain. Few domains, servers and sequence numbers,
 * so that equal sequence numbers and shared domains are common.
 */
class MariaDbGtidPositionPropertiesTest {
    static final int CASES = 400;

    static Gtid randomGtid(Random random) {
        return new Gtid(between(random, 0, 4), between(random, 1, 3), between(random, 1, 12));
    }

    /** A position as its model: domain to last GTID. */
    static TreeMap<Long, Gtid> randomModel(Random random) {
        TreeMap<Long, Gtid> byDomain = new TreeMap<>();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            Gtid gtid = randomGtid(random);
            byDomain.put(gtid.domain(), gtid);
        }
        return byDomain;
    }

    static MariaDbGtidPosition build(Map<Long, Gtid> model) {
        MariaDbGtidPosition position = MariaDbGtidPosition.empty();
        for (Gtid gtid : model.values()) {
            position = position.plus(gtid);
        }
        return position;
    }

    static boolean modelContains(Map<Long, Gtid> model, Gtid gtid) {
        Gtid last = model.get(gtid.domain());
        return last != null && gtid.sequence() <= last.sequence();
    }

    @Test
    void formatIsSortedByDomainAndParsesBack() {
        RandomCases.check(CASES, random -> {
            TreeMap<Long, Gtid> model = randomModel(random);
            MariaDbGtidPosition position = build(model);
            StringJoiner expected = new StringJoiner(",");
            model.values().forEach(g -> expected.add(g.domain() + "-" + g.server() + "-" + g.sequence()));
            assertThat(position).hasToString(expected.toString());
            assertThat(MariaDbGtidPosition.parse(position.toString())).isEqualTo(position);
            assertThat(position.domains()).isEqualTo(model);
            assertThat(position.isEmpty()).isEqualTo(model.isEmpty());
        });
    }

    @Test
    void plusAndContainsFollowTheModel() {
        RandomCases.check(CASES, random -> {
            TreeMap<Long, Gtid> model = randomModel(random);
            MariaDbGtidPosition position = build(model);
            Gtid probe = randomGtid(random);
            assertThat(position.contains(probe)).as("%s contains %s", position, probe).isEqualTo(modelContains(model, probe));
            assertThat(position.contains(probe.toString())).isEqualTo(modelContains(model, probe));
            TreeMap<Long, Gtid> nextModel = new TreeMap<>(model);
            nextModel.put(probe.domain(), probe);
            MariaDbGtidPosition next = position.plus(probe);
            assertThat(next.domains()).isEqualTo(nextModel);
            assertThat(next.contains(probe)).isTrue();
        });
    }

    @Test
    void containmentIsPerDomainAndCompareDomainIsAntisymmetric() {
        RandomCases.check(CASES, random -> {
            TreeMap<Long, Gtid> a = randomModel(random);
            TreeMap<Long, Gtid> b = randomModel(random);
            MariaDbGtidPosition x = build(a);
            MariaDbGtidPosition y = build(b);
            boolean expected = b.values().stream().allMatch(g -> modelContains(a, g));
            assertThat(x.contains(y)).as("%s contains %s", x, y).isEqualTo(expected);
            assertThat(x.isBehind(y)).isEqualTo(!expected);
            assertThat(b.keySet().stream().allMatch(d -> x.compareDomain(d, y) >= 0)).isEqualTo(expected);
            for (long domain = 0; domain <= 4; domain++) {
                assertThat(Integer.signum(x.compareDomain(domain, y))).isEqualTo(-Integer.signum(y.compareDomain(domain, x)));
            }
        });
    }

    @Test
    void theServerLacksExactlyTheDomainsWhereItIsBehindOrForked() {
        RandomCases.check(CASES, random -> {
            TreeMap<Long, Gtid> server = randomModel(random);
            TreeMap<Long, Gtid> offset = randomModel(random);
            Set<Long> expected = new TreeSet<>();
            offset.values().forEach(needed -> {
                Gtid has = server.get(needed.domain());
                if (has == null || has.sequence() < needed.sequence()
                        || (has.sequence() == needed.sequence() && has.server() != needed.server())) {
                    expected.add(needed.domain());
                }
            });
            var missing = MariaDbGtidResumeCheck.missingOnServer(build(server), build(offset));
            assertThat(missing).as("server %s, offset %s", server, offset)
                    .extracting(MariaDbGtidResumeCheck.MissingDomain::domain).containsExactlyElementsOf(expected);
            if (missing.isEmpty()) {
                assertThat(build(server).contains(build(offset))).isTrue();
            }
        });
    }

    /**
     * One domain's strict-mode history: transactions 1..length, written by rotating server ids. The offset has
     * delivered the first {@code delivered} (0: the domain is absent from the offset); the binlogs were purged
     * up to {@code purgedUpTo} (0: the oldest binlog's GTID list does not name the domain).
     */
    record DomainHistory(long domain, int length, int delivered, int purgedUpTo) {
        static DomainHistory random(Random random, long domain) {
            int length = random.nextInt(9);
            return new DomainHistory(domain, length, random.nextInt(length + 1), random.nextInt(length + 1));
        }

        Gtid gtid(long sequence) {
            return new Gtid(domain, 1 + sequence % 3, sequence);
        }
    }

    @Test
    void purgedNamesTheDomainsWhoseNeededTransactionsAreGoneFromTheBinlogs() {
        RandomCases.check(CASES, random -> {
            List<DomainHistory> histories = new ArrayList<>();
            int domains = random.nextInt(5);
            for (int d = 0; d < domains; d++) {
                histories.add(DomainHistory.random(random, d));
            }
            List<Gtid> offset = new ArrayList<>();
            List<Gtid> binlogState = new ArrayList<>();
            Set<Long> expected = new TreeSet<>();
            for (DomainHistory h : histories) {
                if (h.delivered() > 0) {
                    offset.add(h.gtid(h.delivered()));
                }
                if (h.purgedUpTo() > 0) {
                    // the GTID list holds each server's last GTID of the domain, up to the purge point
                    LongStream.rangeClosed(Math.max(1, h.purgedUpTo() - 2), h.purgedUpTo()).forEach(seq -> binlogState.add(h.gtid(seq)));
                }
                Set<Long> needed = LongStream.rangeClosed(h.delivered() + 1, h.length()).boxed().collect(Collectors.toSet());
                Set<Long> stillInBinlogs = LongStream.rangeClosed(h.purgedUpTo() + 1, h.length()).boxed().collect(Collectors.toSet());
                if (!stillInBinlogs.containsAll(needed)) {
                    expected.add(h.domain());
                }
            }
            var purged = MariaDbGtidResumeCheck.purged(MariaDbGtidPosition.ofBinlogState(binlogState), MariaDbGtidPosition.of(offset));
            assertThat(purged).as("histories %s", histories)
                    .extracting(MariaDbGtidResumeCheck.PurgedDomain::domain).containsExactlyElementsOf(expected);
        });
    }
}
