package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The round-cost benchmark (BENCHMARKS.md, secure aggregation end to end) counts what it says:
 * whole rounds run, and the bytes per agent are at least the vectors a round must carry.
 */
class RoundCostCommandTest {
    /** base64 of a vector of 1,000 doubles: 4 * ceil(8000 / 3) characters, one byte each in JSON. */
    private static final int VECTOR_1000 = 4 * ((8 * 1000 + 2) / 3);

    @Test
    void plainAndSecureRounds_countTheEncodedVectorsEachAgentSendsAndReceives() {
        JsonNode plain = run();
        JsonNode secure = run("--secure-aggregation");

        for (JsonNode r : new JsonNode[] {plain, secure}) {
            assertEquals(2, r.get("timedRounds").asInt(), r.toString());
            assertTrue(r.get("medianRoundSeconds").asDouble() > 0, r.toString());
            // An agent sends its update (or masked input) and receives the model twice (to train, to evaluate).
            assertTrue(r.get("sentBytesPerAgentPerRound").asDouble() > VECTOR_1000, r.toString());
            assertTrue(r.get("receivedBytesPerAgentPerRound").asDouble() > 2 * VECTOR_1000, r.toString());
            // In memory the agents talk only to the coordinator: what they send, it receives, and
            // the other way round (up to a heartbeat counted on one side of a round's end).
            assertEquals(r.get("coordinatorReceivedBytesPerRound").asDouble(),
                    3 * r.get("sentBytesPerAgentPerRound").asDouble(), 1024, r.toString());
            assertEquals(r.get("coordinatorSentBytesPerRound").asDouble(),
                    3 * r.get("receivedBytesPerAgentPerRound").asDouble(), 1024, r.toString());
        }
        // Secure rounds add keys, shares and unmask replies to the same vectors.
        assertTrue(secure.get("sentBytesPerAgentPerRound").asDouble() > plain.get("sentBytesPerAgentPerRound").asDouble());
        assertTrue(secure.get("receivedBytesPerAgentPerRound").asDouble()
                > plain.get("receivedBytesPerAgentPerRound").asDouble());
    }

    private static JsonNode run(String... extra) {
        String[] args = {"round-cost", "--agents", "3", "--parameters", "1000", "--rounds", "2"};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        CliRunner.Result result = CliRunner.run(all);
        assertEquals(0, result.exitCode(), result.err());
        return result.json();
    }
}
