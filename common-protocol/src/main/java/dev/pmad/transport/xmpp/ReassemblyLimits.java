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
    /** Model size the defaults are derived from ({@code MAX_MODEL_PARAMETERS}). */
    public static final int DEFAULT_MAX_MODEL_PARAMETERS = 2_000_000;
    /**
     * Vectors of the model's size one message may carry: a MODEL_UPDATE's delta, gradient and
     * control variate (SCAFFOLD); Newton's Hessian rows are bounded by the strategy's own limit.
     */
    static final int VECTORS_PER_MESSAGE = 3;
    /** Room for everything in a message besides its vectors (ids, counts, shapes, statistics). */
    static final int ENVELOPE_BYTES = 1 << 20;
    /** Largest model whose messages still fit an int byte count. */
    public static final int MAX_MODEL_PARAMETERS = (Integer.MAX_VALUE - ENVELOPE_BYTES) / VECTORS_PER_MESSAGE / 4 * 3 / Double.BYTES;

    /** Limits for models of up to 2,000,000 parameters (about 65 MiB per message), 60 s to arrive. */
    public static final ReassemblyLimits DEFAULT = forModel(DEFAULT_MAX_MODEL_PARAMETERS);

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

    /**
     * Limits derived from the largest model of the federation ({@code MAX_MODEL_PARAMETERS}):
     * a payload may carry {@link #VECTORS_PER_MESSAGE} vectors of {@code parameters} doubles as
     * base64 (4 characters per 3 bytes) plus an envelope; 4 such transfers may be open per sender
     * and 4 in all; chunks of at least 1 KiB.
     */
    public static ReassemblyLimits forModel(int parameters) {
        if (parameters < 1 || parameters > MAX_MODEL_PARAMETERS) {
            throw new IllegalArgumentException("MAX_MODEL_PARAMETERS must be 1.." + MAX_MODEL_PARAMETERS + ", was " + parameters);
        }
        long base64Bytes = 4L * ((parameters * (long) Double.BYTES + 2) / 3);
        int payload = Math.toIntExact(VECTORS_PER_MESSAGE * base64Bytes + ENVELOPE_BYTES);
        int chunks = Math.max(4096, payload / 1024 + 1);
        return new ReassemblyLimits(payload, chunks, 4, 4L * payload, Duration.ofSeconds(60));
    }

    /** The model size these limits were derived from, rounded down; for error messages. */
    public long modelParameters() {
        return Math.max(0, (maxPayloadBytes - (long) ENVELOPE_BYTES) / VECTORS_PER_MESSAGE / 4 * 3 / Double.BYTES);
    }

    public ReassemblyLimits withTimeToComplete(Duration time) {
        return new ReassemblyLimits(maxPayloadBytes, maxChunks, maxPartialTransfersPerSender, maxBufferedBytes, time);
    }
}
