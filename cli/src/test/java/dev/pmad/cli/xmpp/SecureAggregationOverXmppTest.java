package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.cli.FederationRuns;
import dev.pmad.testing.ProsodyServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, acceptance 1 over a real Prosody: {@code pmad local --secure-aggregation} trains the
 * model plain FedAvg trains, up to quantization, with every SECAGG_* message over XMPP.
 */
class SecureAggregationOverXmppTest {
    private static final String[] BREAST_CANCER = {"local", "--data", Parties.DATA.toString(), "--schema",
            Parties.SCHEMA.toString(), "--agents", "5", "--rounds", "5", "--partition", "dirichlet:0.5", "--seed", "42",
            "--strategy", "fedavg", "--sample-cap", "0", "--norm-bound", "0", "--json"};

    @Test
    void localSecureFedAvg_reachesTheFinalLossOfPlainFedAvg_within1e4() {
        ProsodyServer.assumeProsodyInstalled();
        FederationRuns.Result plain = FederationRuns.pmad(BREAST_CANCER);
        assertEquals(0, plain.exitCode(), plain.err());
        String[] secureArgs = java.util.Arrays.copyOf(BREAST_CANCER, BREAST_CANCER.length + 1);
        secureArgs[BREAST_CANCER.length] = "--secure-aggregation";
        FederationRuns.Result secure = FederationRuns.pmad(secureArgs);
        assertEquals(0, secure.exitCode(), secure.err());

        JsonNode s = secure.json();
        assertEquals("COMPLETED", s.get("outcome").asText());
        assertEquals("xmpp", s.get("transport").asText());
        assertEquals(5, s.get("roundsCompleted").asInt());
        double plainLoss = plain.json().at("/final/loss").asDouble();
        double secureLoss = s.at("/final/loss").asDouble();
        assertTrue(Math.abs(plainLoss - secureLoss) <= 1e-4, "plain " + plainLoss + " vs secure " + secureLoss);
        for (int r = 0; r < 5; r++) {
            assertEquals(5, s.at("/rounds/" + r + "/participants").size(), "round " + (r + 1));
            // Proof that the round was secure: no agent reported its own loss or training time.
            assertEquals(0.0, s.at("/rounds/" + r + "/slowestTrainSeconds").asDouble(), "round " + (r + 1));
            s.at("/rounds/" + r + "/agentTrainLoss").forEach(loss -> assertEquals(0.0, loss.asDouble()));
        }
        assertTrue(plain.json().at("/rounds/0/slowestTrainSeconds").asDouble() > 0, "the plain run reports training time");
    }

    /** Distributed DP over XMPP: every agent noises its own masked input; the run spends at most its budget. */
    @Test
    void localDistributedDp_completesOverXmpp_withinItsBudget() {
        ProsodyServer.assumeProsodyInstalled();
        String[] args = java.util.Arrays.copyOf(BREAST_CANCER, BREAST_CANCER.length + 5);
        System.arraycopy(new String[] {"--dp-mode", "central", "--dp-epsilon", "4", "--secure-aggregation"}, 0, args,
                BREAST_CANCER.length, 5);
        FederationRuns.Result run = FederationRuns.pmad(args);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode s = run.json();
        assertEquals("COMPLETED", s.get("outcome").asText(), s.get("reason").asText());
        assertEquals("xmpp", s.get("transport").asText());
        assertEquals("ddp-fedavg", s.get("strategy").asText());
        assertEquals(5, s.get("roundsCompleted").asInt());
        double spent = s.at("/privacy/epsilonSpent").asDouble();
        assertTrue(spent > 0 && spent <= 4, "spent " + spent);
        for (int r = 0; r < 5; r++) assertEquals(5, s.at("/rounds/" + r + "/participants").size(), "round " + (r + 1));
    }
}
