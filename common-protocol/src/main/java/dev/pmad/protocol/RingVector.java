package dev.pmad.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable vector of ring elements (integers mod 2^bits, held in {@code long}s): a masked
 * input of secure aggregation. Base64 of little-endian 64-bit integers on the wire, as
 * {@link Weights} does for doubles.
 */
public final class RingVector {
    private final long[] values;

    private RingVector(long[] values) {
        this.values = values;
    }

    /** A copy of {@code values}. */
    public static RingVector of(long... values) {
        return new RingVector(values.clone());
    }

    @JsonCreator
    public static RingVector fromBase64(String encoded) {
        return fromLittleEndian(Base64Vectors.decode(encoded));
    }

    @JsonValue
    public String toBase64() {
        return Base64Vectors.encode(littleEndian());
    }

    /** The values as little-endian bytes: what the wire's base64 encodes. */
    ByteBuffer littleEndian() {
        ByteBuffer buffer = Base64Vectors.allocate(values.length);
        buffer.asLongBuffer().put(values);
        return buffer;
    }

    /** Values {@code [from, from + count)} as little-endian bytes into {@code into}. */
    void littleEndian(int from, int count, ByteBuffer into) {
        into.asLongBuffer().put(values, from, count);
    }

    /** From little-endian bytes (base64-decoded elsewhere); rejects a partial value. */
    static RingVector fromLittleEndian(byte[] bytes) {
        ByteBuffer buffer = Base64Vectors.checked(bytes);
        long[] values = new long[buffer.remaining() / Long.BYTES];
        buffer.asLongBuffer().get(values);
        return new RingVector(values);
    }

    public int size() {
        return values.length;
    }

    /** A fresh copy; callers may modify it. */
    public long[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingVector other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RingVector[size=" + values.length + "]";
    }
}
