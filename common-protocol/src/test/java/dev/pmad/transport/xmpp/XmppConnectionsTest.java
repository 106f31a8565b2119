package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client side of Nagle's algorithm: off, as on the server (BENCHMARKS.md). */
class XmppConnectionsTest {
    @Test
    void connectionSockets_haveNagleOff() throws Exception {
        XmppSettings s = XmppSettings.fromEnvironment(Map.of("XMPP_SERVER", "127.0.0.1", "XMPP_DOMAIN", "localhost",
                "AGENT_ID", "agent-1", "XMPP_PASSWORD", "secret", "XMPP_REQUIRE_TLS", "false"), "AGENT_ID");

        try (Socket socket = XmppConnections.configuration(s, "r").getSocketFactory().createSocket()) {
            assertTrue(socket.getTcpNoDelay());
        }
    }
}
