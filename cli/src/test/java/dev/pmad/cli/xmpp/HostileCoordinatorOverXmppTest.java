package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.hostile.ScriptedCoordinator;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.testing.ProsodyServer;
import dev.pmad.transport.xmpp.XmppTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile coordinator over a real Prosody: it holds the coordinator's own account, so to the
 * agent it is the coordinator, and everything the agent sends reaches it (the wire tap is its
 * inbox). The agent runs as deployed, configured by its environment.
 */
class HostileCoordinatorOverXmppTest {
    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    private static final double DELTA = 1e-5;
    private static final TrainingParams TRAINING = new TrainingParams(1, 0.1, 64, 42);

    @TempDir
    Path dir;

    private Parties parties;
    private ScriptedCoordinator coordinator;
    private ModelShape shape;

    @BeforeEach
    void start() throws InterruptedException {
        parties = new Parties(PROSODY, dir);
        Schema schema = Schema.read(Parties.SCHEMA);
        shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        var transport = new XmppTransport(PROSODY.settingsFor(parties.account("coordinator")));
        coordinator = new ScriptedCoordinator(transport, parties.account("agent-1").jid());
        transport.start();
        assertTrue(transport.awaitConnected(Parties.DEADLINE), "the scripted coordinator did not connect");
    }

    @AfterEach
    void stop() {
        parties.close();
        coordinator.close();
    }

    private static PrivacyParams local(double epsilon, int rounds) {
        double z = PrivacyPlanner.noiseMultiplier(PrivacyMode.LOCAL, NoiseKind.GAUSSIAN, epsilon, DELTA, rounds, 1, 1, 1);
        return new PrivacyParams("local", "gaussian", 1.0, z, epsilon, DELTA);
    }

    @Test
    void overProsody_newRunIdsAndACraftedEvaluate_areRefused_andNothingMoreLeaves() {
        AgentNode agent = parties.agent(1, 1, Map.of("AGENT_DP_MODES", "local", "AGENT_DP_EPSILON", "2.5"));
        coordinator.acceptJoin(shape);
        Weights zeros = Weights.zeros(shape.size());

        assertInstanceOf(ModelUpdate.class, coordinator.round("run-a", 1, 2, zeros, TRAINING, local(1, 2)));
        // A crafted model to evaluate, then a round that starts from another one.
        double[] crafted = new double[shape.size()];
        crafted[1] = 40;
        assertInstanceOf(EvalResult.class, coordinator.evaluate("run-a", 1, Weights.of(crafted)));
        Message answer = coordinator.round("run-a", 2, 2, zeros, TRAINING, local(1, 2));
        assertEquals(ErrorMessage.POLICY_REFUSED, assertInstanceOf(ErrorMessage.class, answer).code(), answer.toString());
        coordinator.stop("run-a", 2);

        // Fresh run ids, each ended properly: the lifetime budget of 2.5 holds only a few runs of epsilon 1.
        int accepted = 0;
        for (int r = 1; r <= 10; r++) {
            if (coordinator.round("run-" + r, 1, 1, zeros, TRAINING, local(1, 1)) instanceof ModelUpdate) accepted++;
            coordinator.stop("run-" + r, 1);
        }
        assertTrue(accepted >= 1 && accepted < 10, accepted + " of 10 fresh runs accepted");
        assertTrue(agent.agent().privacy().lifetimeEpsilon() <= 2.5, "spent " + agent.agent().privacy().lifetimeEpsilon());
        long updates = coordinator.received.stream().filter(ModelUpdate.class::isInstance).count();
        assertEquals(1 + accepted, updates, "updates that reached the coordinator");
        assertTrue(coordinator.rejected.isEmpty(), coordinator.rejected.toString());
    }

    @Test
    void agentProcessKilledRightAfterARelease_hasThatReleaseInItsLedger() throws Exception {
        Path ledger = dir.resolve("agent-1.ledger.json");
        PmadProcess agent = parties.agentProcess(1, 1, Map.of("AGENT_DP_MODES", "local", "AGENT_DP_EPSILON", "10",
                "AGENT_PRIVACY_LEDGER", ledger.toString()));
        coordinator.acceptJoin(shape);
        PrivacyParams privacy = local(1, 3);
        assertInstanceOf(ModelUpdate.class, coordinator.round("run", 1, 3, Weights.zeros(shape.size()), TRAINING, privacy));
        agent.kill(); // SIGKILL the moment the release has arrived

        var onDisk = PrivacyLedger.read(ledger);
        RdpAccountant release = new RdpAccountant(onDisk.orders());
        release.composeGaussian(privacy.noiseMultiplier(), 1);
        double[] charged = onDisk.runs().stream().filter(r -> r.runId().equals("run")).findFirst()
                .orElseThrow(() -> new AssertionError("the ledger has no charge for the released round: " + onDisk.runs()))
                .rdp();
        double[] expected = release.rdp();
        for (int k = 0; k < expected.length; k++) {
            assertTrue(charged[k] >= expected[k] * (1 - 1e-12), "order " + onDisk.orders()[k] + ": charged " + charged[k]
                    + ", the release costs " + expected[k]);
        }
        // The JOIN's noised statistics were charged before they left, too.
        assertTrue(onDisk.runs().stream().anyMatch(r -> r.runId().equals("join")), onDisk.runs().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !agent.isAlive());
    }
}
