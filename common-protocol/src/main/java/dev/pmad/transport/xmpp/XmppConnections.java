package dev.pmad.transport.xmpp;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.java7.XmppHostnameVerifier;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/** Turns {@link XmppSettings} into Smack's connection configuration. */
final class XmppConnections {
    private XmppConnections() {}

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
                    .setSendPresence(true);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("invalid XMPP domain or resource in " + s + ": " + e.getMessage(), e);
        }
        if (s.caCertPem() != null) {
            builder.setCustomX509TrustManager(PemTrust.trustManager(s.caCertPem()))
                    // Set explicitly rather than relying on Smack's global default: the server's
                    // certificate must name the XMPP domain (RFC 6120 section 13.7.2), not just be trusted.
                    .setHostnameVerifier(new XmppHostnameVerifier());
        }
        builder.setSecurityMode(s.requireTls() ? SecurityMode.required
                : s.caCertPem() != null ? SecurityMode.ifpossible : SecurityMode.disabled);
        return builder.build();
    }
}
