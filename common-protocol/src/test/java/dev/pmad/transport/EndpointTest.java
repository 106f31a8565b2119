package dev.pmad.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed messages over an {@link InMemoryNetwork}: codec on both ends, and the sender check. */
class EndpointTest {
    private static final String COORDINATOR = "coordinator@pmad.local";
    private static final String AGENT = "agent-1@pmad.local";

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final MessageCodec codec = new MessageCodec();
    private final Endpoint coordinator = new Endpoint(network.connect(COORDINATOR), codec);
    private final Endpoint agent = new Endpoint(network.connect(AGENT), codec);
    private final Recorder atCoordinator = new Recorder();
    private final Recorder atAgent = new Recorder();

    EndpointTest() {
        coordinator.setListener(atCoordinator);
        agent.setListener(atAgent);
    }

    private static ModelUpdate update(String sender) {
        return new ModelUpdate("run-1", 2, sender, Weights.of(0.5, -0.0, Double.MIN_VALUE), 40, 0.7, 0.3, 1.5);
    }

    @Test
    void send_modelUpdate_arrivesEqualAtThePeer() throws TransportException {
        agent.send(COORDINATOR, update(AGENT));
        assertEquals(List.of(update(AGENT)), atCoordinator.messages);
        assertEquals(List.of(), atCoordinator.rejections);
    }

    @Test
    void send_bothWays_eachSideReceivesTheOther() throws TransportException {
        Stop stop = new Stop("run-1", 2, COORDINATOR, "operator stop");
        Heartbeat heartbeat = new Heartbeat("run-1", 2, AGENT, "IDLE");
        coordinator.send(AGENT, stop);
        agent.send(COORDINATOR, heartbeat);
        assertEquals(List.of(stop), atAgent.messages);
        assertEquals(List.of(heartbeat), atCoordinator.messages);
    }

    @Test
    void payloadFromASenderTheListenerDoesNotAdmit_isRejectedUndecoded() throws TransportException {
        var rejections = new ArrayList<String>();
        coordinator.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                throw new AssertionError("decoded a message from a sender not admitted: " + message);
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                rejections.add(from + " " + reason);
            }

            @Override
            public boolean admits(String from) {
                return false;
            }
        });
        network.connect("mallory@pmad.local").send(COORDINATOR, "not even JSON");
        agent.send(COORDINATOR, update(AGENT));
        assertEquals(List.of("mallory@pmad.local " + Endpoint.NOT_ADMITTED, AGENT + " " + Endpoint.NOT_ADMITTED), rejections);
    }

    @Test
    void address_isTheTransportAddress() {
        assertEquals(AGENT, agent.address());
    }

    @Test
    void onPayload_senderFieldDifferentFromTransportAddress_isRejectedAsSpoofed() {
        // Mallory is authenticated as herself but claims to be agent-1.
        network.inject("mallory@pmad.local", COORDINATOR, codec.encode(update(AGENT)));

        assertEquals(List.of(), atCoordinator.messages);
        assertEquals(1, atCoordinator.rejections.size());
        Rejection r = atCoordinator.rejections.get(0);
        assertEquals("mallory@pmad.local", r.from());
        assertEquals("spoofed-sender", r.reason());
        assertTrue(r.detail().contains(AGENT) && r.detail().contains("mallory@pmad.local"), r.detail());
    }

    @Test
    void onPayload_senderFieldMatchingTransportAddress_isDelivered() {
        network.inject(AGENT, COORDINATOR, codec.encode(update(AGENT)));
        assertEquals(List.of(update(AGENT)), atCoordinator.messages);
    }

    @Test
    void onPayload_malformedJson_isReportedNotDelivered() {
        network.inject(AGENT, COORDINATOR, "{\"v\":4,\"type\":");
        assertEquals(List.of(), atCoordinator.messages);
        assertEquals(1, atCoordinator.rejections.size());
        assertEquals(AGENT, atCoordinator.rejections.get(0).from());
        assertEquals("malformed", atCoordinator.rejections.get(0).reason());
    }

    @Test
    void onPayload_invalidMessage_isReportedWithTheCodecReasonAndDetail() {
        String withExtraField = codec.encode(update(AGENT)).replace("\"samples\":", "\"rows\":[],\"samples\":");
        network.inject(AGENT, COORDINATOR, withExtraField);
        assertEquals(List.of(), atCoordinator.messages);
        Rejection r = atCoordinator.rejections.get(0);
        assertEquals("unknown-field", r.reason());
        assertTrue(r.detail().contains("'rows'"), r.detail());
    }

    @Test
    void onPayload_oversized_isReportedAsOversized() {
        Endpoint strict = new Endpoint(network.connect("strict@pmad.local"), new MessageCodec(1024));
        Recorder recorder = new Recorder();
        strict.setListener(recorder);
        network.inject(AGENT, "strict@pmad.local", " ".repeat(1025));
        assertEquals("oversized", recorder.rejections.get(0).reason());
    }

    @Test
    void send_messageClaimingAnotherSender_isRefusedBeforeSending() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> agent.send(COORDINATOR, update("agent-2@pmad.local")));
        assertTrue(e.getMessage().contains("agent-2@pmad.local") && e.getMessage().contains(AGENT), e.getMessage());
        assertEquals(List.of(), atCoordinator.messages);
    }

    @Test
    void send_toUnknownAddress_isSilentlyLost() throws TransportException {
        agent.send("nobody@pmad.local", update(AGENT));
        assertEquals(List.of(), atCoordinator.messages);
    }

    @Test
    void send_whenFilterDropsTheLink_isLost() throws TransportException {
        network.setFilter((from, to) -> !from.equals(AGENT));
        agent.send(COORDINATOR, update(AGENT));
        coordinator.send(AGENT, new Stop("run-1", 2, COORDINATOR, "x"));
        assertEquals(List.of(), atCoordinator.messages);
        assertEquals(1, atAgent.messages.size());
    }

    @Test
    void send_afterClose_throwsTransportException() {
        agent.close();
        assertThrows(TransportException.class, () -> agent.send(COORDINATOR, update(AGENT)));
    }

    @Test
    void close_peer_makesItsMessagesLost() throws TransportException {
        coordinator.close();
        agent.send(COORDINATOR, update(AGENT));
        assertEquals(List.of(), atCoordinator.messages);
    }

    @Test
    void send_encodesWithTheCodec_andConnectionChangesReachTheListener() throws TransportException {
        FakeTransport transport = new FakeTransport(AGENT);
        Endpoint endpoint = new Endpoint(transport, codec);
        Recorder recorder = new Recorder();
        endpoint.setListener(recorder);

        endpoint.send(COORDINATOR, update(AGENT));
        transport.listener.onConnectionChanged(false);
        transport.listener.onConnectionChanged(true);

        assertEquals(List.of(COORDINATOR + " " + codec.encode(update(AGENT))), transport.sent);
        assertEquals(List.of(false, true), recorder.connectionChanges);
    }

    record Rejection(String from, String reason, String detail) {}

    /** Delivery on an {@link InMemoryNetwork} is synchronous, so plain lists are enough. */
    private static final class Recorder implements Endpoint.Listener {
        final List<Message> messages = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        final List<Boolean> connectionChanges = new ArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        @Override
        public void onRejected(String from, String reason, String detail) {
            rejections.add(new Rejection(from, reason, detail));
        }

        @Override
        public void onConnectionChanged(boolean connected) {
            connectionChanges.add(connected);
        }
    }

    /** Records what is sent and exposes the listener, to drive connection changes by hand. */
    private static final class FakeTransport implements Transport {
        final String address;
        final List<String> sent = new ArrayList<>();
        Listener listener;

        FakeTransport(String address) {
            this.address = address;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public void send(String to, String payload) {
            sent.add(to + " " + payload);
        }

        @Override
        public void setListener(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {}
    }
}
