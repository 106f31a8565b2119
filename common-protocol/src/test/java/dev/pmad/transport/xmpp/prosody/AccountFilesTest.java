package dev.pmad.transport.xmpp.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where and how {@link AccountFiles} writes an account, as Prosody's util/datamanager.lua names it. */
class AccountFilesTest {
    @TempDir
    Path data;

    @Test
    void encode_writesEveryByteButLettersAndDigitsAsPercentHex() {
        // Lua: ("agent-1"):gsub("%W", function (c) return ("%%%02x"):format(c:byte()) end) -> agent%2d1
        assertEquals("agent%2d1", AccountFiles.encode("agent-1"));
        assertEquals("pmad%2eexample%2eorg", AccountFiles.encode("pmad.example.org"));
        assertEquals("coordinator", AccountFiles.encode("coordinator"));
    }

    @Test
    void write_putsTheLuaTableWhereProsodyLooks() throws Exception {
        ScramCredentials c = new ScramCredentials("a-salt", 4096, "0a", "0b");

        AccountFiles.write(data, "pmad.example.org", "agent-7", c);

        Path file = data.resolve("pmad%2eexample%2eorg/accounts/agent%2d7.dat");
        assertEquals("return {\n\t[\"iteration_count\"] = 4096;\n\t[\"salt\"] = \"a-salt\";\n"
                + "\t[\"server_key\"] = \"0b\";\n\t[\"stored_key\"] = \"0a\";\n};\n", Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void write_nameProsodyWouldNodeprepDifferently_isRefusedWithAPointerToProsodyctl() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AccountFiles.write(data, "localhost", "Agent-1", new ScramCredentials("s", 4096, "0a", "0b")));
        assertTrue(e.getMessage().contains("prosodyctl"), e.getMessage());
    }
}
