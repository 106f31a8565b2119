package dev.pmad.transport.direct;

import java.util.Objects;

/**
 * What the XMPP message carries instead of a large payload: where and how to fetch it once.
 *
 * @param host the sender's listener
 * @param port its port
 * @param id random transfer id; the receiver proves it was offered the payload by naming it
 * @param key AES-256 key the payload's records are sealed with, fresh for this transfer
 * @param length payload bytes (UTF-8)
 * @param sha256 SHA-256 of the payload bytes
 */
public record DirectOffer(String host, int port, byte[] id, byte[] key, int length, byte[] sha256) {
    /** Smaller payloads stay in-band: at about 20 MB/s one MiB costs some 50 ms, a connection would not pay. */
    public static final int MIN_BYTES = 1 << 20;
    public static final int ID_BYTES = 16;
    public static final int KEY_BYTES = 32;

    public DirectOffer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        if (host.isBlank()) throw new IllegalArgumentException("host is empty");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535, was " + port);
        if (id.length != ID_BYTES) throw new IllegalArgumentException("id must be " + ID_BYTES + " bytes, was " + id.length);
        if (key.length != KEY_BYTES) throw new IllegalArgumentException("key must be " + KEY_BYTES + " bytes, was " + key.length);
        if (sha256.length != 32) throw new IllegalArgumentException("sha256 must be 32 bytes, was " + sha256.length);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, was " + length);
    }

    /** Never prints the key: offers end up in logs. */
    @Override
    public String toString() {
        return "DirectOffer[" + host + ":" + port + ", " + length + " bytes]";
    }
}
