package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.transport.direct.DirectSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmppSettingsTest {
    @TempDir
    Path dir;
    private Path ca;
    private Map<String, String> env;

    @BeforeEach
    void environment() throws IOException {
        ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        env = new HashMap<>(Map.of("XMPP_SERVER", "prosody", "XMPP_DOMAIN", "pmad.local",
                "AGENT_ID", "agent-1", "XMPP_PASSWORD", "s3cret", "XMPP_CA_CERT", ca.toString()));
    }

    @Test
    void fromEnvironment_minimal_usesDefaults() {
        XmppSettings s = XmppSettings.fromEnvironment(env, "AGENT_ID");

        assertEquals("prosody", s.host());
        assertEquals(5222, s.port());
        assertEquals("agent-1@pmad.local", s.jid());
        assertEquals("s3cret", s.password());
        assertTrue(s.requireTls());
        assertEquals(64 * 1024, s.chunkBytes());
        assertFalse(s.toString().contains("s3cret"), "the password never reaches logs");
    }

    @Test
    void fromEnvironment_passwordFile_isReadAndTrimmed() throws IOException {
        env.remove("XMPP_PASSWORD");
        env.put("XMPP_PASSWORD_FILE", Files.writeString(dir.resolve("agent-1"), "  from-secret\n").toString());

        assertEquals("from-secret", XmppSettings.fromEnvironment(env, "AGENT_ID").password());
    }

    @Test
    void fromEnvironment_bothOrNeitherPassword_isRejected() {
        env.put("XMPP_PASSWORD_FILE", "/run/secrets/agent-1");
        assertMessage("both XMPP_PASSWORD and XMPP_PASSWORD_FILE");
        env.remove("XMPP_PASSWORD_FILE");
        env.remove("XMPP_PASSWORD");
        assertMessage("set XMPP_PASSWORD_FILE");
    }

    @Test
    void fromEnvironment_missingOrEmptyPasswordFile_namesTheFile() throws IOException {
        env.remove("XMPP_PASSWORD");
        env.put("XMPP_PASSWORD_FILE", dir.resolve("absent").toString());
        assertMessage("cannot read XMPP_PASSWORD_FILE=" + dir.resolve("absent"));
        env.put("XMPP_PASSWORD_FILE", Files.writeString(dir.resolve("empty"), "\n").toString());
        assertMessage("is empty");
    }

    @Test
    void fromEnvironment_badValues_nameTheirVariable() {
        env.remove("XMPP_SERVER");
        assertMessage("XMPP_SERVER is not set");
        env.put("XMPP_SERVER", "prosody");
        env.put("XMPP_PORT", "52x2");
        assertMessage("XMPP_PORT=52x2 is not a whole number");
        env.put("XMPP_PORT", "70000");
        assertMessage("set XMPP_PORT");
        env.remove("XMPP_PORT");
        env.put("XMPP_CHUNK_BYTES", "999999");
        assertMessage("set XMPP_CHUNK_BYTES");
        env.remove("XMPP_CHUNK_BYTES");
        env.put("XMPP_CA_CERT", dir.resolve("missing.pem").toString());
        assertMessage("XMPP_CA_CERT=");
        env.remove("XMPP_CA_CERT");
        assertMessage("set XMPP_CA_CERT");
        env.put("XMPP_REQUIRE_TLS", "maybe");
        assertMessage("XMPP_REQUIRE_TLS=maybe must be true or false");
        env.put("XMPP_REQUIRE_TLS", "false");
        assertFalse(XmppSettings.fromEnvironment(env, "AGENT_ID").requireTls());
    }

    @Test
    void fromEnvironment_usernameProblems_nameTheUsernameVariable() {
        env.remove("AGENT_ID");
        assertMessage("AGENT_ID is not set");
        env.put("AGENT_ID", "agent-1@pmad.local");
        assertMessage("AGENT_ID=agent-1@pmad.local must be the user name only");
        env.put("AGENT_ID", "Agent-1");
        assertMessage("lower-case JID local part");
    }

    @Test
    void fromEnvironment_noDomain_usesTheServerHost() {
        env.remove("XMPP_DOMAIN");

        assertEquals("agent-1@prosody", XmppSettings.fromEnvironment(env, "AGENT_ID").jid());
    }

    @Test
    void fromEnvironment_maxModelParameters_derivesTheLimits() {
        env.put("MAX_MODEL_PARAMETERS", "10000000");

        ReassemblyLimits limits = XmppSettings.fromEnvironment(env, "AGENT_ID").reassembly();

        // python3: b = 4 * -(-10_000_000 * 8 // 3); print(3 * b + 2**20, 4 * (3 * b + 2**20))
        // -> 321048580 1284194320: three vectors of base64 doubles plus a 1 MiB envelope, 4 in flight
        assertEquals(321_048_580, limits.maxPayloadBytes());
        assertEquals(1_284_194_320L, limits.maxBufferedBytes());
        assertEquals(10_000_000, limits.modelParameters());
        assertEquals(ReassemblyLimits.forModel(2_000_000), XmppSettings.fromEnvironment(Map.of("XMPP_SERVER", "prosody",
                "AGENT_ID", "agent-1", "XMPP_PASSWORD", "s3cret", "XMPP_CA_CERT", ca.toString()), "AGENT_ID").reassembly(),
                "2,000,000 parameters by default");
    }

    @Test
    void fromEnvironment_maxModelParametersOutOfRange_isRejectedNamingIt() {
        env.put("MAX_MODEL_PARAMETERS", "0");
        assertMessage("MAX_MODEL_PARAMETERS");
    }

    @Test
    void fromEnvironment_directHost_enablesDirectTransfers() {
        assertEquals(null, XmppSettings.fromEnvironment(env, "AGENT_ID").direct(), "in-band unless configured");
        env.put("XMPP_DIRECT_HOST", "agent-1");
        env.put("XMPP_DIRECT_PORT", "7070");

        assertEquals(new DirectSettings("agent-1", 7070), XmppSettings.fromEnvironment(env, "AGENT_ID").direct());
        env.put("XMPP_DIRECT_PORT", "70000");
        assertMessage("XMPP_DIRECT_PORT");
    }

    private void assertMessage(String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XmppSettings.fromEnvironment(env, "AGENT_ID"));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
