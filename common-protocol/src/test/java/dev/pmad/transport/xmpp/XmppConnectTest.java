package dev.pmad.transport.xmpp;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.testing.RecordingListener;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import dev.pmad.transport.xmpp.prosody.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failing to connect: each cause is named, and retries back off instead of spinning. */
class XmppConnectTest {
    /** 100, 200, 400, 400, 400 ms: the least time the first six attempts can take. */
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final long MIN_MILLIS_FOR_SIX_ATTEMPTS = 100 + 200 + 400 + 400 + 400;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    @Test
    void connect_wrongPassword_logsClearErrorAndBacksOff() {
        Account account = PROSODY.createAccount("wrong-password");
        XmppSettings settings = PROSODY.settingsFor(account).withPassword("not-" + account.password()).withBackoff(FAST);

        ConnectFailure failure = sixAttempts(settings);

        assertEquals(ConnectFailure.Kind.WRONG_CREDENTIALS, failure.kind(), failure.message());
        assertTrue(failure.message().contains("XMPP_PASSWORD"), failure.message());
    }

    @Test
    void connect_unreachableServer_logsClearErrorAndBacksOff() throws IOException {
        Account account = PROSODY.createAccount("unreachable");
        XmppSettings settings = PROSODY.settingsFor(account).withPort(closedPort()).withBackoff(FAST);

        ConnectFailure failure = sixAttempts(settings);

        assertEquals(ConnectFailure.Kind.UNREACHABLE, failure.kind(), failure.message());
        assertTrue(failure.message().contains("XMPP_SERVER and XMPP_PORT"), failure.message());
    }

    @Test
    void connect_serverCertificateNotInCaFile_failsTlsAndNeverLogsIn() {
        Account account = PROSODY.createAccount("untrusting");
        Path otherCa = SelfSignedCertificate.generate(dir, PROSODY.domain()).certificate();
        XmppSettings s = PROSODY.settingsFor(account);
        XmppSettings settings = new XmppSettings(s.host(), s.port(), s.domain(), s.username(), s.password(), otherCa,
                true, s.chunkBytes(), s.connectTimeout(), FAST, s.reassembly(), null);

        try (XmppTransport transport = new XmppTransport(settings)) {
            transport.start();
            await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> transport.lastFailure().isPresent(), () -> "a failed attempt"));

            ConnectFailure failure = transport.lastFailure().orElseThrow();
            assertEquals(ConnectFailure.Kind.TLS, failure.kind(), failure.message());
            assertTrue(failure.message().contains("XMPP_CA_CERT"), failure.message());
            assertFalse(transport.isConnected());
        }
    }

    @Test
    void connect_afterAccountIsCreatedLate_succeedsOnARetry() throws InterruptedException {
        Account future = new Account("late-account", "late-password", "late-account@localhost");
        XmppSettings settings = PROSODY.settingsFor(future).withBackoff(FAST);
        RecordingListener listener = new RecordingListener();

        try (XmppTransport transport = new XmppTransport(settings)) {
            transport.setListener(listener);
            transport.start();
            await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> transport.lastFailure().isPresent(), () -> "a refused login"));
            PROSODY.createAccount(future.username(), future.password());

            assertTrue(transport.awaitConnected(DEADLINE), () -> "still failing: " + transport.lastFailure());
            listener.awaitConnection(true, DEADLINE);
            assertTrue(transport.lastFailure().isEmpty(), "the failure is cleared once logged in");
        }
    }

    /** Lets a transport fail six times and checks that it took at least the backoff's time. */
    private static ConnectFailure sixAttempts(XmppSettings settings) {
        try (XmppTransport transport = new XmppTransport(settings)) {
            long start = System.nanoTime();
            transport.start();
            await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> transport.connectAttempts() >= 6, () -> "six attempts, got " + transport.connectAttempts() + ": " + transport.lastFailure()));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(elapsedMillis >= MIN_MILLIS_FOR_SIX_ATTEMPTS, "six attempts in " + elapsedMillis
                    + " ms: retries must wait out the backoff, not spin");
            assertFalse(transport.isConnected());
            return transport.lastFailure().orElseThrow();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
