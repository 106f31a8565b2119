package dev.pmad.transport.xmpp;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what a receiver buffers while it puts chunked payloads back together. Each bound
 * closes one way a broken or hostile peer could exhaust memory: one huge declared payload
 * ({@code maxPayloadBytes}), millions of tiny chunks ({@code maxChunks}), many transfers left
 * open at once ({@code maxPartialTransfersPerSender}, {@code maxBufferedBytes}) or never
 * finished ({@code timeToComplete}).
 *
 * @param maxPayloadBytes largest reassembled payload, in UTF-8 bytes
 * @param maxChunks most chunks one payload may be split into
 * @param maxPartialTransfersPerSender unfinished transfers one sender may have open at once
 * @param maxBufferedBytes bytes of unfinished transfers buffered across all senders
 * @param timeToComplete time from a transfer's first chunk to its last before it is dropped
 */
public record ReassemblyLimits(int maxPayloadBytes, int maxChunks, int maxPartialTransfersPerSender,
                               long maxBufferedBytes, Duration timeToComplete) {
    /** 64 MiB payloads (a 2-million-parameter model is ~21 MiB of JSON), 60 s to arrive. */
    public static final ReassemblyLimits DEFAULT =
            new ReassemblyLimits(64 << 20, 4096, 4, 256L << 20, Duration.ofSeconds(60));

    public ReassemblyLimits {
        Objects.requireNonNull(timeToComplete, "timeToComplete");
        if (maxPayloadBytes < 1) throw new IllegalArgumentException("maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
        if (maxChunks < 1) throw new IllegalArgumentException("maxChunks must be >= 1, was " + maxChunks);
        if (maxPartialTransfersPerSender < 1) {
            throw new IllegalArgumentException("maxPartialTransfersPerSender must be >= 1, was " + maxPartialTransfersPerSender);
        }
        if (maxBufferedBytes < maxPayloadBytes) {
            throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes
                    + ") must be >= maxPayloadBytes (" + maxPayloadBytes + ") or no payload of the maximum size could arrive");
        }
        if (timeToComplete.isNegative() || timeToComplete.isZero()) {
            throw new IllegalArgumentException("timeToComplete must be > 0, was " + timeToComplete);
        }
    }

    public ReassemblyLimits withTimeToComplete(Duration time) {
        return new ReassemblyLimits(maxPayloadBytes, maxChunks, maxPartialTransfersPerSender, maxBufferedBytes, time);
    }
}
