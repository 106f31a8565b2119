package dev.pmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.testing.RepoData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's one Spark session: shared by leases on the same master, refused to another master
 * while it runs, and stopped when the last lease closes, also when opening an engine fails.
 *
 * <p>Every test here gives back all its leases, so no session outlives a test.
 */
class SparkSessionsTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @Test
    void leasesOnTheSameMasterShareTheSession_andAnotherMasterIsRefusedWhileItRuns() {
        try (var first = SparkSessions.acquire(SparkMaster.parse("local[2]"), STARTUP);
             var second = SparkSessions.acquire(SparkMaster.parse("local[2]"), STARTUP)) {
            assertSame(first.session(), second.session());
            var e = assertThrows(IllegalStateException.class,
                    () -> SparkSessions.acquire(SparkMaster.parse("local[1]"), STARTUP));
            assertTrue(e.getMessage().startsWith("SPARK_MASTER=local[1] differs from local[2]"), e.getMessage());
            second.close();
            second.close(); // closing twice gives back one lease, not two
            assertEquals(2L, first.context().parallelize(List.of(1, 2), 2).count());
        }
        // The last lease closed: the next session may run on another master.
        try (var other = SparkSessions.acquire(SparkMaster.parse("local[1]"), STARTUP)) {
            assertEquals("local[1]", other.session().sparkContext().master());
        }
    }

    @Test
    void anEngineThatFailsToOpen_givesItsLeaseBack(@TempDir Path dir) throws IOException {
        Schema schema = Schema.read(RepoData.file("breast_cancer_wisconsin.schema.json"));
        List<String> lines = Files.readAllLines(RepoData.file(RepoData.BREAST_CANCER), StandardCharsets.UTF_8);
        String row = lines.get(1);
        Path bad = dir.resolve("bad-class.csv");
        Files.write(bad, List.of(lines.get(0), row.substring(0, row.lastIndexOf(',')) + ",X"), StandardCharsets.UTF_8);

        // The bad class fails the engine's first Spark job, inside the lease.
        var e = assertThrows(DataException.class, () -> new SparkEngineProvider()
                .open(schema, Map.of("SPARK_MASTER", "local[2]", "DATA_PATH", bad.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().contains("class 'X'"), e.getMessage());
        // Nobody holds the local[2] session any more, so it was stopped and another master may start.
        try (var other = SparkSessions.acquire(SparkMaster.parse("local[1]"), STARTUP)) {
            assertEquals("local[1]", other.session().sparkContext().master());
        }
    }
}
