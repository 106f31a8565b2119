package dev.pmad.transport.xmpp;

import java.util.Map;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A plain Smack client on an account, for tests that send what no {@link XmppTransport} would:
 * forged or flooding chunk elements, raw bodies. Logs in with resource {@code raw}, so it can be
 * online beside an {@link XmppTransport} of the same account. Shared through the test-jar.
 */
public final class RawXmppClient implements AutoCloseable {
    private final XMPPTCPConnection connection;

    private RawXmppClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Connects and logs in (TLS as {@code settings} say); throws if that fails. */
    public static RawXmppClient connect(XmppSettings settings) throws Exception {
        XMPPTCPConnection connection = XmppConnections.connection(settings, "raw");
        connection.connect().login();
        return new RawXmppClient(connection);
    }

    /** One {@code <chunk xmlns='urn:pmad:transport:chunk:1'/>} with these attributes and text, to {@code to}'s bare JID. */
    public void sendChunk(String to, Map<String, String> attributes, String text) throws Exception {
        StandardExtensionElement chunk = StandardExtensionElement
                .builder(WireFormat.CHUNK_ELEMENT, WireFormat.CHUNK_NAMESPACE)
                .addAttributes(attributes).setText(text).build();
        connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to)).addExtension(chunk).build());
    }

    /** A message whose body is {@code body}, as an {@link XmppTransport} sends a small payload. */
    public void sendBody(String to, String body) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to)).setBody(body).build());
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
