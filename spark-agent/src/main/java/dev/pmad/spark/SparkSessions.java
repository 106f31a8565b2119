package dev.pmad.spark;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Spark session of this JVM, shared by every Spark agent in it (Spark allows one
 * SparkContext per JVM; a simulation runs several Spark agents in one process) and stopped when
 * the last of them closes.
 */
final class SparkSessions {
    private static final Logger log = LoggerFactory.getLogger(SparkSessions.class);

    private static final String SPLIT = "spark.sql.files.maxPartitionBytes";

    private static SparkSession session;
    private static SparkMaster master;
    private static int users;

    private SparkSessions() {}

    /** A handle on the shared session; {@link #close} gives it back. */
    static final class Lease implements AutoCloseable {
        private final SparkSession session;
        private boolean closed;

        private Lease(SparkSession session) {
            this.session = session;
        }

        SparkSession session() {
            return session;
        }

        JavaSparkContext context() {
            return JavaSparkContext.fromSparkContext(session.sparkContext());
        }

        @Override
        public void close() {
            synchronized (SparkSessions.class) {
                if (closed) return;
                closed = true;
                release();
            }
        }
    }

    /**
     * Joins the running session, or starts one on {@code wanted} and proves it can run a task
     * within {@code startupTimeout}; a cluster that accepts the connection but never runs
     * anything (no worker, no free cores) fails here instead of hanging the first round.
     */
    static synchronized Lease acquire(SparkMaster wanted, Duration startupTimeout) {
        if (session != null) {
            if (!master.equals(wanted)) {
                throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + " differs from "
                        + master.url() + ", on which this JVM's Spark session already runs; Spark allows one per JVM,"
                        + " so give every Spark agent in this process the same " + SparkMaster.VARIABLE);
            }
            users++;
            return new Lease(session);
        }
        wanted.checkReachable(Duration.ofSeconds(5));
        SparkSession.Builder builder = SparkSession.builder()
                .appName("pmad-agent")
                .master(wanted.url())
                // PMAD has its own dashboard; Spark's UI would also fight over port 4040.
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // No servlet at all: see HeadlessMetricsServlet (Servlet 5 against the dashboard's 6).
                .config("spark.metrics.conf.*.sink.servlet.class", HeadlessMetricsServlet.class.getName());
        if (System.getProperty(SPLIT) == null) {
            // Spark's 128 MiB input splits become cached blocks of about 90 MiB of encoded rows, and
            // a spilled block is read back whole onto the heap: that kills a 512 MiB agent, where
            // 32 MiB splits complete (BENCHMARKS.md). -Dspark.sql.files.maxPartitionBytes in
            // JAVA_OPTS still wins.
            builder.config(SPLIT, "32m");
        }
        if (wanted.isLocal()) {
            // Executors run in this JVM: keep Spark's RPC on loopback, whatever the hostname resolves to.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession started;
        try {
            started = builder.getOrCreate();
        } catch (RuntimeException e) {
            awaitShutdown();
            throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + ": Spark did not start: "
                    + SparkErrors.rootMessage(e) + standaloneHint(wanted), e);
        }
        try {
            JavaFutureAction<Long> probe = JavaSparkContext.fromSparkContext(started.sparkContext())
                    .parallelize(List.of(1), 1).countAsync();
            try {
                probe.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                probe.cancel(true);
                throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + ": the master accepted the"
                        + " connection but no executor ran a task within " + startupTimeout.toSeconds() + " s; check that"
                        + " the cluster has a live worker with free cores and memory, or raise SPARK_STARTUP_TIMEOUT");
            } catch (ExecutionException e) {
                throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + ": a first test job failed: "
                        + SparkErrors.rootMessage(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Spark", e);
            }
        } catch (RuntimeException e) {
            // A context we did not stop: Spark gave up on the master, and stops it in a thread of its own.
            boolean gaveUp = started.sparkContext().isStopped();
            started.stop();
            awaitShutdown();
            if (gaveUp) {
                throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + ": Spark gave up on the master"
                        + standaloneHint(wanted), e);
            }
            throw e;
        }
        log.info("Spark {} session on {} ({} cores)", started.version(), wanted.url(),
                started.sparkContext().defaultParallelism());
        session = started;
        master = wanted;
        users = 1;
        return new Lease(session);
    }

    /**
     * A standalone master that accepts the TCP connection but never answers (not a Spark master,
     * or another Spark version): {@code getOrCreate} blocks while Spark retries registering (3 x
     * 20 s, fixed inside Spark, so SPARK_STARTUP_TIMEOUT cannot shorten it), then Spark gives up,
     * stops the context in a thread of its own, and {@code getOrCreate} either fails or returns
     * the context being stopped, depending on which thread wins.
     */
    private static String standaloneHint(SparkMaster wanted) {
        if (!wanted.url().startsWith("spark://")) return "";
        return "; if the log says 'All masters are unresponsive', check that this is the RPC port of a Spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " standalone master (7077 by default, not the"
                + " web UI's 8080)";
    }

    /**
     * Waits until no Spark context is left in this JVM. When Spark gives up on a master it stops
     * the context in a thread of its own, and {@code stop()} returns at once while that runs;
     * until it ends, the dead context is still registered as the active one (so the next {@code
     * getOrCreate} would return it) and its end would clear the next context's {@code SparkEnv}.
     */
    private static void awaitShutdown() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (SparkEnv.get() != null || SparkContext$.MODULE$.getActive().isDefined()) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("a failed Spark context has not finished stopping after 30 s");
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void release() {
        if (--users > 0) return;
        SparkSession s = session;
        session = null;
        master = null;
        if (s != null) s.stop();
    }
}
