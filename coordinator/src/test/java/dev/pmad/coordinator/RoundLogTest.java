package dev.pmad.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.testing.RecordingLogger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class RoundLogTest {
    private final RecordingLogger logger = new RecordingLogger("coordinator");
    private final RoundLog roundLog = new RoundLog(logger);

    private void join(int count) {
        for (int i = 0; i < count; i++) roundLog.log(Level.INFO, "agents joined", "agent joined: agent-" + i);
    }

    @Test
    void aFewLinesOfAKind_areLoggedAtTheirLevel_andNeedNoSummary() {
        join(RoundLog.ONE_BY_ONE);
        roundLog.log(Level.WARN, "agents lost", "agent lost: agent-3");
        roundLog.summarise("round 1");
        assertEquals(List.of("agent joined: agent-0", "agent joined: agent-1", "agent joined: agent-2",
                "agent joined: agent-3", "agent joined: agent-4"), logger.at(Level.INFO));
        assertEquals(List.of("agent lost: agent-3"), logger.at(Level.WARN));
        assertEquals(List.of(), logger.at(Level.DEBUG));
    }

    @Test
    void manyLinesOfAKind_areLoggedOneByOneForTheFirstFive_thenAtDebug_andSummarisedOncePerRound() {
        join(10_000);
        roundLog.summarise("registration");
        List<String> info = logger.at(Level.INFO);
        assertEquals(RoundLog.ONE_BY_ONE + 1, info.size(), info.toString());
        assertEquals("registration: 10000 agents joined (5 logged above, the rest at DEBUG)", info.get(info.size() - 1));
        assertEquals(10_000 - RoundLog.ONE_BY_ONE, logger.at(Level.DEBUG).size());
    }

    @Test
    void aSummarisedWarning_staysAWarning() {
        for (int i = 0; i < 384; i++) {
            roundLog.log(Level.WARN, "messages dropped (not-awaited)", "dropped message from agent-" + i + " (not-awaited)");
        }
        roundLog.summarise("round 1");
        List<String> warn = logger.at(Level.WARN);
        assertEquals("round 1: 384 messages dropped (not-awaited) (5 logged above, the rest at DEBUG)", warn.get(warn.size() - 1));
    }

    @Test
    void eachRound_countsAfresh() {
        join(6);
        roundLog.summarise("round 1");
        logger.lines.clear();
        join(2);
        roundLog.summarise("round 2");
        assertEquals(List.of("agent joined: agent-0", "agent joined: agent-1"), logger.at(Level.INFO));
    }
}
