package dev.pmad.coordinator.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EnrolmentParseTest {

    @Test
    void ids_areCompletedWithTheDomain_andJidsKept_caseInsensitively() {
        Enrolment e = Enrolment.parse("agent-1, Agent-2@Other.org\nagent-3 # the third site\n\n# all done", "pmad.local", "AGENTS");
        assertEquals(Set.of("agent-1@pmad.local", "agent-2@other.org", "agent-3@pmad.local"), e.agents());
        assertTrue(e.admits("agent-1@pmad.local"));
        assertTrue(e.admits("AGENT-1@pmad.local"));
        assertFalse(e.admits("agent-1@other.org"));
        assertFalse(e.admits("mallory@pmad.local"));
    }

    @Test
    void star_admitsAnyone() {
        Enrolment e = Enrolment.parse(" * ", "pmad.local", "AGENTS");
        assertTrue(e.anyone());
        assertTrue(e.admits("whoever@pmad.local"));
    }

    @Test
    void mistakes_sayWhatToWriteInstead() {
        var empty = assertThrows(IllegalArgumentException.class, () -> Enrolment.parse(" # nobody", "d", "AGENTS_FILE=/x"));
        assertTrue(empty.getMessage().startsWith("AGENTS_FILE=/x names no agent"), empty.getMessage());
        var full = assertThrows(IllegalArgumentException.class, () -> Enrolment.parse("agent-1@d/pmad", "d", "AGENTS"));
        assertTrue(full.getMessage().contains("give the bare JID (agent-1@d)"), full.getMessage());
        var both = assertThrows(IllegalArgumentException.class, () -> Enrolment.parse("*,agent-1", "d", "AGENTS"));
        assertTrue(both.getMessage().contains("either the list or '*'"), both.getMessage());
        var at = assertThrows(IllegalArgumentException.class, () -> Enrolment.parse("@d", "d", "AGENTS"));
        assertTrue(at.getMessage().contains("neither an agent id"), at.getMessage());
    }
}
