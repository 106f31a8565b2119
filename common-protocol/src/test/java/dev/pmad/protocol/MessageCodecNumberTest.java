package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.assertRejected;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers that must not reach an aggregator: non-finite values in vectors and scalars, negative counts. */
class MessageCodecNumberTest {
    private static final long NAN = 0x7ff8000000000000L;

    /** Every vector field: (type, pointer, length of the vector in the sample, path named in the rejection). */
    static Stream<Arguments> vectorFields() {
        return Stream.of(
                arguments(MessageType.JOIN, "/stats/count", 2, "stats.count"),
                arguments(MessageType.JOIN, "/stats/sum", 2, "stats.sum"),
                arguments(MessageType.JOIN, "/stats/sumOfSquares", 2, "stats.sumOfSquares"),
                arguments(MessageType.ROUND_START, "/global", 9, "global"),
                arguments(MessageType.ROUND_START, "/standardization/mean", 2, "standardization.mean"),
                arguments(MessageType.ROUND_START, "/standardization/std", 2, "standardization.std"),
                arguments(MessageType.MODEL_UPDATE, "/delta", 9, "delta"),
                arguments(MessageType.EVALUATE, "/global", 9, "global"),
                arguments(MessageType.GLOBAL_MODEL, "/weights", 9, "weights"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectorFields")
    void decode_vectorWithNaN_isRejectedNamingFieldAndIndex(MessageType type, String pointer, int size, String path) {
        String vector = Payloads.vectorWithBits(size, size - 1, NAN);
        assertRejected(Payloads.with(TestMessages.of(type), pointer, vector), "invalid",
                "at " + path, "vector element " + (size - 1) + " is not finite (NaN)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectorFields")
    void decode_vectorWithInfinity_isRejected(MessageType type, String pointer, int size, String path) {
        String vector = Payloads.vectorWithBits(size, 0, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
        assertRejected(Payloads.with(TestMessages.of(type), pointer, vector), "invalid",
                "at " + path, "vector element 0 is not finite (-Infinity)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectorFields")
    void decode_vectorWhoseByteLengthIsNotAMultipleOf8_isRejected(MessageType type, String pointer, int size,
                                                                   String path) {
        String vector = Base64.getEncoder().encodeToString(new byte[size * Double.BYTES - 1]);
        assertRejected(Payloads.with(TestMessages.of(type), pointer, vector), "invalid",
                "at " + path, "byte length " + (size * Double.BYTES - 1) + " is not a multiple of 8");
    }

    @ParameterizedTest
    @ValueSource(longs = {0x7ff8000000000000L, 0x7ff0000000000001L, 0xfff8000000000000L, 0x7fffffffffffffffL,
        0x7ff0000000000000L, 0xfff0000000000000L})
    void decode_modelUpdateWithAnyNonFiniteBits_isRejected(long bits) {
        assertRejected(Payloads.with(TestMessages.MODEL_UPDATE, "/delta", Payloads.vectorWithBits(9, 4, bits)),
                "invalid", "vector element 4 is not finite");
    }

    @ParameterizedTest
    // Padding is optional (java.util.Base64), so "AAAAAAAA8D8" is accepted: same bits, no harm.
    @ValueSource(strings = {"not base64!", "AAAA\nAAAA8D8=", "AAAAAAAA8D8=\n", "AAAAAAAA-D8=", "AAAAAAAA8D8===",
        "data:AAAAAAAA8D8="})
    void decode_vectorNotBase64_isRejected(String vector) {
        assertRejected(Payloads.with(TestMessages.MODEL_UPDATE, "/delta", vector), "invalid", "at delta", "vector");
    }

    // --- non-finite scalars ---

    /** Every floating-point scalar: (type, pointer, name used in the rejection). */
    static Stream<Arguments> doubleFields() {
        return Stream.of(
                arguments(MessageType.MODEL_UPDATE, "/trainLoss", "trainLoss"),
                arguments(MessageType.MODEL_UPDATE, "/epsilonSpent", "epsilonSpent"),
                arguments(MessageType.MODEL_UPDATE, "/trainSeconds", "trainSeconds"),
                arguments(MessageType.EVAL_RESULT, "/lossSum", "lossSum"),
                arguments(MessageType.ROUND_START, "/training/learningRate", "learningRate"),
                arguments(MessageType.ROUND_START, "/privacy/clipNorm", "privacy.clipNorm"),
                arguments(MessageType.ROUND_START, "/privacy/noiseMultiplier", "privacy.noiseMultiplier"),
                arguments(MessageType.ROUND_START, "/privacy/epsilonBudget", "privacy.epsilonBudget"),
                arguments(MessageType.ROUND_START, "/privacy/delta", "privacy.delta"),
                arguments(MessageType.ROUND_START, "/privacy/samplingRate", "privacy.samplingRate"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_nanToken_isRejectedAsMalformedJson(MessageType type, String pointer, String name) {
        assertRejected(Payloads.withRawToken(TestMessages.of(type), pointer, "NaN"), "malformed", "'NaN'");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_infinityToken_isRejectedAsMalformedJson(MessageType type, String pointer, String name) {
        assertRejected(Payloads.withRawToken(TestMessages.of(type), pointer, "-Infinity"), "malformed", "Infinity");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_numberTooLargeForADouble_isRejectedAsNotFinite(MessageType type, String pointer, String name) {
        assertRejected(Payloads.withRawToken(TestMessages.of(type), pointer, "1e400"), "invalid",
                name, "Infinity");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_integerTooLargeForADouble_isRejectedAsNotFinite(MessageType type, String pointer, String name) {
        assertRejected(Payloads.withRawToken(TestMessages.of(type), pointer, "9".repeat(400)), "invalid",
                name, "Infinity");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_nanAsString_isRejected(MessageType type, String pointer, String name) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer, "NaN"), "invalid", name);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("doubleFields")
    void decode_negativeScalar_isRejected(MessageType type, String pointer, String name) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer, -0.5), "invalid", name, "-0.5");
    }

    @Test
    void decode_zeroLearningRate_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/training/learningRate", 0.0), "invalid",
                "at training", "learningRate must be a positive number, was 0.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.5})
    void decode_samplingRateOutsideZeroToOne_isRejected(double rate) {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/privacy/samplingRate", rate), "invalid",
                "at privacy", "privacy.samplingRate must be in (0, 1], was " + rate);
    }

    // --- counts and sizes ---

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void decode_modelUpdateWithoutSamples_isRejected(int samples) {
        assertRejected(Payloads.with(TestMessages.MODEL_UPDATE, "/samples", samples), "invalid",
                "samples must be >= 1, was " + samples);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void decode_joinWithoutTrainingSamples_isRejected(int samples) {
        assertRejected(Payloads.with(TestMessages.JOIN, "/trainSamples", samples), "invalid",
                "trainSamples must be >= 1, was " + samples);
    }

    @Test
    void decode_joinWithNegativeTestSamples_isRejected() {
        assertRejected(Payloads.with(TestMessages.JOIN, "/testSamples", -1), "invalid",
                "testSamples must be >= 0, was -1");
    }

    @Test
    void decode_joinWithNegativeFeatureCount_isRejected() {
        String count = Payloads.vectorWithBits(2, 1, Double.doubleToRawLongBits(-1.0));
        assertRejected(Payloads.with(TestMessages.JOIN, "/stats/count", count), "invalid",
                "stats.count[1] is negative");
    }

    @Test
    void decode_evalResultWithNegativeCount_isRejected() {
        assertRejected(Payloads.withRawToken(TestMessages.EVAL_RESULT, "/confusion", "[50,-3,1,4,60,2,0,5,81]"),
                "invalid", "confusion[1] is negative");
    }

    @Test
    void decode_evalResultWithNegativeN_isRejected() {
        ObjectNode tree = Payloads.tree(TestMessages.EVAL_RESULT);
        tree.putArray("confusion");
        tree.put("n", -1);
        assertRejected(Payloads.json(tree), "invalid", "confusion counts sum to 0 but n is -1");
    }

    @Test
    void decode_evalResultWithFractionalCount_isRejected() {
        assertRejected(Payloads.withRawToken(TestMessages.EVAL_RESULT, "/confusion", "[50,3.5,1,4,60,2,0,5,75]"),
                "invalid", "at confusion[1]", "3.5");
    }

    @Test
    void decode_evalResultWithNullCount_isRejected() {
        assertRejected(Payloads.withRawToken(TestMessages.EVAL_RESULT, "/confusion", "[50,null,1,4,60,2,0,5,78]"),
                "invalid", "confusion[1] is missing");
    }

    @Test
    void decode_evalResultWithStringCount_isRejected() {
        assertRejected(Payloads.withRawToken(TestMessages.EVAL_RESULT, "/confusion", "[50,\"3\",1,4,60,2,0,5,75]"),
                "invalid", "at confusion[1]");
    }

    static Stream<Arguments> nonPositiveParameters() {
        return Stream.of(
                arguments("/shape/classes", 1, "classes must be >= 2, was 1"),
                arguments("/shape/features", 0, "features must be >= 1, was 0"),
                arguments("/training/epochs", 0, "epochs must be >= 1, was 0"),
                arguments("/training/batchSize", -32, "batchSize must be >= 1, was -32"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("nonPositiveParameters")
    void decode_roundStartWithNonPositiveParameter_isRejected(String pointer, int value, String expected) {
        assertRejected(Payloads.with(TestMessages.ROUND_START, pointer, value), "invalid", expected);
    }

    @Test
    void decode_seedBeyondLong_isRejected() {
        assertRejected(Payloads.withRawToken(TestMessages.ROUND_START, "/training/seed", "9223372036854775808"),
                "invalid", "at training.seed", "out of range");
    }

    @Test
    void decode_samplesAsFloat_isRejected() {
        assertRejected(Payloads.with(TestMessages.MODEL_UPDATE, "/samples", 1200.0), "invalid", "at samples", "1200.0");
    }
}
