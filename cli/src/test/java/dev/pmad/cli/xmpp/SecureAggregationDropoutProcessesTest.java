package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import dev.pmad.transport.ForwardingTransport;
import dev.pmad.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, acceptance 3, as deployed: five {@code pmad agent} processes on a real Prosody, and
 * agents killed with SIGKILL at chosen steps of a secure round. The coordinator runs in this JVM so
 * that its transport can hold an agent's message while the agent is killed: the kill is done
 * (process reaped) before the coordinator sees the message, so the coordinator cannot advance
 * first, and no timing decides which step an agent died in.
 *
 * <p>Kill points (Bonawitz et al. 2017, Fig. 4): "before its masked input" is on arrival of the
 * agent's SECAGG_SHARES: the coordinator gets its shares, but the agent dies before it could be
 * routed the shares it needs to mask, so it never sends SECAGG_MASKED (its masks are removed with
 * the survivors' shares of its mask key). "After its masked input" is on arrival of its
 * SECAGG_MASKED: its input is in the sum (the protocol removes its self mask from the survivors'
 * shares of its seed), though it never answers the unmask request.
 */
class SecureAggregationDropoutProcessesTest {
    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Map<String, String> SECURE = Map.of("SECURE_AGGREGATION", "true", "STRATEGY", "fedavg",
            "DP_MODE", "none", "ROUND_TIMEOUT", "20s");

    @TempDir
    Path dir;

    private Parties parties;

    @BeforeEach
    void parties() {
        parties = new Parties(PROSODY, dir);
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void ofFiveAgentProcesses_oneKilledBeforeItsMaskedInput_oneAfter_theRoundHasTheFourInputsSum() throws Exception {
        var kills = new KillOnArrival();
        CoordinatorNode coordinator = parties.coordinator(with(SECURE, "MIN_AGENTS", "3"), kills::wrap);
        var agents = startAgents();
        kills.on("SECAGG_SHARES", "agent-3", agents.get(2));
        kills.on("SECAGG_MASKED", "agent-5", agents.get(4));
        Parties.awaitJoined(coordinator, 5);

        RunSummary secure = coordinator.run(1, RUN_LIMIT);

        assertEquals(Outcome.COMPLETED, secure.outcome(), secure.reason());
        assertEquals(List.of("SECAGG_SHARES from agent-3", "SECAGG_MASKED from agent-5"), kills.done());
        assertFalse(agents.get(2).isAlive());
        assertFalse(agents.get(4).isAlive());
        var round = secure.rounds().get(0);
        // agent-5's masked input is in the sum; agent-3 sent none and is a dropout.
        assertEquals(List.of("agent-1", "agent-2", "agent-4", "agent-5"), localParts(round.participants()));
        assertTrue(localParts(round.failures().stream().map(AgentFailure::agent).toList()).contains("agent-3"),
                round.failures().toString());
        parties.close();

        // The same round in plain FedAvg with those four agents' updates (in this JVM; their
        // training is that of the processes: the same data, partition and settings). All five
        // join, as the global standardisation is computed from every joined agent's statistics,
        // and agent-3 is stopped as its update arrives, which is dropped: the round's weighted
        // mean delta is then the four agents', which is what the secure sum must reveal.
        var drop = new KillOnArrival();
        CoordinatorNode plain = parties.coordinator(Map.of("STRATEGY", "fedavg", "DP_MODE", "none", "SAMPLE_CAP", "0",
                "NORM_BOUND", "0", "MIN_AGENTS", "3", "ROUND_TIMEOUT", "20s"), drop::wrap);
        for (int i = 1; i <= 5; i++) {
            AgentNode agent = parties.agent(i, 5);
            if (i == 3) drop.dropAfter("MODEL_UPDATE", "agent-3", agent::close);
        }
        Parties.awaitJoined(plain, 5);
        RunSummary expected = plain.run(1, RUN_LIMIT);
        assertEquals(Outcome.COMPLETED, expected.outcome(), expected.reason());
        assertEquals(List.of("agent-1", "agent-2", "agent-4", "agent-5"),
                localParts(expected.rounds().get(0).participants()));

        // Correct to quantization: 48-bit ring, clip 10, 5 invitees, so the scale is
        // s = (floor((2^47 - 1) / 5) - 1) / 10 ~= 2.8e12 and the decoded sum of 4 inputs is off by
        // at most 4 / s ~= 1.4e-12 per coordinate (Quantizer's bound); divided by the summed weight
        // (>= 1, the largest agent's) the mean is off by no more. 1e-9 leaves room for the
        // floating-point order of the two sums.
        double[] want = expected.finalWeights().toArray();
        double[] got = secure.finalWeights().toArray();
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
        assertTrue(worst <= 1e-9, "largest difference from plain FedAvg of agents 1, 2, 4, 5: " + worst);
    }

    @Test
    void killsThatLeaveTooFewShares_failTheRoundWithBelowThreshold_andTheCoordinatorRunsAgain() throws Exception {
        var kills = new KillOnArrival();
        CoordinatorNode coordinator = parties.coordinator(with(SECURE, "MIN_AGENTS", "2"), kills::wrap);
        var agents = startAgents();
        // Threshold 3 of 5. Two die before masking, so agents 1, 2 and 5 mask; agent-5 dies after
        // its masked input, and the two replies to the unmask request cannot remove the masks.
        kills.on("SECAGG_SHARES", "agent-3", agents.get(2));
        kills.on("SECAGG_SHARES", "agent-4", agents.get(3));
        kills.on("SECAGG_MASKED", "agent-5", agents.get(4));
        Parties.awaitJoined(coordinator, 5);

        RunSummary failed = coordinator.run(1, RUN_LIMIT);

        assertEquals(Outcome.FAILED, failed.outcome());
        assertEquals(3, kills.done().size(), kills.done().toString());
        assertTrue(failed.reason().contains("secure aggregation cannot finish") && failed.reason().contains("BELOW_THRESHOLD"),
                failed.reason());
        assertEquals(Phase.FAILED, coordinator.coordinator().snapshot().phase());
        // The coordinator is still up: once it has marked the dead agents lost, the two survivors
        // (processes that kept running) complete a secure run with it.
        assertTrue(agents.get(0).isAlive() && agents.get(1).isAlive());
        Parties.awaitJoined(coordinator, 2);
        RunSummary again = coordinator.run(1, RUN_LIMIT);
        assertEquals(Outcome.COMPLETED, again.outcome(), again.reason());
        assertEquals(List.of("agent-1", "agent-2"), localParts(again.rounds().get(0).participants()));
    }

    private List<PmadProcess> startAgents() {
        var agents = new java.util.ArrayList<PmadProcess>();
        for (int i = 1; i <= 5; i++) agents.add(parties.agentProcess(i, 5, Map.of()));
        return agents;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    /** Agent ids as their account names ({@code agent-1}), whether or not the domain is attached. */
    private static List<String> localParts(List<String> ids) {
        return ids.stream().map(id -> id.contains("@") ? id.substring(0, id.indexOf('@')) : id).sorted().toList();
    }

    /**
     * A transport decorator for the coordinator: when a chosen agent's message of a chosen type
     * arrives, it kills that agent's process (SIGKILL, waiting until it is gone) and only then
     * hands the message on. It runs on the transport's delivery thread, before the message is
     * queued for the coordinator's loop, so the coordinator has not seen it when the agent dies.
     */
    static final class KillOnArrival {
        private static final ObjectMapper JSON = new ObjectMapper();
        private record Step(Runnable action, boolean deliver) {}

        private final Map<String, Step> plan = new ConcurrentHashMap<>();
        private final List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Kills {@code process} when its {@code type} message arrives, then delivers the message. */
        void on(String type, String agent, PmadProcess process) {
            plan.put(type + " from " + agent, new Step(() -> {
                process.kill();
                if (process.isAlive()) throw new AssertionError(agent + " survived SIGKILL");
            }, true));
        }

        /** Runs {@code stop} when {@code agent}'s {@code type} message arrives, and drops the message. */
        void dropAfter(String type, String agent, Runnable stop) {
            plan.put(type + " from " + agent, new Step(stop, false));
        }

        List<String> done() {
            return List.copyOf(done);
        }

        Transport wrap(Transport inner) {
            return new ForwardingTransport(inner) {
                @Override
                protected void receive(Listener listener, String from, String payload) {
                    if (runPlanned(from, payload)) listener.onPayload(from, payload);
                }
            };
        }

        /** Runs the step planned for this message, if any; whether to deliver the message. */
        private boolean runPlanned(String from, String payload) {
            if (plan.isEmpty()) return true;
            String type;
            try {
                type = JSON.readTree(payload).path("type").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String key = type + " from " + (from.contains("@") ? from.substring(0, from.indexOf('@')) : from);
            Step step = plan.remove(key);
            if (step == null) return true;
            step.action().run();
            done.add(key);
            return step.deliver();
        }
    }
}
