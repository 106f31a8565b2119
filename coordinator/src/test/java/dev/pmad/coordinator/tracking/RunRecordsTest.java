package dev.pmad.coordinator.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunRecordsTest {

    @Test
    void agentKeys_replaceWhatMlflowRefusesInKeys() {
        assertEquals("agent.agent-1.train_loss", RunRecords.agentKey("agent-1", "train_loss"));
        assertEquals("agent.hospital_pmad.local_res.samples", RunRecords.agentKey("hospital@pmad.local/res", "samples"));
    }

    @Test
    void numbers_arePlainDecimals() {
        assertEquals("0.00001", RunRecords.number(1e-5));
        assertEquals("300", RunRecords.number(300.0));
        assertEquals("0.1", RunRecords.number(0.1));
    }

    @Test
    void longReasons_areCutToMlflowsTagLimit() {
        String reason = "x".repeat(RunRecords.MAX_TAG_VALUE + 10);
        assertEquals(RunRecords.MAX_TAG_VALUE, RunRecords.truncate(reason, RunRecords.MAX_TAG_VALUE).length());
    }
}
