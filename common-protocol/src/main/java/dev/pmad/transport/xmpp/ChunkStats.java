package dev.pmad.transport.xmpp;

/**
 * What the chunk reassembler has done so far; a snapshot, for logs, metrics and tests.
 *
 * @param completedTransfers chunked payloads reassembled and delivered
 * @param droppedChunkSets transfers given up: inconsistent, over a limit, flooding or expired
 * @param droppedChunks chunks ignored: malformed, or belonging to an already dropped transfer
 * @param partialTransfers transfers currently waiting for more chunks
 * @param bufferedBytes payload bytes currently held by those transfers
 */
public record ChunkStats(long completedTransfers, long droppedChunkSets, long droppedChunks,
                         int partialTransfers, long bufferedBytes) {}
