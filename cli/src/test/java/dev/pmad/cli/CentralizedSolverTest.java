package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code pmad centralized} fits the exact optimum by default; {@code --solver sgd} trains as before. */
class CentralizedSolverTest {
    private static final String[] BREAST_CANCER = {"centralized", "--data", CliRunner.breastCancer(), "--label", "label",
            "--agents", "5", "--rounds", "10", "--partition", "dirichlet:0.5", "--seed", "42", "--json"};

    private static CliRunner.Result centralized(String... extra) {
        String[] args = new String[BREAST_CANCER.length + extra.length];
        System.arraycopy(BREAST_CANCER, 0, args, 0, BREAST_CANCER.length);
        System.arraycopy(extra, 0, args, BREAST_CANCER.length, extra.length);
        return CliRunner.run(args);
    }

    private static JsonNode json(CliRunner.Result r) {
        assertEquals(0, r.exitCode(), r.err());
        return r.json();
    }

    @Test
    void breastCancer_exactByDefault_reachesTheOptimum_atLeastAsAccurateAsSgd() {
        JsonNode exact = json(centralized());
        JsonNode sgd = json(centralized("--solver", "sgd"));

        assertEquals("exact", exact.get("solver").asText());
        assertTrue(exact.get("converged").asBoolean(), exact.toString());
        assertEquals(1.0 / exact.get("trainRows").asInt(), exact.get("l2").asDouble(), 1e-15, "default lambda 1/n");
        assertTrue(exact.get("gradientNorm").asDouble() < 1e-6, "gradient norm " + exact.get("gradientNorm"));
        assertTrue(exact.get("iterations").asInt() <= 20, "iterations " + exact.get("iterations"));
        double exactAccuracy = exact.at("/final/accuracy").asDouble();
        double sgdAccuracy = sgd.at("/final/accuracy").asDouble();
        assertTrue(exactAccuracy >= sgdAccuracy, "exact " + exactAccuracy + " < sgd " + sgdAccuracy);
        assertTrue(sgd.get("gradientNorm").asDouble() > 1e3 * exact.get("gradientNorm").asDouble(), "SGD stops short of its optimum");
    }

    @Test
    void sgd_trainsAsCentralizedDidBeforeTheExactSolver() {
        JsonNode sgd = json(centralized("--solver", "sgd"));

        assertEquals("sgd", sgd.get("solver").asText());
        assertEquals(10, sgd.get("iterations").asInt(), "rounds x epochs passes");
        assertEquals(0, sgd.get("l2").asDouble());
        assertTrue(sgd.get("converged").isNull());
        // The same command's output before --solver existed.
        assertEquals(0.9646017699115044, sgd.at("/final/accuracy").asDouble(), 1e-12);
    }

    @Test
    void l2_isUsed_andAStrongerPenaltyRaisesTheObjective() {
        JsonNode weak = json(centralized("--l2", "0.001"));
        JsonNode strong = json(centralized("--l2", "0.1"));

        assertEquals(0.001, weak.get("l2").asDouble());
        assertTrue(strong.get("objective").asDouble() > weak.get("objective").asDouble());
        assertTrue(strong.get("gradientNorm").asDouble() < 1e-6);
    }

    @Test
    void recordMode_trainsWithDpSgd_andHidesTheExactTrainingLoss() {
        JsonNode record = json(centralized("--dp-mode", "record", "--dp-epsilon", "1", "--learning-rate", "1",
                "--batch-size", "32"));

        assertEquals("sgd", record.get("solver").asText());
        assertTrue(record.get("objective").isNull() && record.get("gradientNorm").isNull(), record.toString());
        assertTrue(record.at("/privacy/noiseMultiplier").asDouble() > 0);
    }

    @Test
    void exactSolverInRecordMode_isRefused_becauseItIsNotPrivate() {
        assertRefused(centralized("--solver", "exact", "--dp-mode", "record", "--dp-epsilon", "1"), "not differentially private");
    }

    @Test
    void badSolverOrPenalty_isRefusedWithTheOption() {
        assertRefused(centralized("--solver", "newton"), "--solver 'newton'", "exact or sgd");
        assertRefused(centralized("--l2", "0"), "--l2 must be a finite number > 0, was 0.0");
        assertRefused(centralized("--l2", "-1"), "--l2 must be");
        assertRefused(centralized("--l2", "NaN"), "--l2 must be");
        assertRefused(centralized("--l2", "0.01", "--solver", "sgd"), "--l2", "trains without one");
        assertRefused(centralized("--l2", "0.01", "--dp-mode", "record", "--dp-epsilon", "1"), "--l2", "DP-SGD");
    }

    private static void assertRefused(CliRunner.Result r, String... fragments) {
        assertEquals(2, r.exitCode(), "exit code; stderr: " + r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' missing in: " + r.err());
    }
}
