package dev.pmad.dashboard.stream;

/**
 * How the fan-out is doing, for metrics and benchmarks.
 *
 * @param openStreams     event streams connected now
 * @param published       events the federation handed over
 * @param dropped         events dropped because the dispatcher's inbox was full (never expected)
 * @param delivered       events written to a stream (one event to ten streams counts ten)
 * @param evicted         streams closed because their browser could not keep up
 * @param maxPublishNanos the longest the federation's thread spent handing over one event
 * @param publishNanos    total time the federation's thread spent handing over events
 * @param slowPublishes   hand-overs that took over a millisecond (the thread was descheduled, or a GC ran)
 * @param peakOpenStreams the most streams ever served at once (never above the limit)
 * @param refusedStreams  stream requests turned away because the limit was reached
 */
public record StreamStats(int openStreams, long published, long dropped, long delivered, long evicted,
                          long maxPublishNanos, long publishNanos, long slowPublishes, long peakOpenStreams,
                          long refusedStreams) {

    /** Mean hand-over time per event, in nanoseconds. */
    public double meanPublishNanos() {
        return published == 0 ? 0 : publishNanos / (double) published;
    }
}
