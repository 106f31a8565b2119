package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.cli.FederationRuns;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmad local}: a whole federation over a Prosody it starts itself. */
class LocalCommandTest {
    /** Acceptance 1's federation: five agents, Dirichlet(0.5) label skew, five rounds. */
    private static final String[] BREAST_CANCER = {"--data", Parties.DATA.toString(), "--schema", Parties.SCHEMA.toString(),
            "--agents", "5", "--rounds", "5", "--partition", "dirichlet:0.5", "--seed", "42"};

    @TempDir
    Path dir;

    @Test
    void local_fiveAgentsOverTls_breastCancerNonIid_reach95PercentInFiveRounds() {
        ProsodyServer.assumeProsodyInstalled();
        FederationRuns.Result result = FederationRuns.pmad(args("local", "--json"));

        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = result.json();
        assertEquals("COMPLETED", json.get("outcome").asText());
        assertEquals("xmpp", json.get("transport").asText());
        assertEquals(5, json.get("roundsCompleted").asInt());
        assertEquals(5, json.get("agents").asInt());
        assertTrue(json.at("/final/accuracy").asDouble() >= 0.95, "final accuracy " + json.at("/final/accuracy"));
        for (String field : new String[] {"/final/loss", "/final/f1", "/privacy/mode", "/wallSeconds", "/setupSeconds",
                "/rounds/4/roundSeconds", "/rounds/4/slowestTrainSeconds", "/runDir", "/model"}) {
            assertTrue(!json.at(field).isMissingNode(), "missing " + field + " in " + json);
        }
        assertTrue(json.get("model").asText().endsWith(json.get("runId").asText() + "/model"), "model in " + json);
    }

    @Test
    void local_sameSeedAndSettings_giveTheInMemoryFederationsWeightsTo1e12() throws Exception {
        ProsodyServer.assumeProsodyInstalled();
        RunSummary inMemory = FederationRuns.inMemory(BREAST_CANCER);
        RunSummary overXmpp = FederationRuns.overXmpp(BREAST_CANCER);

        double[] expected = inMemory.finalWeights().toArray();
        double[] actual = overXmpp.finalWeights().toArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-12, "weight " + i);
        for (int r = 0; r < 5; r++) {
            RoundResult a = inMemory.rounds().get(r);
            RoundResult b = overXmpp.rounds().get(r);
            assertEquals(a.metrics().loss(), b.metrics().loss(), 1e-12, "round " + (r + 1) + " loss");
            assertEquals(a.metrics().accuracy(), b.metrics().accuracy(), 1e-12, "round " + (r + 1) + " accuracy");
            assertEquals(a.participants().size(), b.participants().size(), "round " + (r + 1) + " participants");
        }
    }

    @Test
    void local_withoutProsodyOnPath_failsWithOneLineSayingToInstallIt() throws Exception {
        PmadProcess pmad = PmadProcess.start("local-without-prosody",
                Map.of("PATH", dir.resolve("empty-bin").toString()), dir, args("local", "--json"));

        assertEquals(2, pmad.awaitExit(Duration.ofSeconds(60)));
        String err = pmad.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("pmad: error: 'prosody' is not on PATH"), err);
        assertTrue(err.contains("apt-get install -y prosody"), err);
        assertEquals("", pmad.stdout());
    }

    /** {@code COMMAND} with the breast-cancer options and {@code extra}. */
    private static String[] args(String command, String... extra) {
        var all = new ArrayList<String>();
        all.add(command);
        all.addAll(List.of(BREAST_CANCER));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
