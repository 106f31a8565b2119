package dev.pmad.transport.xmpp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.xml.stream.XMLInputFactory;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.java7.XmppHostnameVerifier;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/** Turns {@link XmppSettings} into Smack's connection configuration. */
final class XmppConnections {
    private XmppConnections() {}

    /**
     * The StAX implementation Smack parses stanzas with, fixed to the JDK's own before Smack's
     * parser factory first loads: otherwise {@code XMLInputFactory.newInstance()} takes whatever
     * the class path registers, and the Spark agent's class path registers Hadoop's shaded
     * Woodstox, under which the coordinator silently received none of a sender's chunk elements.
     * An explicit {@code -Djavax.xml.stream.XMLInputFactory} still wins.
     */
    static void pinXmlParser() {
        if (System.getProperty(XML_INPUT_FACTORY) == null) {
            System.setProperty(XML_INPUT_FACTORY, XMLInputFactory.newDefaultFactory().getClass().getName());
        }
    }

    private static final String XML_INPUT_FACTORY = "javax.xml.stream.XMLInputFactory";

    /**
     * A connection (not yet connected) for {@code s}. The parser is pinned first, as its own
     * statement: Java initialises the class named by {@code new}, and with it Smack's parser
     * factory, before it evaluates the arguments.
     */
    static XMPPTCPConnection connection(XmppSettings s, String resource) {
        pinXmlParser();
        return new XMPPTCPConnection(configuration(s, resource));
    }

    static XMPPTCPConnectionConfiguration configuration(XmppSettings s, String resource) {
        XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder();
        try {
            builder.setXmppDomain(s.domain())
                    .setHost(s.host())
                    .setPort(s.port())
                    .setUsernameAndPassword(s.username(), s.password())
                    .setResource(resource)
                    .setConnectTimeout((int) s.connectTimeout().toMillis())
                    // Available presence makes the server route messages for our bare JID to us.
                    .setSendPresence(true)
                    .setSocketFactory(NO_DELAY);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("invalid XMPP domain or resource in " + s + ": " + e.getMessage(), e);
        }
        if (s.caCertPem() != null) {
            SSLContext context = PemTrustContext.forPem(s.caCertPem());
            builder.setSslContextFactory(() -> context)
                    // Set explicitly rather than relying on Smack's global default: the server's
                    // certificate must name the XMPP domain (RFC 6120 section 13.7.2), not just be trusted.
                    .setHostnameVerifier(new XmppHostnameVerifier());
        }
        builder.setSecurityMode(s.requireTls() ? SecurityMode.required
                : s.caCertPem() != null ? SecurityMode.ifpossible : SecurityMode.disabled);
        return builder.build();
    }

    private static final SocketFactory NO_DELAY = new NoDelaySocketFactory();

    /**
     * Plain sockets with Nagle's algorithm off (TCP_NODELAY), which the TLS layer Smack puts on top
     * keeps. With Nagle on, a small stanza written while an earlier one is unacknowledged waits for
     * the peer's delayed ACK (40 ms on Linux), and a round is a chain of small stanzas; the server
     * side is switched off likewise in Prosody's {@code network_settings} (BENCHMARKS.md).
     */
    static final class NoDelaySocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new Socket(address, port, localAddress, localPort));
        }

        private static Socket connected(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
