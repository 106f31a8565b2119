package dev.pmad.transport.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.testing.RecordingListener;
import dev.pmad.testing.RecordingListener.Received;
import dev.pmad.time.SystemTimers;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.direct.DirectOffer;
import dev.pmad.transport.direct.DirectServer;
import dev.pmad.transport.direct.DirectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** Large payloads offered over a real Prosody and fetched directly from the sender (XMPP_DIRECT_HOST). */
class DirectTransferTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final DirectSettings LOOPBACK = new DirectSettings("127.0.0.1", 0);
    private static final ReassemblyLimits TEN_MILLION = ReassemblyLimits.forModel(10_000_000);

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    @Test
    void send_tenMillionParameterUpdate_arrivesBitIdenticalThroughADirectFetch() throws Exception {
        Peer coordinator = connect("coordinator", TEN_MILLION);
        Peer agent = connect("agent", TEN_MILLION);
        String update = XmppTransportTest.modelUpdateJson(10_000_000, new Random(42));
        assertTrue(update.length() > 106_000_000, "10M doubles are 106.7 MB of base64");

        agent.transport.send(coordinator.transport.address(), update);
        Received received = coordinator.inbox.next(Duration.ofSeconds(120));

        assertEquals(agent.transport.address(), received.from());
        assertArrayEquals(sha256(update), sha256(received.payload()), "the same bytes, hash checked");
        assertEquals(update, received.payload());
        assertEquals(0, coordinator.transport.chunkStats().completedTransfers(), "no chunk went through Prosody");
        assertEquals(0L, coordinator.transport.droppedCounts().get("direct-fetch-failed"));
    }

    @Test
    void send_smallPayloadAfterALargeOne_arrivesInTheOrderSent() throws Exception {
        Peer coordinator = connect("coordinator", ReassemblyLimits.DEFAULT);
        Peer agent = connect("agent", ReassemblyLimits.DEFAULT);
        String large = XmppTransportTest.modelUpdateJson(500_000, new Random(1));

        agent.transport.send(coordinator.transport.address(), large);
        agent.transport.send(coordinator.transport.address(), "{\"type\":\"EVAL_RESULT\"}");

        assertEquals(large, coordinator.inbox.next(Duration.ofSeconds(60)).payload());
        assertEquals("{\"type\":\"EVAL_RESULT\"}", coordinator.inbox.next(DEADLINE).payload());
    }

    @Test
    void receive_offerWhoseHashDoesNotMatch_isRefusedAndCounted() throws Exception {
        Peer coordinator = connect("coordinator", ReassemblyLimits.DEFAULT);
        DirectServer server = track(new DirectServer(LOOPBACK, DEADLINE, new SystemTimers("test-direct"), "mallory"));
        DirectOffer honest = server.offer("x".repeat(DirectOffer.MIN_BYTES));
        byte[] otherHash = sha256("y".repeat(DirectOffer.MIN_BYTES));
        DirectOffer lying = new DirectOffer(honest.host(), honest.port(), honest.id(), honest.key(), honest.length(), otherHash);

        offer(rawConnection("mallory"), coordinator, lying);

        awaitFailedFetch(coordinator);
        assertEquals(0, coordinator.inbox.pending(), "nothing delivered");
    }

    @Test
    void receive_payloadTamperedWithInTransit_isRefusedAndCounted() throws Exception {
        Peer coordinator = connect("coordinator", ReassemblyLimits.DEFAULT);
        DirectServer server = track(new DirectServer(LOOPBACK, DEADLINE, new SystemTimers("test-direct"), "sender"));
        DirectOffer honest = server.offer("x".repeat(3 * DirectOffer.MIN_BYTES));
        ServerSocket relay = track(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        CompletableFuture.runAsync(() -> flipOneByte(relay, honest.port(), 2_000_000));
        DirectOffer viaRelay = new DirectOffer(honest.host(), relay.getLocalPort(), honest.id(), honest.key(),
                honest.length(), honest.sha256());

        offer(rawConnection("sender"), coordinator, viaRelay);

        awaitFailedFetch(coordinator);
        assertEquals(0, coordinator.inbox.pending(), "nothing delivered");
    }

    @Test
    void send_payloadAboveTheModelLimit_isRefusedNamingMaxModelParameters() throws Exception {
        ReassemblyLimits small = ReassemblyLimits.forModel(100_000);
        Peer coordinator = connect("coordinator", small);
        Peer agent = connect("agent", small);
        String update = XmppTransportTest.modelUpdateJson(500_000, new Random(2));

        TransportException e = assertThrows(TransportException.class,
                () -> agent.transport.send(coordinator.transport.address(), update));

        assertTrue(e.getMessage().contains("MAX_MODEL_PARAMETERS"), e.getMessage());
        assertTrue(e.getMessage().contains("100000 parameters"), e.getMessage());
    }

    private static void awaitFailedFetch(Peer receiver) {
        await().atMost(DEADLINE).until(() -> receiver.transport.droppedCounts().get("direct-fetch-failed") == 1L);
    }

    /** A man in the middle: relays the fetch to the real listener and flips one byte of what comes back. */
    private static void flipOneByte(ServerSocket relay, int target, long position) {
        try (Socket client = relay.accept(); Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            upstream.getOutputStream().write(client.getInputStream().readNBytes(DirectOffer.ID_BYTES));
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[8192];
            long at = 0;
            for (int n; (n = in.read(buffer)) >= 0; at += n) {
                if (position >= at && position < at + n) buffer[(int) (position - at)] ^= 0x01;
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The receiver hung up after refusing a record: expected.
        }
    }

    private static void offer(XMPPTCPConnection from, Peer to, DirectOffer offer) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to.transport.address())).addExtension(WireFormat.toElement(offer)).build());
    }

    private XMPPTCPConnection rawConnection(String name) throws Exception {
        XmppSettings settings = PROSODY.settingsFor(PROSODY.createAccount(XmppTransportTest.unique(name)));
        XMPPTCPConnection connection = XmppConnections.connection(settings, "raw");
        connection.connect().login();
        closing.add(connection::disconnect);
        return connection;
    }

    private Peer connect(String name, ReassemblyLimits limits) throws InterruptedException {
        var account = PROSODY.createAccount(XmppTransportTest.unique(name));
        XmppTransport transport = track(new XmppTransport(PROSODY.settingsFor(account).withReassembly(limits).withDirect(LOOPBACK)));
        RecordingListener inbox = new RecordingListener();
        transport.setListener(inbox);
        transport.start();
        assertTrue(transport.awaitConnected(DEADLINE), () -> account + " did not connect: " + transport.lastFailure());
        return new Peer(transport, inbox);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    record Peer(XmppTransport transport, RecordingListener inbox) {}
}
