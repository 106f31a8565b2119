package dev.pmad.transport.xmpp;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.testing.RecordingListener;
import dev.pmad.testing.RecordingListener.Received;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** Sending and receiving through a real Prosody with its default 256 KiB stanza limit. */
class XmppTransportTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    private final List<XmppTransport> transports = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        transports.forEach(XmppTransport::close);
    }

    @Test
    void send_smallPayload_arrivesOverTls() throws Exception {
        Peer alice = connect("alice");
        Peer bob = connect("bob");

        alice.transport.send(bob.transport.address(), "{\"type\":\"HEARTBEAT\"}");

        Received received = bob.inbox.next(DEADLINE);
        assertEquals(alice.transport.address(), received.from());
        assertEquals("{\"type\":\"HEARTBEAT\"}", received.payload());
        assertEquals(0, bob.transport.chunkStats().completedTransfers(), "a small payload travels as a body");
    }

    @Test
    void send_payloadAboveStanzaLimit_arrivesWhole() throws Exception {
        Peer coordinator = connect("coordinator");
        Peer agent = connect("agent");
        String model = modelUpdateJson(500_000, new Random(42));
        assertTrue(model.length() > 5_000_000, "a 500,000-parameter update is ~5.3 MB of JSON");

        long start = System.nanoTime();
        agent.transport.send(coordinator.transport.address(), model);
        Received received = coordinator.inbox.next(Duration.ofSeconds(60));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(model, received.payload());
        assertEquals(agent.transport.address(), received.from());
        assertEquals(1, coordinator.transport.chunkStats().completedTransfers());
        assertTrue(agent.transport.isConnected(), "no stanza above the limit, so the sender is still connected");
        System.out.printf("5.3 MB model update through Prosody in %d ms%n", millis);
    }

    @Test
    void send_textXmlCannotCarryVerbatim_arrivesByteIdentical() throws Exception {
        Peer alice = connect("alice");
        Peer bob = connect("bob");
        String awkward = "line1\r\nline2\u0001 <&> \"quoted\" \uD83D\uDE00 end\r";

        alice.transport.send(bob.transport.address(), awkward);

        assertEquals(awkward, bob.inbox.next(DEADLINE).payload());
    }

    @Test
    void send_toInvalidAddress_throwsTransportException() throws Exception {
        Peer alice = connect("alice");

        TransportException e = assertThrows(TransportException.class, () -> alice.transport.send("not a jid@", "{}"));

        assertTrue(e.getMessage().contains("not a bare JID"), e.getMessage());
    }

    @Test
    void send_beforeConnected_throwsTransportExceptionSayingSo() throws Exception {
        Account account = PROSODY.createAccount(unique("idle"));
        XmppTransport idle = track(new XmppTransport(PROSODY.settingsFor(account)));

        TransportException e = assertThrows(TransportException.class, () -> idle.send("bob@localhost", "{}"));

        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
    }

    @Test
    void receive_chunkFlood_isDroppedAndCountedAndTransportKeepsWorking() throws Exception {
        Peer alice = connect("alice");
        Peer bob = connect("bob");
        XMPPTCPConnection mallory = rawConnection("mallory");
        int flood = 300;
        int open = ReassemblyLimits.DEFAULT.maxPartialTransfersPerSender();
        byte[] sha256 = new byte[32];
        String data = Base64.getEncoder().encodeToString(new byte[1000]);

        for (int i = 0; i < flood; i++) {
            sendChunk(mallory, bob, Map.of("id", "flood-" + i, "index", "0", "count", "10", "length", "10000",
                    "sha256", Base64.getEncoder().encodeToString(sha256)), data);
        }
        String model = modelUpdateJson(20_000, new Random(3));
        alice.transport.send(bob.transport.address(), model);

        assertEquals(model, bob.inbox.next(DEADLINE).payload(), "an honest sender's chunked payload still arrives");
        await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> bob.transport.chunkStats().droppedChunkSets() == flood - open, () -> "all but " + open + " flood sets dropped: " + bob.transport.chunkStats()));
        ChunkStats stats = bob.transport.chunkStats();
        assertEquals(open, stats.partialTransfers(), "only the per-sender allowance waits for more chunks");
        assertEquals(open * 1000L, stats.bufferedBytes());
        assertTrue(bob.transport.isConnected());
        mallory.disconnect();
    }

    @Test
    void receive_fromASenderTheListenerDoesNotAdmit_isRefusedBeforeReassembly() throws Exception {
        Peer alice = connect("alice");
        XmppTransport bobTransport = track(new XmppTransport(PROSODY.settingsFor(PROSODY.createAccount(unique("bob")))));
        RecordingListener inbox = new RecordingListener();
        var refused = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        String aliceJid = alice.transport.address();
        bobTransport.setListener(new dev.pmad.transport.Transport.Listener() {
            @Override
            public void onPayload(String from, String payload) {
                inbox.onPayload(from, payload);
            }

            @Override
            public boolean admits(String from) {
                return from.equals(aliceJid);
            }

            @Override
            public void onRefused(String from, String kind) {
                refused.add(kind);
            }
        });
        bobTransport.start();
        assertTrue(bobTransport.awaitConnected(DEADLINE));
        Peer bob = new Peer(bobTransport, inbox);
        XMPPTCPConnection mallory = rawConnection("mallory");
        String sha = Base64.getEncoder().encodeToString(new byte[32]);
        int flood = 50;

        for (int i = 0; i < flood; i++) {
            sendChunk(mallory, bob, Map.of("id", "flood-" + i, "index", "0", "count", "10", "length", "10000",
                    "sha256", sha), Base64.getEncoder().encodeToString(new byte[1000]));
        }
        mallory.sendStanza(mallory.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(bob.transport.address())).setBody("{\"hello\":1}").build());
        alice.transport.send(bob.transport.address(), "{\"from\":\"alice\"}");

        assertEquals("{\"from\":\"alice\"}", bob.inbox.next(DEADLINE).payload());
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(flood + 1, refused.size()));
        assertEquals(flood, refused.stream().filter("chunk"::equals).count());
        ChunkStats stats = bob.transport.chunkStats();
        assertEquals(0, stats.partialTransfers(), "nothing buffered for a refused sender: " + stats);
        assertEquals(0, stats.droppedChunkSets() + stats.droppedChunks(), "not even looked at: " + stats);
        assertEquals(0, bob.inbox.pending());
        mallory.disconnect();
    }

    @Test
    void receive_malformedChunkMetadata_isDroppedAndCounted() throws Exception {
        Peer alice = connect("alice");
        Peer bob = connect("bob");
        XMPPTCPConnection mallory = rawConnection("mallory");
        String sha = Base64.getEncoder().encodeToString(new byte[32]);
        List<Map<String, String>> malformed = List.of(
                Map.of("id", "m1", "count", "2", "length", "10", "sha256", sha),
                Map.of("id", "m2", "index", "zero", "count", "2", "length", "10", "sha256", sha),
                Map.of("id", "m3", "index", "5", "count", "2", "length", "10", "sha256", sha),
                Map.of("id", "m4", "index", "0", "count", "-2", "length", "10", "sha256", sha),
                Map.of("id", "m5", "index", "0", "count", "2", "length", "10", "sha256", "short"),
                Map.of("id", "bad id!", "index", "0", "count", "2", "length", "10", "sha256", sha));

        for (Map<String, String> attributes : malformed) sendChunk(mallory, bob, attributes, "QUJD");
        sendChunk(mallory, bob, Map.of("id", "m6", "index", "0", "count", "2", "length", "10", "sha256", sha), "%%%");
        alice.transport.send(bob.transport.address(), "{\"still\":\"working\"}");

        assertEquals("{\"still\":\"working\"}", bob.inbox.next(DEADLINE).payload());
        await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> bob.transport.chunkStats().droppedChunks() == malformed.size() + 1, () -> "all malformed chunks counted: " + bob.transport.chunkStats()));
        assertEquals(0, bob.transport.chunkStats().partialTransfers());
        assertEquals(0, bob.inbox.pending());
        mallory.disconnect();
    }

    Peer connect(String name) throws InterruptedException {
        Account account = PROSODY.createAccount(unique(name));
        XmppTransport transport = track(new XmppTransport(PROSODY.settingsFor(account)));
        RecordingListener inbox = new RecordingListener();
        transport.setListener(inbox);
        transport.start();
        assertTrue(transport.awaitConnected(DEADLINE), () -> account + " did not connect: " + transport.lastFailure()
                + "\n" + PROSODY.logTail(20));
        return new Peer(transport, inbox);
    }

    /** A plain Smack client, for sending stanzas no XmppTransport would send. */
    private XMPPTCPConnection rawConnection(String name) throws Exception {
        XmppSettings settings = PROSODY.settingsFor(PROSODY.createAccount(unique(name)));
        XMPPTCPConnection connection = XmppConnections.connection(settings, "raw");
        connection.connect().login();
        return connection;
    }

    private static void sendChunk(XMPPTCPConnection from, Peer to, Map<String, String> attributes, String text)
            throws Exception {
        StandardExtensionElement chunk = StandardExtensionElement
                .builder(WireFormat.CHUNK_ELEMENT, WireFormat.CHUNK_NAMESPACE)
                .addAttributes(attributes).setText(text).build();
        from.sendStanza(from.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to.transport.address())).addExtension(chunk).build());
    }

    private XmppTransport track(XmppTransport transport) {
        transports.add(transport);
        return transport;
    }

    static String unique(String name) {
        return name + "-" + NAMES.incrementAndGet();
    }

    /** JSON shaped like a MODEL_UPDATE: the weights as base64 of little-endian doubles. */
    static String modelUpdateJson(int parameters, Random random) {
        ByteBuffer weights = ByteBuffer.allocate(parameters * Double.BYTES);
        for (int i = 0; i < parameters; i++) weights.putDouble(random.nextGaussian());
        return "{\"v\":4,\"type\":\"MODEL_UPDATE\",\"round\":3,\"weights\":\""
                + Base64.getEncoder().encodeToString(weights.array()) + "\",\"samples\":1200}";
    }

    record Peer(XmppTransport transport, RecordingListener inbox) {}
}
