package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The accuracy bars of the core-engine issue, on the real datasets, through the real CLI. */
class SimulateAcceptanceTest {
    private static final String[] BREAST_CANCER = {"--data", CliRunner.breastCancer(), "--label", "label", "--agents", "5",
            "--rounds", "10", "--partition", "dirichlet:0.5", "--seed", "42", "--json"};

    private static String[] with(String command, String[] options) {
        String[] args = new String[options.length + 1];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        return args;
    }

    @Test
    void breastCancer_nonIid_reaches95Percent_within1point5OfCentralized() {
        var federated = CliRunner.run(with("simulate", BREAST_CANCER));
        assertEquals(0, federated.exitCode(), federated.err());
        var centralized = CliRunner.run(with("centralized", BREAST_CANCER));
        assertEquals(0, centralized.exitCode(), centralized.err());
        double fed = federated.json().at("/final/accuracy").asDouble();
        double cen = centralized.json().at("/final/accuracy").asDouble();
        assertTrue(fed >= 0.95, "federated accuracy " + fed);
        assertTrue(Math.abs(fed - cen) <= 0.015, "federated " + fed + " vs centralized " + cen);
        assertEquals(10, federated.json().get("rounds").size());
        assertEquals("COMPLETED", federated.json().get("outcome").asText());
    }

    @Test
    void sameSeed_printsIdenticalMetricsTwice() {
        JsonNode first = CliRunner.run(with("simulate", BREAST_CANCER)).json();
        JsonNode second = CliRunner.run(with("simulate", BREAST_CANCER)).json();
        assertEquals(first.get("final"), second.get("final"));
        for (int r = 0; r < 10; r++) {
            for (String metric : new String[] {"accuracy", "loss", "precision", "recall", "f1"}) {
                assertEquals(first.get("rounds").get(r).get(metric), second.get("rounds").get(r).get(metric),
                        "round " + (r + 1) + " " + metric);
            }
        }
    }

    @Test
    void jsonOutput_hasTheDocumentedFields() {
        JsonNode json = CliRunner.run(with("simulate", BREAST_CANCER)).json();
        for (String field : new String[] {"/final/accuracy", "/final/loss", "/final/precision", "/final/recall", "/final/f1",
                "/privacy/mode", "/privacy/epsilonSpent", "/privacy/delta", "/privacy/noiseMultiplier", "/wallSeconds",
                "/rounds/0/accuracy", "/rounds/0/epsilonSpent"}) {
            assertTrue(!json.at(field).isMissingNode(), "missing " + field + " in " + json);
        }
    }
}
