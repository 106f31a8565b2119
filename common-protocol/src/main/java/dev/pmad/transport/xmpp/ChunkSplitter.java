package dev.pmad.transport.xmpp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Cuts a payload's UTF-8 bytes into chunks of at most {@code chunkBytes} each. */
final class ChunkSplitter {
    private ChunkSplitter() {}

    static List<Chunk> split(String payload, int chunkBytes) {
        if (chunkBytes < 1) throw new IllegalArgumentException("chunkBytes must be >= 1, was " + chunkBytes);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) throw new IllegalArgumentException("an empty payload needs no chunking");
        byte[] sha256 = sha256(bytes);
        // Random, not sequential: a receiver must not be able to confuse two transfers of one
        // sender across a restart of that sender.
        String transferId = UUID.randomUUID().toString();
        int count = (int) ((bytes.length + (long) chunkBytes - 1) / chunkBytes);
        List<Chunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * chunkBytes;
            byte[] data = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkBytes));
            chunks.add(new Chunk(transferId, i, count, bytes.length, sha256, data));
        }
        return chunks;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java SE runtime has SHA-256", e);
        }
    }
}
