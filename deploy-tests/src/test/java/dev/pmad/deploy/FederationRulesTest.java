package dev.pmad.deploy;

import static dev.pmad.deploy.Problems.assertNone;
import static dev.pmad.deploy.Problems.assertReported;
import static dev.pmad.deploy.Snippets.problems;
import static dev.pmad.deploy.Snippets.valid;

import org.junit.jupiter.api.Test;

/** Each federation rule fires on a small broken file. */
class FederationRulesTest {

    @Test
    void twoAgentsWithOneId_isReported() {
        var compose = valid("AGENT_ID: agent-2", "AGENT_ID: agent-1");
        assertReported(problems(compose), "agent2 has AGENT_ID=agent-1, the same XMPP account as agent1");
    }

    @Test
    void agentWithoutId_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "");
        assertReported(problems(compose), "agent2 has no AGENT_ID");
    }

    @Test
    void twoAgentsSharingOnePasswordSecret_isReported() {
        var compose = valid("XMPP_PASSWORD_FILE: /run/secrets/agent-2\n    secrets: [agent-2]",
                "XMPP_PASSWORD_FILE: /run/secrets/agent-1\n    secrets: [agent-1]");
        assertReported(problems(compose), "agent2 shares the password secret agent-1 with agent1");
    }

    @Test
    void passwordFileThatIsNotTheAgentsSecret_isReported() {
        var compose = valid("XMPP_PASSWORD_FILE: /run/secrets/agent-2", "XMPP_PASSWORD_FILE: /run/secrets/agent-1");
        assertReported(problems(compose), "agent2: XMPP_PASSWORD_FILE=/run/secrets/agent-1 is not one of its own secrets");
    }

    @Test
    void passwordInTheEnvironment_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      XMPP_PASSWORD: hunter2\n");
        assertReported(problems(compose), "agent2 sets XMPP_PASSWORD", "use a secret");
    }

    @Test
    void accountNotProvisionedOnProsody_isReported() {
        var compose = valid("XMPP_ACCOUNTS: coordinator agent-1 agent-2", "XMPP_ACCOUNTS: coordinator agent-1");
        assertReported(problems(compose), "prosody does not provision the account agent-2");
    }

    @Test
    void prosodyWithoutTheAgentsSecret_isReported() {
        var compose = valid("secrets: [coordinator, agent-1, agent-2]", "secrets: [coordinator, agent-1]");
        assertReported(problems(compose), "prosody provisions account agent-2 from /run/secrets/agent-2");
    }

    @Test
    void agentNotInTheCoordinatorsAllowList_isReported() {
        var compose = valid("AGENTS: ${AGENTS:-agent-1,agent-2}", "AGENTS: ${AGENTS:-agent-1}");
        assertReported(problems(compose), "agent2 (AGENT_ID=agent-2) is not in coordinator's AGENTS=agent-1");
    }

    @Test
    void coordinatorWithoutAnAllowList_isReported() {
        var compose = valid("      AGENTS: ${AGENTS:-agent-1,agent-2}\n", "");
        assertReported(problems(compose), "coordinator has no allow-list of agents");
    }

    @Test
    void agentWithoutData_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      DATA_PATH: \"\"\n");
        assertReported(problems(compose), "agent2 has no data: set DATA_PATH");
    }

    @Test
    void agentWithDataNeitherBakedNorMounted_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      DATA_PATH: /data/hospital-b.csv\n");
        assertReported(problems(compose), "agent2: DATA_PATH=/data/hospital-b.csv is neither a file baked into the image");
    }

    @Test
    void agentWithDataOnAMountedVolume_isFine() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      DATA_PATH: /data/hospital-b.csv\n",
                "    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\"]",
                "    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\", \"./data:/data:ro\"]");
        assertNone(problems(compose));
    }

    @Test
    void bakedPathThatTheDockerfileDoesNotCopy_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      DATA_PATH: /opt/pmad/data/adult_train.csv\n");
        assertReported(problems(compose), "agent2: DATA_PATH=/opt/pmad/data/adult_train.csv is neither");
    }

    @Test
    void coordinatorWithoutSchema_isReported() {
        var compose = valid("      XMPP_PASSWORD_FILE: /run/secrets/coordinator\n      SCHEMA_PATH: /opt/pmad/data/breast_cancer_wisconsin.schema.json\n",
                "      XMPP_PASSWORD_FILE: /run/secrets/coordinator\n");
        assertReported(problems(compose), "coordinator has no data: set SCHEMA_PATH");
    }

    @Test
    void twoAgentsOnTheSamePartition_isReported() {
        var compose = valid("AGENT_INDEX: \"2\"", "AGENT_INDEX: \"1\"");
        assertReported(problems(compose), "agent2 has AGENT_INDEX=1 like agent1");
    }

    @Test
    void agentCountThatIsNotTheNumberOfAgents_isReported() {
        var compose = valid("AGENT_COUNT: \"2\"", "AGENT_COUNT: \"5\"");
        assertReported(problems(compose), "AGENT_COUNT=5 but 2 agents split the data");
    }

    @Test
    void quorumLargerThanTheAgents_isReported() {
        var compose = valid("MIN_AGENTS: \"1\"", "MIN_AGENTS: \"3\"");
        assertReported(problems(compose), "coordinator waits for MIN_AGENTS=3 agents, but the compose file runs 2");
    }

    @Test
    void quorumOfEveryAgent_isReported_becauseOneLostAgentWouldStallEveryRun() {
        var compose = valid("MIN_AGENTS: \"1\"", "MIN_AGENTS: \"2\"");
        assertReported(problems(compose), "coordinator: MIN_AGENTS=2 needs every one of the 2 agents, so losing one stalls every run");
    }

    @Test
    void caCertificateNotMounted_isReported() {
        var compose = valid("XMPP_CA_CERT: /etc/pmad/xmpp-ca/ca.crt", "XMPP_CA_CERT: /etc/ssl/ca.crt");
        assertReported(problems(compose), "agent1: XMPP_CA_CERT=/etc/ssl/ca.crt is not on a volume");
    }

    @Test
    void agentOnAnotherXmppDomain_isReported() {
        var compose = valid("      AGENT_ID: agent-2\n", "      AGENT_ID: agent-2\n      XMPP_DOMAIN: other.local\n");
        assertReported(problems(compose), "agent2: XMPP_DOMAIN=other.local differs from prosody's pmad.local");
    }

    @Test
    void noCoordinator_isReported() {
        var compose = valid("command: [\"coordinator\"]", "command: [\"demo\"]");
        assertReported(problems(compose), "must run one coordinator");
    }
}
