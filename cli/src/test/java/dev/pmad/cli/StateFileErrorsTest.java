package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4 of coordinator checkpoints: a corrupt state file, or one of another schema or
 * protocol version, is refused with one line naming the file and exit 2; {@code pmad state show}
 * says what a good one holds.
 */
class StateFileErrorsTest {
    @TempDir static Path shared;
    private static Path stateDir;
    private static String good;

    @BeforeAll
    static void aCompletedRunLeavesItsState() throws Exception {
        stateDir = shared.resolve("state");
        var result = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--rounds", "3", "--strategy", "fedavgm",
                "--json", "--state-dir", stateDir.toString());
        assertEquals(0, result.exitCode(), result.err());
        good = Files.readString(stateDir.resolve(StateDirectory.FILE), StandardCharsets.UTF_8);
    }

    @Test
    void stateShowPrintsTheRunItsRoundStrategyPrivacyAndModelSize() {
        var result = CliRunner.run("state", "show", stateDir.toString(), "--json");
        assertEquals(0, result.exitCode(), result.err());
        JsonNode json = result.json();
        assertEquals(3, json.get("round").asInt());
        assertEquals("ended", json.get("status").asText());
        assertEquals("COMPLETED", json.get("outcome").asText());
        assertEquals("fedavgm", json.get("strategy").asText());
        assertEquals("Velocity", json.get("strategyState").asText());
        assertEquals("none", json.at("/privacy/mode").asText());
        assertEquals(62, json.at("/model/weights").asInt());
        var text = CliRunner.run("state", "show", stateDir.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains(json.get("runId").asText()) && text.out().contains("62 weights"), text.out());
    }

    @Test
    void aStateFileWithAFlippedDigitIsRefusedInOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        assertRefused(dir, good.replace("\"targetRounds\" : 3", "\"targetRounds\" : 4"), "checksum");
    }

    @Test
    void aTruncatedStateFileIsRefusedInOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        assertRefused(dir, good.substring(0, good.length() / 3), "not valid JSON");
    }

    @Test
    void aStateFileOfAnotherSchemaVersionIsRefusedInOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        assertRefused(dir, good.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"), "schema version 99");
    }

    @Test
    void aStateFileOfAnotherProtocolVersionIsRefusedInOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        assertRefused(dir, good.replace("\"protocolVersion\" : " + Message.PROTOCOL_VERSION, "\"protocolVersion\" : 1"),
                "protocol version 1");
    }

    private static void assertRefused(Path dir, String content, String why) throws Exception {
        Path file = Files.createDirectories(dir.resolve("state")).resolve(StateDirectory.FILE);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        for (List<String> command : List.of(
                List.of("simulate", "--data", CliRunner.breastCancer(), "--rounds", "3", "--json", "--state-dir",
                        dir.resolve("state").toString()),
                List.of("state", "show", dir.resolve("state").toString()))) {
            var result = CliRunner.run(command.toArray(String[]::new));
            assertEquals(2, result.exitCode(), command + ": " + result.err());
            List<String> errors = result.err().lines().filter(l -> l.startsWith("pmad: error:")).toList();
            assertEquals(1, errors.size(), result.err());
            assertTrue(errors.get(0).contains(file.toString()) && errors.get(0).contains(why), errors.get(0));
            assertEquals("", result.out(), "nothing on stdout");
        }
    }
}
