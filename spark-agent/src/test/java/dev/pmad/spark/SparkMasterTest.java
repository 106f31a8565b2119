package dev.pmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.testing.RepoData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code SPARK_MASTER}: its syntax, and the failures a user sees when the master is not there or
 * is not a Spark master, which must name the variable and come within a bounded time.
 *
 * <p>No test here keeps a session between tests: every one that starts Spark closes it again.
 */
class SparkMasterTest {
    private static final String CSV = RepoData.file(RepoData.BREAST_CANCER).toString();

    private static Schema schema() {
        return Schema.read(RepoData.file("breast_cancer_wisconsin.schema.json"));
    }

    @Test
    void parse_defaultsToAllLocalCoresWhenUnsetOrBlank() {
        assertEquals("local[*]", SparkMaster.parse(null).url());
        assertEquals("local[*]", SparkMaster.parse("").url());
        assertEquals("local[*]", SparkMaster.parse("   ").url());
        assertTrue(SparkMaster.parse(null).isLocal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local[2]", "local[*]", "local[2,3]", "spark://h:7077", "spark://a:7077,b:7077",
            "k8s://https://h:6443", "yarn"})
    void parse_acceptsSparkMasterUrls(String url) {
        SparkMaster master = SparkMaster.parse(url);
        assertEquals(url, master.url());
        assertEquals(url.startsWith("local"), master.isLocal());
    }

    @Test
    void parse_trimsTheValue() {
        assertEquals("local[2]", SparkMaster.parse("  local[2] ").url());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local[0]", "local[x]", "local[]", "localhost", "spark://", "spark://h", "spark://h:",
            "spark://h:0", "spark://h:65536", "spark://h:abc", "spark://a:7077,b", "k8s://", "mesos://h:5050", "foo"})
    void parse_rejectsAnythingElse_namingTheVariable(String url) {
        var e = assertThrows(IllegalArgumentException.class, () -> SparkMaster.parse(url));
        assertTrue(e.getMessage().contains("SPARK_MASTER=" + url), e.getMessage());
    }

    @Test
    void localAndYarnMasters_needNoReachabilityCheck() {
        SparkMaster.parse("local[2]").checkReachable(Duration.ofSeconds(1));
        SparkMaster.parse("yarn").checkReachable(Duration.ofSeconds(1));
    }

    @Test
    void open_onAClosedPort_failsFastNamingTheVariableAndThePort() throws IOException {
        int port = closedPort();
        String url = "spark://127.0.0.1:" + port;
        var e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IllegalArgumentException.class,
                () -> new SparkEngineProvider().open(schema(), Map.of("SPARK_MASTER", url, "DATA_PATH", CSV)).close()));
        assertTrue(e.getMessage().contains("SPARK_MASTER=spark://127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("no Spark master answers at 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void open_withAnHighAvailabilityListOfClosedPorts_namesEveryEndpoint() throws IOException {
        int a = closedPort();
        int b = closedPort();
        String url = "spark://127.0.0.1:" + a + ",127.0.0.1:" + b;
        var e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IllegalArgumentException.class,
                () -> new SparkEngineProvider().open(schema(), Map.of("SPARK_MASTER", url, "DATA_PATH", CSV)).close()));
        assertTrue(e.getMessage().contains("SPARK_MASTER=" + url), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + a + " (") && e.getMessage().contains("127.0.0.1:" + b + " ("),
                e.getMessage());
    }

    @Test
    void open_onAnUnknownHost_failsNamingTheVariable() {
        String url = "spark://no-such-host.invalid:7077";
        var e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IllegalArgumentException.class,
                () -> new SparkEngineProvider().open(schema(), Map.of("SPARK_MASTER", url, "DATA_PATH", CSV)).close()));
        assertTrue(e.getMessage().contains("SPARK_MASTER=" + url), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-host.invalid:7077"), e.getMessage());
    }

    @Test
    void open_withAnInvalidMaster_failsBeforeSparkStarts() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SparkEngineProvider().open(schema(), Map.of("SPARK_MASTER", "mesos://h:5050", "DATA_PATH", CSV)));
        assertTrue(e.getMessage().contains("SPARK_MASTER=mesos://h:5050"), e.getMessage());
    }

    @Test
    void open_withABadStartupTimeout_failsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SparkEngineProvider().open(schema(),
                Map.of("SPARK_MASTER", "local[2]", "DATA_PATH", CSV, "SPARK_STARTUP_TIMEOUT", "0")));
        assertTrue(e.getMessage().contains("SPARK_STARTUP_TIMEOUT"), e.getMessage());
    }

    /**
     * A port that accepts TCP but never speaks Spark's RPC protocol: the TCP check passes, and
     * Spark blocks in {@code getOrCreate} while it retries registering (3 x 20 s, fixed inside
     * Spark, longer than SPARK_STARTUP_TIMEOUT), then gives up and stops the context in a thread
     * of its own. The failure must name the variable, and the dead context must be gone
     * afterwards, so that a local session can start in the same JVM.
     */
    @Test
    void open_onAPortThatIsNotASparkMaster_failsNamingTheVariable_andLeavesNoSessionBehind() throws IOException {
        try (SilentServer server = new SilentServer()) {
            String url = "spark://127.0.0.1:" + server.port();
            var env = Map.of("SPARK_MASTER", url, "DATA_PATH", CSV, "SPARK_STARTUP_TIMEOUT", "5");
            long start = System.nanoTime();
            var e = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> assertThrows(IllegalStateException.class,
                    () -> new SparkEngineProvider().open(schema(), env).close()));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(e.getMessage().contains("SPARK_MASTER=" + url), e.getMessage());
            // Which of "Spark did not start" or "Spark gave up" depends on a race inside Spark; both hint at the port.
            assertTrue(e.getMessage().contains("7077 by default, not the web UI's 8080"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(server.connections() > 0, "Spark never connected to the fake master");
            System.err.println("fake master rejected after " + seconds + " s: " + e.getMessage());
        }
        // The failed session was stopped: a local one starts and runs a job.
        var lease = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> SparkSessions.acquire(SparkMaster.parse("local[2]"), Duration.ofSeconds(60)));
        try {
            assertEquals(3L, lease.context().parallelize(List.of(1, 2, 3), 2).count());
            assertEquals("local[2]", lease.session().sparkContext().master());
        } finally {
            lease.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Accepts connections on loopback, reads and discards what arrives, and never answers. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::acceptLoop, "silent-master");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    Thread reader = new Thread(() -> drain(socket), "silent-master-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void drain(Socket socket) {
            byte[] buffer = new byte[4096];
            try (InputStream in = socket.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) s.close();
        }
    }
}
