package dev.pmad.transport.xmpp;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.testing.RecordingListener;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server goes away mid-session (restart or crash); clients notice, come back by themselves and send again. */
class XmppReconnectTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @Test
    void serverRestart_clientsReconnectAndCanSendAgain() throws Exception {
        RecordingListener aliceEvents = new RecordingListener();
        RecordingListener bobInbox = new RecordingListener();
        try (XmppTransport alice = transport("alice", aliceEvents);
             XmppTransport bob = transport("bob", bobInbox)) {
            alice.send(bob.address(), "before");
            assertEquals("before", bobInbox.next(DEADLINE).payload());

            PROSODY.stop();
            aliceEvents.awaitConnection(false, DEADLINE);
            TransportException down = assertThrows(TransportException.class, () -> alice.send(bob.address(), "lost"));
            assertTrue(down.getMessage().contains("not connected"), down.getMessage());
            PROSODY.start();

            aliceEvents.awaitConnection(true, DEADLINE);
            bobInbox.awaitConnection(true, DEADLINE);
            alice.send(bob.address(), "after");
            assertEquals("after", bobInbox.next(DEADLINE).payload());
            assertEquals(List.of(true, false, true), aliceEvents.connectionChanges());
        }
    }

    @Test
    void serverKilled_largePayloadAfterReconnect_arrivesWhole() throws Exception {
        RecordingListener inbox = new RecordingListener();
        try (XmppTransport agent = transport("agent", new RecordingListener());
             XmppTransport coordinator = transport("coordinator", inbox)) {
            PROSODY.kill();
            inbox.awaitConnection(false, DEADLINE);
            PROSODY.start();
            await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> agent.isConnected() && coordinator.isConnected(), () -> "both reconnected; agent " + agent.lastFailure() + ", coordinator " + coordinator.lastFailure()));

            String model = XmppTransportTest.modelUpdateJson(50_000, new java.util.Random(5));
            agent.send(coordinator.address(), model);
            assertEquals(model, inbox.next(DEADLINE).payload());
        }
    }

    private static XmppTransport transport(String name, RecordingListener listener) throws InterruptedException {
        Account account = PROSODY.createAccount(XmppTransportTest.unique(name));
        XmppTransport transport = new XmppTransport(PROSODY.settingsFor(account).withBackoff(QUICK));
        transport.setListener(listener);
        transport.start();
        assertTrue(transport.awaitConnected(DEADLINE), () -> "not connected: " + transport.lastFailure());
        return transport;
    }
}
