package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that trust the same PEM file share one TLS context, so a later login resumes an
 * earlier session (TLS 1.3 PSK) against {@code LocalProsody}, whose config turns session tickets
 * on: no second certificate check, which is most of a client's handshake (BENCHMARKS.md, 1,000
 * agents over XMPP). A full handshake is the one that checks the server's certificate.
 */
class TlsResumptionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @Test
    void secondLogin_trustingTheSameFile_resumesWithoutCheckingTheCertificateAgain() throws InterruptedException {
        XmppSettings first = PROSODY.settingsFor(PROSODY.createAccount("resume-first"));
        XmppSettings second = PROSODY.settingsFor(PROSODY.createAccount("resume-second"));
        assertSame(PemTrustContext.forPem(first.caCertPem()), PemTrustContext.forPem(second.caCertPem()));

        try (XmppTransport a = new XmppTransport(first)) {
            a.start();
            assertTrue(a.awaitConnected(DEADLINE), "the first login");
            long checks = PemTrustContext.certificateChecks();
            try (XmppTransport b = new XmppTransport(second)) {
                b.start();
                assertTrue(b.awaitConnected(DEADLINE), "the second login");
                assertEquals(checks, PemTrustContext.certificateChecks(), "the second login checked the certificate: a full handshake");
            }
        }
    }
}
