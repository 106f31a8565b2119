package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.roster.Enrolment;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Weights;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only enrolled agents are read; everyone else costs a counter, one log line per interval and one answer. */
class EnrolmentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private CoordinatorTestSupport fed;

    @AfterEach
    void close() {
        if (fed != null) fed.close();
    }

    @Test
    void senderNotEnrolled_isCountedAndAnsweredOnce_andNeverJoins() {
        fed = new CoordinatorTestSupport(1, TIMEOUT, c -> c.useEnrolment(Enrolment.of(Set.of("a"))));
        var events = new CopyOnWriteArrayList<String>();
        fed.coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onEvent(String level, String message) {
                events.add(message);
            }
        });
        var mallory = new ScriptedAgent(fed.network, "mallory");

        mallory.join(CoordinatorTestSupport.FINGERPRINT, 1_000_000_000, CoordinatorTestSupport.STATS);
        for (int i = 0; i < 1000; i++) mallory.send(new Heartbeat("", 0, "mallory", "READY"));
        mallory.send(new ModelUpdate("run", 1, "mallory", Weights.of(1e6, 1e6, 1e6, 1e6), 1_000_000_000, 0, 0, 0));
        // In memory, each send is handled on the sender's thread before it returns: all counted now.
        assertEquals(1002L, fed.coordinator.rejectedCounts().get("not-enrolled"));
        fed.joinedAgent("a"); // the loop has handled everything queued before a's JOIN

        assertEquals(1, mallory.received.size(), () -> "one answer: " + mallory.received);
        JoinAck ack = mallory.receivedOf(JoinAck.class).get(0);
        assertFalse(ack.accepted());
        assertTrue(ack.reason().contains("not enrolled") && ack.reason().contains("AGENTS"), ack.reason());
        assertEquals(List.of("a"), fed.coordinator.snapshot().agents().stream().map(AgentView::id).toList());
        assertEquals(1, events.stream().filter(e -> e.contains("mallory")).count(), () -> "one event: " + events);
        assertFalse(fed.coordinator.rejectedCounts().containsKey("unknown-sender"), "never decoded as a message");
    }

    @Test
    void senderNotEnrolled_isAnsweredOnce_evenAfterTheQuietInterval() {
        fed = new CoordinatorTestSupport(1, TIMEOUT, c -> c.useEnrolment(Enrolment.of(Set.of("a"))));
        var mallory = new ScriptedAgent(fed.network, "mallory");
        mallory.send(new Heartbeat("", 0, "mallory", "READY"));
        fed.timers.advance(Coordinator.QUIET_INTERVAL.plusSeconds(1));
        mallory.send(new Heartbeat("", 0, "mallory", "READY"));
        fed.joinedAgent("a");

        assertEquals(1, mallory.received.size(), () -> "one answer: " + mallory.received);
        assertEquals(2L, fed.coordinator.rejectedCounts().get("not-enrolled"));
    }

    @Test
    void enrolledAgent_thatHasNotJoined_isToldToRejoin_oncePerInterval() {
        fed = new CoordinatorTestSupport(1, TIMEOUT, c -> c.useEnrolment(Enrolment.of(Set.of("a", "b"))));
        var b = new ScriptedAgent(fed.network, "b");
        for (int i = 0; i < 100; i++) b.send(new Heartbeat("", 0, "b", "READY"));
        fed.joinedAgent("a");
        assertEquals(1, b.receivedOf(JoinAck.class).size(), "one REJOIN for a hundred heartbeats");
        assertTrue(b.receivedOf(JoinAck.class).get(0).reason().startsWith(JoinAck.REJOIN));
        assertEquals(100L, fed.coordinator.rejectedCounts().get("unknown-sender"));

        fed.timers.advance(Coordinator.QUIET_INTERVAL);
        b.send(new Heartbeat("", 0, "b", "READY"));
        await("a second REJOIN after the interval").until(() -> b.receivedOf(JoinAck.class).size() == 2);
    }

    @Test
    void enrolledAgent_joins() {
        fed = new CoordinatorTestSupport(1, TIMEOUT, c -> c.useEnrolment(Enrolment.of(Set.of("a"))));
        var a = fed.joinedAgent("a");
        assertTrue(a.receivedOf(JoinAck.class).get(0).accepted());
        assertFalse(fed.coordinator.rejectedCounts().containsKey("not-enrolled"));
    }
}
