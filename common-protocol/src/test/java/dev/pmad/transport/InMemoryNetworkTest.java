package dev.pmad.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-JVM bus at the payload level: synchronous delivery, loss like an offline contact, filters. */
class InMemoryNetworkTest {
    private final InMemoryNetwork network = new InMemoryNetwork();
    private final Transport alice = network.connect("alice@pmad.local");
    private final Transport bob = network.connect("bob@pmad.local");
    private final Inbox bobInbox = new Inbox();

    InMemoryNetworkTest() {
        bob.setListener(bobInbox);
    }

    @Test
    void send_toConnectedAddress_deliversPayloadFromSenderAddressBeforeReturning() throws TransportException {
        alice.send("bob@pmad.local", "hello");
        assertEquals(List.of("alice@pmad.local: hello"), bobInbox.received);
    }

    @Test
    void address_isTheOneConnectedWith() {
        assertEquals("alice@pmad.local", alice.address());
    }

    @Test
    void send_toUnknownAddress_isSilentlyLost() {
        assertDoesNotThrow(() -> alice.send("nobody@pmad.local", "hello"));
        assertEquals(List.of(), bobInbox.received);
    }

    @Test
    void send_toClosedTransport_isSilentlyLost() {
        bob.close();
        assertDoesNotThrow(() -> alice.send("bob@pmad.local", "hello"));
        assertEquals(List.of(), bobInbox.received);
    }

    @Test
    void send_toTransportWithoutListener_isSilentlyLost() {
        Transport carol = network.connect("carol@pmad.local");
        assertDoesNotThrow(() -> alice.send(carol.address(), "hello"));
    }

    @Test
    void send_fromClosedTransport_throwsNamingTheAddress() {
        alice.close();
        TransportException e = assertThrows(TransportException.class, () -> alice.send("bob@pmad.local", "hello"));
        assertTrue(e.getMessage().contains("alice@pmad.local"), e.getMessage());
        assertEquals(List.of(), bobInbox.received);
    }

    @Test
    void setFilter_rejectingALink_dropsOnlyThatLink() throws TransportException {
        Transport carol = network.connect("carol@pmad.local");
        List<String> asked = new ArrayList<>();
        network.setFilter((from, to) -> {
            asked.add(from + "->" + to);
            return !from.equals("alice@pmad.local");
        });

        alice.send("bob@pmad.local", "dropped");
        carol.send("bob@pmad.local", "delivered");

        assertEquals(List.of("carol@pmad.local: delivered"), bobInbox.received);
        assertEquals(List.of("alice@pmad.local->bob@pmad.local", "carol@pmad.local->bob@pmad.local"), asked);
    }

    @Test
    void setFilter_acceptingAgain_healsThePartition() throws TransportException {
        network.setFilter((from, to) -> false);
        alice.send("bob@pmad.local", "lost");
        network.setFilter((from, to) -> true);
        alice.send("bob@pmad.local", "after");
        assertEquals(List.of("alice@pmad.local: after"), bobInbox.received);
    }

    @Test
    void setFilter_droppingAll_stillFailsSendsFromAClosedTransport() {
        network.setFilter((from, to) -> false);
        alice.close();
        assertThrows(TransportException.class, () -> alice.send("bob@pmad.local", "x"));
    }

    @Test
    void inject_deliversAsIfFromTheClaimedAddress() {
        network.inject("mallory@pmad.local", "bob@pmad.local", "forged");
        assertEquals(List.of("mallory@pmad.local: forged"), bobInbox.received);
    }

    @Test
    void inject_toUnknownAddress_isLost() {
        assertDoesNotThrow(() -> network.inject("alice@pmad.local", "nobody@pmad.local", "x"));
    }

    @Test
    void connect_sameAddressAgain_closesThePreviousTransport() throws TransportException {
        Transport bobAgain = network.connect("bob@pmad.local");
        Inbox newInbox = new Inbox();
        bobAgain.setListener(newInbox);

        alice.send("bob@pmad.local", "to the new one");

        assertEquals(List.of(), bobInbox.received);
        assertEquals(List.of("alice@pmad.local: to the new one"), newInbox.received);
        assertThrows(TransportException.class, () -> bob.send("alice@pmad.local", "old"));
    }

    @Test
    void close_ofReplacedTransport_leavesItsSuccessorReachable() throws TransportException {
        Transport bobAgain = network.connect("bob@pmad.local");
        Inbox newInbox = new Inbox();
        bobAgain.setListener(newInbox);

        bob.close();
        alice.send("bob@pmad.local", "still there");

        assertEquals(List.of("alice@pmad.local: still there"), newInbox.received);
    }

    @Test
    void connect_afterClose_makesAddressReachableAgain() throws TransportException {
        bob.close();
        Transport bobAgain = network.connect("bob@pmad.local");
        Inbox newInbox = new Inbox();
        bobAgain.setListener(newInbox);
        alice.send("bob@pmad.local", "welcome back");
        assertEquals(List.of("alice@pmad.local: welcome back"), newInbox.received);
    }

    /** Delivery is synchronous, so a plain list is enough. */
    private static final class Inbox implements Transport.Listener {
        final List<String> received = new ArrayList<>();

        @Override
        public void onPayload(String from, String payload) {
            received.add(from + ": " + payload);
        }
    }
}
