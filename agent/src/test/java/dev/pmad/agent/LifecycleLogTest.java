package dev.pmad.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pmad.testing.RecordingLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LifecycleLogTest {
    private final RecordingLogger logger = new RecordingLogger("agent");
    private final AtomicInteger alive = new AtomicInteger();

    private List<LifecycleLog> agents(int count) {
        var logs = new ArrayList<LifecycleLog>();
        for (int i = 0; i < count; i++) logs.add(new LifecycleLog(logger, alive));
        return logs;
    }

    @Test
    void aHandfulOfAgents_logTheirLifecycleAtInfo() {
        var logs = agents(LifecycleLog.LOUD);
        for (int i = 0; i < logs.size(); i++) logs.get(i).info("agent {}: joined the federation", "agent-" + i);
        assertEquals(LifecycleLog.LOUD, logger.at(Level.INFO).size());
        assertEquals(List.of(), logger.at(Level.DEBUG));
    }

    @Test
    void thousandsOfAgentsInOneProcess_logTheirLifecycleAtInfoOnlyForTheFirstFive_sayingSoOnce() {
        var logs = agents(10_000);
        for (int i = 0; i < logs.size(); i++) logs.get(i).info("agent {}: joined the federation", "agent-" + i);
        List<String> info = logger.at(Level.INFO);
        assertEquals(LifecycleLog.LOUD + 1, info.size(), info.toString());
        assertEquals(List.of("more than 5 agents in this process: the others log joins and run ends at DEBUG, and the"
                + " coordinator's log counts them per round"), info.stream().filter(l -> l.startsWith("more than")).toList());
        assertEquals(10_000 - LifecycleLog.LOUD, logger.at(Level.DEBUG).size());
    }

    @Test
    void anAgentThatClosed_leavesItsPlaceToTheNextOne() {
        var logs = agents(LifecycleLog.LOUD);
        logs.get(0).leave();
        logs.get(0).leave(); // closing twice frees one place, not two
        var next = new LifecycleLog(logger, alive);
        var after = new LifecycleLog(logger, alive);
        next.info("next joined");
        after.info("after joined");
        assertEquals(List.of("next joined"), logger.at(Level.INFO).stream().filter(l -> l.endsWith("joined")).toList());
        assertEquals(List.of("after joined"), logger.at(Level.DEBUG));
    }
}
