package dev.pmad.deploy;

import static dev.pmad.deploy.Problems.assertNone;
import static dev.pmad.deploy.Problems.assertReported;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table-against-code rule, on a made-up table and made-up reads. */
class DocumentationRulesTest {
    private static final String TABLE = """
            # Configuration

            | variable | read by | meaning | default |
            |---|---|---|---|
            | `XMPP_SERVER` | coordinator, agent | host | required |
            | `XMPP_DOMAIN` | coordinator, agent, prosody | domain | host |
            | `XMPP_ACCOUNTS` | prosody | accounts | — |
            | `AGENT_ID` | agent | id | required |
            | `MIN_AGENTS` | coordinator | quorum | `5` |

            Text after the table.
            """;
    private static final Map<String, Set<String>> READS = Map.of("XMPP_SERVER", Set.of("X.java"), "XMPP_DOMAIN", Set.of("X.java"),
            "AGENT_ID", Set.of("A.java"), "MIN_AGENTS", Set.of("C.java"));
    private static final Set<String> PROSODY_READS = Set.of("XMPP_DOMAIN", "XMPP_ACCOUNTS");
    private static final ComposeFile COMPOSE = ComposeFile.parse("""
            services:
              prosody:
                image: prosody/prosody:0.12
                environment: {XMPP_DOMAIN: pmad.local, XMPP_ACCOUNTS: coordinator agent-1}
              coordinator:
                image: pmad:local
                build: .
                command: [coordinator]
                environment: {XMPP_SERVER: prosody, MIN_AGENTS: "1"}
              agent1:
                image: pmad:local
                command: [agent]
                environment: {XMPP_SERVER: prosody, AGENT_ID: agent-1}
            """, Map.of());

    private static List<String> problems(String table, Map<String, Set<String>> reads, ComposeFile compose) {
        return DocumentationRules.check(ConfigTable.parse("README.md", table), reads, PROSODY_READS, compose);
    }

    @Test
    void tableMatchingTheReads_hasNoProblem() {
        assertNone(problems(TABLE, READS, COMPOSE));
    }

    @Test
    void variableReadButNotDocumented_isReported() {
        var reads = new java.util.HashMap<>(READS);
        reads.put("ROUND_TIMEOUT", Set.of("cli/ServiceConfig.java"));
        assertReported(problems(TABLE, reads, COMPOSE), "ROUND_TIMEOUT is read by [cli/ServiceConfig.java] but not documented");
    }

    @Test
    void variableDocumentedButNotRead_isReported() {
        var table = TABLE.replace("| `MIN_AGENTS`", "| `OLD_SETTING` | coordinator | gone | — |\n| `MIN_AGENTS`");
        assertReported(problems(table, READS, COMPOSE), "OLD_SETTING is documented as read by [coordinator], but no service's code reads it");
    }

    @Test
    void prosodyVariableThatProsodyDoesNotRead_isReported() {
        var table = TABLE.replace("| `AGENT_ID`", "| `PROSODY_FOO` | prosody | x | — |\n| `AGENT_ID`");
        assertReported(problems(table, READS, COMPOSE), "PROSODY_FOO is documented as read by prosody, but neither");
    }

    @Test
    void composeSettingAnUndocumentedVariable_isReported() {
        var compose = ComposeFile.parse("""
                services:
                  coordinator:
                    image: pmad:local
                    build: .
                    command: [coordinator]
                    environment: {XMPP_SERVER: prosody, MIN_AGENT: "1"}
                """, Map.of());
        assertReported(problems(TABLE, READS, compose), "sets MIN_AGENT on coordinator", "a typo");
    }

    @Test
    void composeSettingAVariableOnTheWrongService_isReported() {
        var compose = ComposeFile.parse("""
                services:
                  agent1:
                    image: pmad:local
                    build: .
                    command: [agent]
                    environment: {AGENT_ID: agent-1, MIN_AGENTS: "1"}
                """, Map.of());
        assertReported(problems(TABLE, READS, compose), "sets MIN_AGENTS on agent1", "as read by agent");
    }

    @Test
    void malformedRow_isReported() {
        var table = TABLE.replace("| `AGENT_ID` | agent | id | required |", "| AGENT_ID | agents | id |");
        assertReported(problems(table, READS, COMPOSE), "README.md:8: a row needs 4 cells");
    }

    @Test
    void tableIsFoundByItsHeader_inReadmeOnceMerged() {
        org.junit.jupiter.api.Assertions.assertTrue(ConfigTable.hasTable(TABLE));
        org.junit.jupiter.api.Assertions.assertFalse(ConfigTable.hasTable("| command | what it does |\n|---|---|\n"));
        org.junit.jupiter.api.Assertions.assertEquals(5, ConfigTable.parse("README.md", TABLE).rows().size());
    }

    @Test
    void unknownReader_isReported() {
        var table = TABLE.replace("| `AGENT_ID` | agent |", "| `AGENT_ID` | agents |");
        assertReported(problems(table, READS, COMPOSE), "AGENT_ID is read by 'agents'");
    }
}
