package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields that must agree with each other inside one message: vector lengths, counts, round numbers. */
class MessageCodecConsistencyTest {
    private static final String FOUR_VALUES = Weights.of(1, 2, 3, 4).toBase64();

    @Test
    void decode_roundStartGlobalShorterThanShape_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/global", FOUR_VALUES), "invalid",
                "ROUND_START", "global has 4 values, shape needs 9");
    }

    @Test
    void decode_roundStartShapeLargerThanGlobal_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/shape/classes", 4), "invalid",
                "global has 9 values, shape needs 12");
    }

    @Test
    void decode_evaluateGlobalNotMatchingShape_isRejected() {
        assertRejected(Payloads.with(TestMessages.EVALUATE, "/global", FOUR_VALUES), "invalid",
                "EVALUATE", "global has 4 values, shape needs 9");
    }

    @Test
    void decode_globalModelWeightsNotMatchingShape_isRejected() {
        assertRejected(Payloads.with(TestMessages.GLOBAL_MODEL, "/shape/features", 1), "invalid",
                "GLOBAL_MODEL", "weights has 9 values, shape needs 6");
    }

    @Test
    void decode_roundStartStandardizationOfDifferentLengths_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/standardization/std", Weights.of(1).toBase64()),
                "invalid", "at standardization", "mean has 2 values but std has 1");
    }

    @Test
    void decode_roundStartWithZeroStandardDeviation_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/standardization/std", Weights.of(1, 0).toBase64()),
                "invalid", "standardization.std[1] must be > 0");
    }

    @Test
    void decode_roundStartRoundZero_isRejected() {
        // Round 0 is "outside rounds": nobody trains in it.
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/round", 0), "invalid", "round must be >= 1, was 0");
    }

    @Test
    void decode_roundStartBeyondTargetRounds_isRejected() {
        assertRejected(Payloads.with(TestMessages.ROUND_START, "/targetRounds", 2), "invalid",
                "targetRounds 2 is below round 3");
    }

    @Test
    void decode_roundStartInLastRound_isAccepted() throws ProtocolException {
        Message last = Payloads.CODEC.decode(Payloads.with(TestMessages.ROUND_START, "/targetRounds", 3));
        assertEquals(3, ((RoundStart) last).targetRounds());
    }

    @Test
    void decode_featureStatsOfDifferentLengths_isRejected() {
        assertRejected(Payloads.with(TestMessages.JOIN, "/stats/sumOfSquares", FOUR_VALUES), "invalid",
                "at stats", "stats vectors differ in length: count 2, sum 2, sumOfSquares 4");
    }

    @Test
    void decode_evalResultCountsAboveN_isRejected() {
        assertRejected(Payloads.with(TestMessages.EVAL_RESULT, "/n", 199), "invalid",
                "EVAL_RESULT", "confusion counts sum to 200 but n is 199");
    }

    @Test
    void decode_evalResultCountsBelowN_isRejected() {
        assertRejected(Payloads.with(TestMessages.EVAL_RESULT, "/n", 201), "invalid",
                "confusion counts sum to 200 but n is 201");
    }

    @Test
    void decode_evalResultCountsOverflowingToN_isRejected() {
        // Without an overflow check these wrap around to exactly n = 0.
        ObjectNode tree = Payloads.tree(TestMessages.EVAL_RESULT);
        tree.putArray("confusion").add(Long.MAX_VALUE).add(Long.MAX_VALUE).add(2L).add(0L);
        tree.put("n", 0);
        assertRejected(Payloads.json(tree), "invalid", "confusion counts overflow");
    }

    @Test
    void new_evalResultCountsOverflowing_isRefusedLikeAnyBadArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EvalResult(
                TestMessages.RUN, 1, TestMessages.AGENT, List.of(Long.MAX_VALUE, 1L), 0, Long.MIN_VALUE));
        assertEquals("confusion counts overflow a long", e.getMessage());
    }

    @Test
    void decode_evalResultWithNoTestRows_isAccepted() throws ProtocolException {
        EvalResult empty = new EvalResult(TestMessages.RUN, 1, TestMessages.AGENT, List.of(0L, 0L, 0L, 0L), 0, 0);
        assertEquals(empty, Payloads.CODEC.decode(Payloads.CODEC.encode(empty)));
    }
}
