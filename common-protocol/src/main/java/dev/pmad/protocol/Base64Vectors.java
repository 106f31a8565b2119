package dev.pmad.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The wire form {@link Weights} and {@link RingVector} share: base64 of little-endian 8-byte
 * values, with one set of error messages for a missing, malformed or truncated vector.
 */
final class Base64Vectors {
    private Base64Vectors() {}

    /** The decoded bytes, little-endian; {@link #checked} refuses a length that is not a multiple of 8. */
    static byte[] decode(String encoded) {
        if (encoded == null) throw new IllegalArgumentException("vector is missing");
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vector is not valid base64: " + e.getMessage());
        }
    }

    /** {@code bytes} as a little-endian buffer, if their length is a multiple of 8. */
    static ByteBuffer checked(byte[] bytes) {
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("vector byte length " + bytes.length + " is not a multiple of 8");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A little-endian buffer for {@code size} 8-byte values. */
    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String encode(ByteBuffer buffer) {
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
