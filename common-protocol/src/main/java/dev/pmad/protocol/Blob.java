package dev.pmad.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string, base64 on the wire: a public key or a sealed share of secure
 * aggregation. A class rather than a {@code byte[]} in a record because records compare arrays by
 * reference and do not copy them.
 */
public final class Blob {
    /** Larger than any key or sealed share the protocol sends; bounds what one field can hold. */
    static final int MAX_BYTES = 4096;

    private final byte[] bytes;

    private Blob(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("byte string is empty");
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("byte string of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Blob of(byte[] bytes) {
        return new Blob(bytes.clone());
    }

    @JsonCreator
    public static Blob fromBase64(String encoded) {
        if (encoded == null) throw new IllegalArgumentException("byte string is missing");
        try {
            return new Blob(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("byte string is not valid base64: " + e.getMessage());
        }
    }

    @JsonValue
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A fresh copy; callers may modify it. */
    public byte[] toArray() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Blob[" + bytes.length + " bytes]";
    }
}
