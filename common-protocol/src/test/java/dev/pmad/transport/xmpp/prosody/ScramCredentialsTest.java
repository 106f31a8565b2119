package dev.pmad.transport.xmpp.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** SCRAM-SHA-1 stored credentials (RFC 5802, section 3) against ones Prosody derived itself. */
class ScramCredentialsTest {
    @Test
    void derive_matchesTheKeysProsodyctlWrote() {
        // `printf 'secret-pw\nsecret-pw\n' | prosodyctl register agent-1 localhost` (Prosody 0.12.3,
        // internal_hashed) wrote data/localhost/accounts/agent%2d1.dat with these fields; python3 gives the same:
        // sp = hashlib.pbkdf2_hmac('sha1', b'secret-pw', b'23c44409-85fd-49a4-b668-e028c9b961b4', 10000)
        // hashlib.sha1(hmac.new(sp, b'Client Key', 'sha1').digest()).hexdigest(); hmac.new(sp, b'Server Key', 'sha1').hexdigest()
        ScramCredentials c = ScramCredentials.derive("secret-pw", "23c44409-85fd-49a4-b668-e028c9b961b4", 10000);

        assertEquals(new ScramCredentials("23c44409-85fd-49a4-b668-e028c9b961b4", 10000,
                "6d55c33b1477fd5e010fb53282699180b670e89a", "d45455f178e5ef77c9fe78f90ccda542d048aee9"), c);
    }

    @Test
    void derive_passwordOutsidePrintableAscii_isRefusedRatherThanHashedWithoutSaslprep() {
        assertThrows(IllegalArgumentException.class, () -> ScramCredentials.derive("pass word", "salt", 4096));
        assertThrows(IllegalArgumentException.class, () -> ScramCredentials.derive("pässword", "salt", 4096));
    }
}
