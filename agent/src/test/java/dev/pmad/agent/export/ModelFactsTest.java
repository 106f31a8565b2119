package dev.pmad.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run facts a model carries in its provenance and metadata, under the keys scripts read. */
class ModelFactsTest {

    @Test
    void asStrings_keepsTheProvenanceKeysScriptsRead() {
        var facts = new ModelFacts("run-test", Instant.parse("2026-12-05T12:00:00Z"), "0.1.0", "COMPLETED", "newton", 5, 3,
                "record", 0.99, 1e-5, 1200L, 300, Map.of("accuracy", 0.95));
        Map<String, String> strings = facts.asStrings();
        assertEquals("run-test", strings.get("run_id"));
        assertEquals("0.1.0", strings.get("pmad_version"));
        assertEquals("COMPLETED", strings.get("outcome"));
        assertEquals("5", strings.get("rounds"));
        assertEquals("newton", strings.get("strategy"));
        assertEquals("record", strings.get("dp_mode"));
        assertEquals("0.99", strings.get("epsilon_spent"));
        assertEquals("1.0E-5", strings.get("dp_delta"));
    }
}
