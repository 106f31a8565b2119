package dev.pmad.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightsTest {

    @Test
    void toBase64_one_isLittleEndianIeee754() {
        // 1.0 = 0x3FF0000000000000; little-endian bytes 00 00 00 00 00 00 F0 3F.
        assertEquals("AAAAAAAA8D8=", Weights.of(1.0).toBase64());
        // -2.0 = 0xC000000000000000 follows as 00 .. 00 C0.
        assertEquals("AAAAAAAA8D8AAAAAAAAAwA==", Weights.of(1.0, -2.0).toBase64());
        // The sign bit of -0.0 is the top bit of the last byte.
        assertEquals("AAAAAAAAAIA=", Weights.of(-0.0).toBase64());
    }

    @Test
    void fromBase64_handComputedBytes_givesValues() {
        assertEquals(Weights.of(1.0, -2.0), Weights.fromBase64("AAAAAAAA8D8AAAAAAAAAwA=="));
    }

    @Test
    void fromBase64_ofToBase64_isBitExactForEdgeValues() {
        double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310,
            Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextUp(1.0), 0.1, -1.0 / 3, Math.PI, 1e300};
        assertBitExact(values, Weights.fromBase64(Weights.of(values).toBase64()).toArray());
    }

    @Test
    void fromBase64_ofToBase64_isBitExactForRandomValues() {
        SplittableRandom random = new SplittableRandom(20240601L);
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) {
            // Random bit patterns cover every exponent, subnormals included; skip NaN and infinities.
            do {
                values[i] = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(values[i]));
        }
        assertBitExact(values, Weights.fromBase64(Weights.of(values).toBase64()).toArray());
    }

    @Test
    void fromBase64_empty_isEmptyVector() {
        assertEquals(0, Weights.fromBase64("").size());
        assertEquals("", Weights.zeros(0).toBase64());
    }

    @Test
    void zeros_givesPositiveZeros() {
        assertBitExact(new double[3], Weights.zeros(3).toArray());
    }

    @Test
    void of_thenMutatingTheArgument_doesNotChangeWeights() {
        double[] values = {1, 2, 3};
        Weights weights = Weights.of(values);
        values[0] = 99;
        assertEquals(1.0, weights.get(0));
        assertEquals(Weights.of(1, 2, 3), weights);
    }

    @Test
    void toArray_thenMutatingTheResult_doesNotChangeWeights() {
        Weights weights = Weights.of(1, 2, 3);
        double[] out = weights.toArray();
        out[1] = 99;
        assertNotSame(out, weights.toArray());
        assertArrayEquals(new double[] {1, 2, 3}, weights.toArray());
    }

    @Test
    void equals_isByValue() {
        assertEquals(Weights.of(0.5, -1), Weights.of(0.5, -1));
        assertEquals(Weights.of(0.5, -1).hashCode(), Weights.of(0.5, -1).hashCode());
        assertNotEquals(Weights.of(0.5, -1), Weights.of(0.5, -1.0000000000000002));
        assertNotEquals(Weights.of(0.5), Weights.of(0.5, 0));
    }

    @Test
    void toString_showsSizeButNoValues() {
        // Weights end up in logs; a model's values should not.
        assertEquals("Weights[size=3]", Weights.of(0.123, 4.56, 7.89).toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void of_nonFiniteValue_isRejectedNamingIndex(double bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(0, 1, bad, 3));
        assertEquals("vector element 2 is not finite (" + bad + ")", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x7ff8000000000000L, 0x7ff0000000000001L, 0xfff8000000000000L, 0x7ff0000000000000L,
        0xfff0000000000000L})
    void fromBase64_nonFiniteBits_isRejectedNamingIndex(long bits) {
        // Canonical NaN, NaNs with payload or sign bits, +Infinity and -Infinity as the second element.
        String encoded = Payloads.vectorWithBits(3, 1, bits);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.fromBase64(encoded));
        assertTrue(e.getMessage().startsWith("vector element 1 is not finite"), e.getMessage());
    }

    @Test
    void fromBase64_nanBitsHandEncoded_isRejected() {
        // 0x7FF8000000000000 little-endian: 00 00 00 00 00 00 F8 7F.
        assertThrows(IllegalArgumentException.class, () -> Weights.fromBase64("AAAAAAAA+H8="));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 9, 12, 15})
    void fromBase64_byteLengthNotMultipleOf8_isRejected(int bytes) {
        String encoded = Base64.getEncoder().encodeToString(new byte[bytes]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.fromBase64(encoded));
        assertEquals("vector byte length " + bytes + " is not a multiple of 8", e.getMessage());
    }

    @Test
    void fromBase64_notBase64_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.fromBase64("%%%%"));
        assertTrue(e.getMessage().startsWith("vector is not valid base64"), e.getMessage());
    }

    @Test
    void fromBase64_null_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.fromBase64(null));
        assertEquals("vector is missing", e.getMessage());
    }

    private static void assertBitExact(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "element " + i + ": expected " + expected[i] + " but was " + actual[i]);
        }
    }
}
