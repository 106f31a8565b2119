package dev.pmad.transport.xmpp;

import java.security.cert.CertificateException;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Why the last connection attempt failed, classified so that logs and operators see the likely
 * fix rather than a Smack stack trace.
 *
 * @param kind what went wrong
 * @param message what was wrong and what to check, naming the settings involved
 */
public record ConnectFailure(Kind kind, String message) {

    public enum Kind {
        /** The server answered but refused the user name and password (SASL failure). */
        WRONG_CREDENTIALS,
        /** No XMPP server at host:port, or the connection to it broke (refused, timed out, reset, cut off). */
        UNREACHABLE,
        /** The TLS handshake or the server certificate check failed, or TLS was not offered. */
        TLS,
        /** Another client logged in with the same JID and resource and took over the session. */
        REPLACED,
        /** The server ended the stream with another stream error, e.g. system-shutdown on restart. */
        CLOSED_BY_SERVER,
        /** Anything else; the message carries the exception. */
        OTHER
    }

    public ConnectFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static ConnectFailure classify(Throwable failure, XmppSettings s) {
        String where = s.jid() + " at " + s.host() + ":" + s.port();
        SASLErrorException sasl = find(failure, SASLErrorException.class);
        if (sasl != null) {
            return new ConnectFailure(Kind.WRONG_CREDENTIALS, "XMPP server refused the login of " + where + " ("
                    + sasl.getSASLFailure().getSASLErrorString() + "): the password is wrong or the account does not"
                    + " exist. Check XMPP_PASSWORD / XMPP_PASSWORD_FILE and that the account was created"
                    + " (prosody/provision-accounts.sh or prosodyctl register)");
        }
        if (find(failure, SmackException.SecurityRequiredByClientException.class) != null) {
            return new ConnectFailure(Kind.TLS, "XMPP server for " + where + " does not offer STARTTLS but TLS is"
                    + " required: enable TLS on the server (c2s_require_encryption) rather than XMPP_REQUIRE_TLS=false");
        }
        if (find(failure, SmackException.SecurityRequiredByServerException.class) != null) {
            return new ConnectFailure(Kind.TLS, "XMPP server for " + where + " requires TLS but it is disabled here:"
                    + " set XMPP_CA_CERT and XMPP_REQUIRE_TLS=true");
        }
        if (find(failure, CertificateException.class) != null || find(failure, SSLException.class) != null
                || find(failure, SmackException.SmackCertificateException.class) != null
                || find(failure, SmackException.SecurityNotPossibleException.class) != null) {
            SmackException.SmackCertificateException wrapped = find(failure, SmackException.SmackCertificateException.class);
            Throwable cause = wrapped != null ? wrapped.getCertificateException() : failure;
            return new ConnectFailure(Kind.TLS, "TLS with the XMPP server for " + where + " failed (" + rootCause(cause)
                    + "): check that XMPP_CA_CERT=" + s.caCertPem() + " holds the certificate that signed the"
                    + " server's certificate and that the certificate names XMPP_DOMAIN=" + s.domain());
        }
        XMPPException.StreamErrorException streamError = find(failure, XMPPException.StreamErrorException.class);
        if (streamError != null) {
            StreamError error = streamError.getStreamError();
            if (error.getCondition() == StreamError.Condition.conflict) {
                return new ConnectFailure(Kind.REPLACED, "another client logged in as " + s.jid() + " and replaced this"
                        + " session: every agent and the coordinator need their own account");
            }
            String text = error.getDescriptiveText();
            return new ConnectFailure(Kind.CLOSED_BY_SERVER, "the XMPP server at " + s.host() + ":" + s.port()
                    + " ended the session of " + s.jid() + " with stream error '" + error.getCondition() + "'"
                    + (text == null ? "" : " (" + text + ")"));
        }
        if (find(failure, SmackException.ConnectionException.class) != null
                || find(failure, SmackException.NoResponseException.class) != null
                || find(failure, java.io.IOException.class) != null
                // A stream cut off mid-element (server killed) or not XMPP at all (wrong port).
                || find(failure, XmlPullParserException.class) != null) {
            return new ConnectFailure(Kind.UNREACHABLE, "cannot reach the XMPP server for " + where + ", or the"
                    + " connection broke (" + rootCause(failure) + "): check XMPP_SERVER and XMPP_PORT and that"
                    + " the server is running");
        }
        return new ConnectFailure(Kind.OTHER, "XMPP connection of " + where + " failed: " + rootCause(failure));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
            if (t.getCause() == t) break;
        }
        return null;
    }

    private static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return t == failure ? text : failure.getClass().getSimpleName() + " caused by " + text;
    }
}
