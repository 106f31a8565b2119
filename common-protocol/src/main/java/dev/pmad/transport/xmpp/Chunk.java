package dev.pmad.transport.xmpp;

import java.util.Objects;

/**
 * One slice of a payload too large for a single stanza. Every chunk repeats the whole
 * transfer's metadata so the receiver can check each one against the first it saw.
 *
 * <p>The arrays are not copied: chunks are package-internal values, never mutated after
 * construction, and copying 80 slices of a 5 MB model twice would buy nothing.
 *
 * @param transferId sender-chosen id shared by all chunks of one payload
 * @param index position of this chunk, 0-based
 * @param count number of chunks in the transfer
 * @param totalBytes length of the whole payload in UTF-8 bytes
 * @param sha256 SHA-256 of the whole payload's UTF-8 bytes
 * @param data this chunk's slice of those bytes
 */
record Chunk(String transferId, int index, int count, int totalBytes, byte[] sha256, byte[] data) {
    static final int MAX_TRANSFER_ID_LENGTH = 64;

    Chunk {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(data, "data");
        if (transferId.isEmpty() || transferId.length() > MAX_TRANSFER_ID_LENGTH) {
            throw new IllegalArgumentException("transfer id must have 1.." + MAX_TRANSFER_ID_LENGTH
                    + " characters, had " + transferId.length());
        }
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, was " + count);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be in [0, " + count + "), was " + index);
        }
        if (totalBytes < 1) throw new IllegalArgumentException("total length must be >= 1, was " + totalBytes);
        if (sha256.length != 32) throw new IllegalArgumentException("sha256 must be 32 bytes, was " + sha256.length);
        if (data.length < 1 || data.length > totalBytes) {
            throw new IllegalArgumentException("chunk data must have 1.." + totalBytes + " bytes, had " + data.length);
        }
    }

    /** Short description for log lines; never the data. */
    @Override
    public String toString() {
        return "Chunk[" + transferId + " " + index + "/" + count + ", " + data.length + " of " + totalBytes + " bytes]";
    }
}
