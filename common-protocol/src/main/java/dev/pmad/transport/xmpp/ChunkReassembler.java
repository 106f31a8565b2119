package dev.pmad.transport.xmpp;

import dev.pmad.time.Timers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts chunked payloads back together, per sender, within {@link ReassemblyLimits}.
 *
 * <p>Design note. Every chunk repeats its transfer's metadata (count, total length, SHA-256);
 * the first chunk seen fixes it and any later disagreement drops the whole set, as does a
 * second chunk at an index with different bytes (an identical duplicate is ignored). The
 * checksum is verified once all chunks are in. A set that breaks a limit or is not complete
 * {@code timeToComplete} after its first chunk is dropped too. Dropping frees the buffer at
 * once and remembers the set's key for a while, so the rest of a dropped set is counted and
 * ignored instead of opening a new partial transfer. Every drop is counted in
 * {@link #stats()}; the first few per reassembler are logged at WARN, later ones at DEBUG
 * with a WARN every hundredth, so a flood cannot flood the log.
 *
 * <p>Thread-safe: Smack delivers stanzas on its listener thread while the deadline timer fires
 * on the {@link Timers} thread; one lock covers both, and no work under it blocks.
 */
final class ChunkReassembler {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkReassembler.class);
    private static final int REMEMBERED_DROPS = 4096;
    private static final int LOUD_DROPS = 20;

    private record Key(String sender, String transferId) {}

    private final class Partial {
        final Key key;
        final Chunk first;
        final byte[][] parts;
        int received;
        long bytes;
        Timers.Cancellable deadline;

        Partial(Key key, Chunk first) {
            this.key = key;
            this.first = first;
            this.parts = new byte[first.count()][];
        }
    }

    private final ReassemblyLimits limits;
    private final Timers timers;
    private final Map<Key, Partial> partials = new HashMap<>();
    private final Map<String, Integer> openPerSender = new HashMap<>();
    private final Map<Key, Boolean> recentlyDropped = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > REMEMBERED_DROPS;
        }
    };
    private long bufferedBytes;
    private long completed;
    private long droppedSets;
    private long droppedChunks;

    ChunkReassembler(ReassemblyLimits limits, Timers timers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    /** Takes one chunk from {@code sender}; returns the payload when this chunk completed it. */
    synchronized Optional<String> accept(String sender, Chunk chunk) {
        Key key = new Key(sender, chunk.transferId());
        if (recentlyDropped.containsKey(key)) {
            droppedChunks++;
            LOG.debug("Ignoring {} from {}: its transfer was already dropped", chunk, sender);
            return Optional.empty();
        }
        Partial partial = partials.get(key);
        if (partial == null) {
            String refusal = refusalOfNewTransfer(sender, chunk);
            if (refusal != null) {
                dropSet(key, null, refusal);
                return Optional.empty();
            }
            partial = open(key, chunk);
        } else {
            String mismatch = mismatch(partial.first, chunk);
            if (mismatch != null) {
                dropSet(key, partial, mismatch);
                return Optional.empty();
            }
        }
        return add(partial, chunk);
    }

    /** Counts a chunk whose element could not even be read. */
    synchronized void rejectMalformed(String sender, String reason) {
        droppedChunks++;
        log(droppedChunks, "Dropped malformed chunk from {}: {}", sender, reason);
    }

    synchronized ChunkStats stats() {
        return new ChunkStats(completed, droppedSets, droppedChunks, partials.size(), bufferedBytes);
    }

    /** Forgets every unfinished transfer and cancels their deadlines, e.g. on close. */
    synchronized void clear() {
        partials.values().forEach(p -> p.deadline.cancel());
        partials.clear();
        openPerSender.clear();
        bufferedBytes = 0;
    }

    private String refusalOfNewTransfer(String sender, Chunk chunk) {
        if (chunk.totalBytes() > limits.maxPayloadBytes()) {
            return "declares " + chunk.totalBytes() + " bytes, above the limit of " + limits.maxPayloadBytes()
                    + " (the messages of a model of " + limits.modelParameters() + " parameters; raise"
                    + " MAX_MODEL_PARAMETERS on every party to the model's size)";
        }
        if (chunk.count() > limits.maxChunks()) {
            return "declares " + chunk.count() + " chunks, above the limit of " + limits.maxChunks();
        }
        if (chunk.count() > chunk.totalBytes()) {
            return "declares " + chunk.count() + " chunks for only " + chunk.totalBytes() + " bytes";
        }
        int open = openPerSender.getOrDefault(sender, 0);
        if (open >= limits.maxPartialTransfersPerSender()) {
            return "sender already has " + open + " unfinished transfers, the limit (flooding?)";
        }
        return null;
    }

    private static String mismatch(Chunk first, Chunk chunk) {
        if (chunk.count() != first.count()) {
            return "chunk count changed from " + first.count() + " to " + chunk.count();
        }
        if (chunk.totalBytes() != first.totalBytes()) {
            return "total length changed from " + first.totalBytes() + " to " + chunk.totalBytes();
        }
        if (!Arrays.equals(chunk.sha256(), first.sha256())) return "checksum changed between chunks";
        return null;
    }

    private Partial open(Key key, Chunk chunk) {
        Partial partial = new Partial(key, chunk);
        partials.put(key, partial);
        openPerSender.merge(key.sender(), 1, Integer::sum);
        partial.deadline = timers.schedule(limits.timeToComplete(), () -> expire(partial));
        return partial;
    }

    private Optional<String> add(Partial partial, Chunk chunk) {
        byte[] existing = partial.parts[chunk.index()];
        if (existing != null) {
            if (!Arrays.equals(existing, chunk.data())) {
                dropSet(partial.key, partial, "chunk " + chunk.index() + " arrived twice with different content");
            }
            return Optional.empty();
        }
        if (partial.bytes + chunk.data().length > chunk.totalBytes()) {
            dropSet(partial.key, partial, "chunks hold more than the declared " + chunk.totalBytes() + " bytes");
            return Optional.empty();
        }
        if (bufferedBytes + chunk.data().length > limits.maxBufferedBytes()) {
            dropSet(partial.key, partial, "all unfinished transfers together would exceed "
                    + limits.maxBufferedBytes() + " buffered bytes");
            return Optional.empty();
        }
        partial.parts[chunk.index()] = chunk.data();
        partial.received++;
        partial.bytes += chunk.data().length;
        bufferedBytes += chunk.data().length;
        return partial.received == partial.parts.length ? complete(partial) : Optional.empty();
    }

    private Optional<String> complete(Partial partial) {
        Chunk first = partial.first;
        if (partial.bytes != first.totalBytes()) {
            dropSet(partial.key, partial, "chunks hold " + partial.bytes + " bytes, not the declared " + first.totalBytes());
            return Optional.empty();
        }
        ByteBuffer whole = ByteBuffer.allocate(first.totalBytes());
        for (byte[] part : partial.parts) whole.put(part);
        byte[] bytes = whole.array();
        if (!Arrays.equals(ChunkSplitter.sha256(bytes), first.sha256())) {
            dropSet(partial.key, partial, "SHA-256 of the reassembled payload does not match");
            return Optional.empty();
        }
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            dropSet(partial.key, partial, "reassembled payload is not valid UTF-8");
            return Optional.empty();
        }
        release(partial);
        completed++;
        return Optional.of(payload);
    }

    private synchronized void expire(Partial partial) {
        if (partials.get(partial.key) != partial) return;
        dropSet(partial.key, partial, "incomplete after " + limits.timeToComplete().toSeconds() + " s: "
                + partial.received + " of " + partial.parts.length + " chunks arrived");
    }

    private void dropSet(Key key, Partial partial, String reason) {
        if (partial != null) release(partial);
        recentlyDropped.put(key, Boolean.TRUE);
        droppedSets++;
        log(droppedSets, "Dropped chunked transfer {} from {}: {}", key.transferId(), key.sender(), reason);
    }

    private void release(Partial partial) {
        partials.remove(partial.key);
        openPerSender.computeIfPresent(partial.key.sender(), (s, n) -> n > 1 ? n - 1 : null);
        bufferedBytes -= partial.bytes;
        partial.deadline.cancel();
    }

    private static void log(long occurrence, String format, Object... args) {
        if (occurrence <= LOUD_DROPS || occurrence % 100 == 0) {
            LOG.warn(format + " (drop #" + occurrence + ")", args);
        } else {
            LOG.debug(format, args);
        }
    }
}
