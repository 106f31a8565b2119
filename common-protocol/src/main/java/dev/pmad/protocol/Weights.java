package dev.pmad.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable vector of finite doubles: model weights, deltas, or per-feature statistics.
 *
 * <p>On the wire it is base64 of little-endian IEEE-754 doubles: about 2.7 times smaller than a
 * JSON number array and exact, so the same bits arrive on every transport. Records do not copy
 * arrays, which is why this is a class: it copies on the way in and on the way out.
 */
public final class Weights {
    private final double[] values;

    private Weights(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("vector element " + i + " is not finite (" + values[i] + ")");
            }
        }
        this.values = values;
    }

    /** A copy of {@code values}; rejects NaN and infinities. */
    public static Weights of(double... values) {
        return new Weights(values.clone());
    }

    public static Weights zeros(int size) {
        return new Weights(new double[size]);
    }

    @JsonCreator
    public static Weights fromBase64(String encoded) {
        return fromLittleEndian(Base64Vectors.decode(encoded));
    }

    @JsonValue
    public String toBase64() {
        return Base64Vectors.encode(littleEndian());
    }

    /** The values as little-endian bytes: what the wire's base64 encodes. */
    ByteBuffer littleEndian() {
        ByteBuffer buffer = Base64Vectors.allocate(values.length);
        buffer.asDoubleBuffer().put(values);
        return buffer;
    }

    /** Values {@code [from, from + count)} as little-endian bytes into {@code into}. */
    void littleEndian(int from, int count, ByteBuffer into) {
        into.asDoubleBuffer().put(values, from, count);
    }

    /** From little-endian bytes (base64-decoded elsewhere); rejects a partial value and non-finite values. */
    static Weights fromLittleEndian(byte[] bytes) {
        ByteBuffer buffer = Base64Vectors.checked(bytes);
        double[] values = new double[buffer.remaining() / Double.BYTES];
        buffer.asDoubleBuffer().get(values);
        return new Weights(values);
    }

    public int size() {
        return values.length;
    }

    public double get(int index) {
        return values[index];
    }

    /** A fresh copy of the values; callers may modify it. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Weights[size=" + values.length + "]";
    }
}
