package dev.pmad.spark;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
                .config("spark.ui.showConsoleProgress", "false");
        if (wanted.isLocal()) {
            // Executors run in this JVM: keep Spark's RPC on loopback, whatever the hostname resolves to.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession started;
        try {
            started = builder.getOrCreate();
        } catch (RuntimeException e) {
            throw new IllegalStateException(SparkMaster.VARIABLE + "=" + wanted.url() + ": Spark did not start: "
                    + SparkErrors.rootMessage(e), e);
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
            started.stop();
            throw e;
        }
        log.info("Spark {} session on {} ({} cores)", started.version(), wanted.url(),
                started.sparkContext().defaultParallelism());
        session = started;
        master = wanted;
        users = 1;
        return new Lease(session);
    }

    private static void release() {
        if (--users > 0) return;
        SparkSession s = session;
        session = null;
        master = null;
        if (s != null) s.stop();
    }
}
