package dev.pmad.transport.xmpp.prosody;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.transport.xmpp.ConnectFailure;
import dev.pmad.transport.xmpp.XmppTransport;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accounts written straight into Prosody's storage log in over a real Prosody, and the files
 * hold what prosodyctl would have written for the same password and salt.
 */
class BulkAccountsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Pattern FIELD = Pattern.compile("\\[\"(\\w+)\"\\] = \"?([^\";]*)\"?;");

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @Test
    void createAccounts_writtenWhileTheServerRuns_logInOverTls() throws InterruptedException {
        List<Account> accounts = PROSODY.local().createAccounts(List.of("bulk-1", "bulk-2", "bulk-3"));

        assertEquals(List.of("bulk-1@localhost", "bulk-2@localhost", "bulk-3@localhost"),
                accounts.stream().map(Account::jid).toList());
        for (Account account : accounts) {
            try (XmppTransport transport = new XmppTransport(PROSODY.settingsFor(account))) {
                transport.start();
                assertTrue(transport.awaitConnected(DEADLINE),
                        () -> account + ": " + transport.lastFailure() + "\n" + PROSODY.logTail(20));
            }
        }
    }

    @Test
    void createAccount_again_resetsThePassword() throws InterruptedException {
        Account first = PROSODY.createAccount("bulk-reset");
        Account second = PROSODY.createAccount("bulk-reset");

        try (XmppTransport old = new XmppTransport(PROSODY.settingsFor(first));
             XmppTransport current = new XmppTransport(PROSODY.settingsFor(second))) {
            current.start();
            assertTrue(current.awaitConnected(DEADLINE), () -> "new password: " + current.lastFailure());
            old.start();
            await().atMost(DEADLINE).until(() -> old.lastFailure().isPresent());
            assertEquals(ConnectFailure.Kind.WRONG_CREDENTIALS, old.lastFailure().orElseThrow().kind());
            assertFalse(old.isConnected());
        }
    }

    @Test
    void accountFile_ofProsodyctl_isWhatTheDerivationWrites() throws Exception {
        PROSODY.createAccount("by-prosodyctl", "a-chosen-password"); // prosodyctl register

        Path file = Path.of(PROSODY.environment().get("PROSODY_DATA_DIR"), "localhost", "accounts", "by%2dprosodyctl.dat");
        String written = Files.readString(file);
        Map<String, String> fields = new HashMap<>();
        for (Matcher m = FIELD.matcher(written); m.find(); ) fields.put(m.group(1), m.group(2));
        ScramCredentials derived = ScramCredentials.derive("a-chosen-password", fields.get("salt"),
                Integer.parseInt(fields.get("iteration_count")));

        assertEquals(new ScramCredentials(fields.get("salt"), Integer.parseInt(fields.get("iteration_count")),
                fields.get("stored_key"), fields.get("server_key")), derived, written);
    }
}
