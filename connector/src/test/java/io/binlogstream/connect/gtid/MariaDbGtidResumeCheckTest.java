package io.binlogstream.connect.gtid;

import static io.binlogstream.connect.gtid.MariaDbGtidResumeCheck.missingOnServer;
import static io.binlogstream.connect.gtid.MariaDbGtidResumeCheck.purged;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.gtid.MariaDbGtidResumeCheck.Problem;

class MariaDbGtidResumeCheckTest {

    static MariaDbGtidPosition position(String text) {
        return MariaDbGtidPosition.parse(text);
    }

    @Test
    void aServerLevelOrAheadInEveryDomainOfTheOffsetLacksNothing() {
        assertThat(missingOnServer(position("0-1-9,1-2-4"), position("0-1-9,1-2-3"))).isEmpty();
        assertThat(missingOnServer(position("0-2-12"), position("0-1-9"))).as("failover: new primary went on").isEmpty();
        assertThat(missingOnServer(position("0-1-9,7-7-7"), position("0-1-9"))).as("extra domains on the server").isEmpty();
        assertThat(missingOnServer(position(""), position(""))).isEmpty();
    }

    @Test
    void namesEachDomainTheServerLacks() {
        var missing = missingOnServer(position("0-1-5,1-2-8,3-1-4"), position("0-1-9,1-2-8,2-1-4,3-2-4"));
        assertThat(missing).extracting(MariaDbGtidResumeCheck.MissingDomain::problem)
                .containsExactly(Problem.BEHIND, Problem.DOMAIN_UNKNOWN, Problem.DIVERGED);
        assertThat(missing).map(Object::toString).containsExactly(
                "domain 0: this server is at 0-1-5, the offset needs 0-1-9 (missing: sequence numbers 6 to 9)",
                "domain 2: this server has no transaction in it, the offset needs 2-1-4 (missing: sequence numbers 1 to 4)",
                "domain 3: this server's transaction 4 is 3-1-4 but the offset's is 3-2-4 (the histories diverged)");
        assertThat(MariaDbGtidResumeCheck.describe(missing)).isEqualTo(
                "domain 0: this server is at 0-1-5, the offset needs 0-1-9 (missing: sequence numbers 6 to 9); "
                        + "domain 2: this server has no transaction in it, the offset needs 2-1-4 (missing: sequence numbers 1 to 4); "
                        + "domain 3: this server's transaction 4 is 3-1-4 but the offset's is 3-2-4 (the histories diverged)");
    }

    @Test
    void anEmptyServerLacksEveryDomainOfTheOffset() {
        assertThat(missingOnServer(MariaDbGtidPosition.empty(), position("1-1-1,0-1-1")))
                .extracting(MariaDbGtidResumeCheck.MissingDomain::domain).containsExactly(0L, 1L);
    }

    @Test
    void nothingIsPurgedWhileTheOldestBinlogStartsAtOrBeforeTheOffset() {
        assertThat(purged(position("0-1-5"), position("0-1-5"))).isEmpty();
        assertThat(purged(position("0-1-5"), position("0-2-9"))).isEmpty();
        assertThat(purged(MariaDbGtidPosition.empty(), position("0-1-9"))).as("binlogs from the beginning").isEmpty();
        assertThat(purged(position("0-1-5"), position("0-1-9,1-1-3"))).as("domain 1 is whole in the binlogs").isEmpty();
    }

    @Test
    void namesEachDomainWhoseNextTransactionsWerePurged() {
        MariaDbGtidPosition oldest = MariaDbGtidPosition.parseBinlogState("0-1-9,0-2-7,1-3-4,2-1-2");
        var purged = purged(oldest, position("0-1-5,1-3-4"));
        assertThat(purged).map(Object::toString).containsExactly(
                "domain 0: the offset needs the transactions after 0-1-5, but this server's binlogs start after 0-1-9;"
                        + " the transactions with sequence numbers 6 to 9 were purged",
                "domain 2: the offset needs every transaction of it, but this server's binlogs start after 2-1-2;"
                        + " the transactions with sequence numbers up to 2 were purged");
        assertThat(purged.get(0).offset()).contains(MariaDbGtidPosition.Gtid.parse("0-1-5"));
        assertThat(purged.get(1).offset()).isEmpty();
    }
}
