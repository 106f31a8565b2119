package dev.pmad.spark.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A Spark listener for {@link OneRound}, registered through the {@code spark.extraListeners}
 * system property (Spark reads {@code spark.*} system properties into every new SparkConf), so
 * the engine's own session is measured without touching how it is built. Records when the
 * first job started (the session's start-up probe, right after the SparkContext came up), how
 * many jobs ran, and what tasks report about garbage collection and spilling.
 */
public final class JobTimes extends SparkListener {
    static final AtomicLong firstJobMillis = new AtomicLong();
    static final AtomicLong jobs = new AtomicLong();
    static final AtomicLong tasks = new AtomicLong();
    static final AtomicLong gcMillis = new AtomicLong();
    static final AtomicLong runMillis = new AtomicLong();
    static final AtomicLong memorySpilled = new AtomicLong();
    static final AtomicLong diskSpilled = new AtomicLong();

    public JobTimes() {}

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        firstJobMillis.compareAndSet(0, start.time());
        jobs.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        tasks.incrementAndGet();
        TaskMetrics m = end.taskMetrics();
        if (m == null) return;
        gcMillis.addAndGet(m.jvmGCTime());
        runMillis.addAndGet(m.executorRunTime());
        memorySpilled.addAndGet(m.memoryBytesSpilled());
        diskSpilled.addAndGet(m.diskBytesSpilled());
    }
}
