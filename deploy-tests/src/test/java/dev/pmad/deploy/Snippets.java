package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small compose file that follows every rule (the negative tests first check that), to break
 * one way at a time: a prosody, an mlflow, a coordinator and two agents, written with anchors
 * and merge keys like the real one. Paths refer to the real repository (bind mounts, baked files).
 */
final class Snippets {
    static final String VALID = """
            x-pmad: &pmad
              image: pmad:local
              deploy: {resources: {limits: {cpus: "1", memory: 512m}}}
              healthcheck:
                test: ["CMD", "/opt/pmad/bin/pmad-healthcheck"]
            x-xmpp: &xmpp
              XMPP_SERVER: prosody
              XMPP_DOMAIN: ${XMPP_DOMAIN:-pmad.local}
              XMPP_CA_CERT: /etc/pmad/xmpp-ca/ca.crt
            x-agent-env: &agent-env
              <<: *xmpp
              SCHEMA_PATH: /opt/pmad/data/breast_cancer_wisconsin.schema.json
              DATA_PATH: /opt/pmad/data/breast_cancer_wisconsin.csv
              PARTITION: dirichlet:0.5
              AGENT_COUNT: "2"
            services:
              prosody:
                image: prosody/prosody:0.12
                deploy: {resources: {limits: {cpus: "1", memory: 256m}}}
                environment:
                  XMPP_DOMAIN: ${XMPP_DOMAIN:-pmad.local}
                  XMPP_ACCOUNTS: coordinator agent-1 agent-2
                secrets: [coordinator, agent-1, agent-2]
                volumes:
                  - ./prosody/prosody.cfg.lua:/etc/prosody/prosody.cfg.lua:ro
                  - xmpp-ca:/srv/pmad/xmpp-ca
                healthcheck:
                  test: ["CMD", "bash", "/opt/pmad-prosody/healthcheck.sh"]
              mlflow:
                image: ghcr.io/mlflow/mlflow:v2.17.2
                deploy: {resources: {limits: {cpus: "1", memory: 1g}}}
                ports: ["127.0.0.1:5000:5000"]
                healthcheck:
                  test: ["CMD", "python", "-c", "print()"]
              coordinator:
                <<: *pmad
                build: .
                command: ["coordinator"]
                environment:
                  <<: *xmpp
                  XMPP_PASSWORD_FILE: /run/secrets/coordinator
                  SCHEMA_PATH: /opt/pmad/data/breast_cancer_wisconsin.schema.json
                  AGENTS: ${AGENTS:-agent-1,agent-2}
                  MIN_AGENTS: "1"
                secrets: [coordinator]
                volumes: ["xmpp-ca:/etc/pmad/xmpp-ca:ro"]
                ports: ["${PUBLISH_ADDRESS:-127.0.0.1}:8081:8081"]
                depends_on:
                  prosody: {condition: service_healthy}
                  mlflow: {condition: service_healthy}
              agent1:
                <<: *pmad
                command: ["agent"]
                environment:
                  <<: *agent-env
                  AGENT_ID: agent-1
                  AGENT_INDEX: "1"
                  XMPP_PASSWORD_FILE: /run/secrets/agent-1
                secrets: [agent-1]
                volumes: ["xmpp-ca:/etc/pmad/xmpp-ca:ro"]
                depends_on:
                  coordinator: {condition: service_healthy}
              agent2:
                <<: *pmad
                command: ["agent"]
                environment:
                  <<: *agent-env
                  AGENT_ID: agent-2
                  AGENT_INDEX: "2"
                  XMPP_PASSWORD_FILE: /run/secrets/agent-2
                secrets: [agent-2]
                volumes: ["xmpp-ca:/etc/pmad/xmpp-ca:ro"]
                depends_on:
                  coordinator: {condition: service_healthy}
            secrets:
              coordinator: {file: ./docker/secrets/coordinator}
              agent-1: {file: ./docker/secrets/agent-1}
              agent-2: {file: ./docker/secrets/agent-2}
            volumes:
              xmpp-ca:
            """;

    private Snippets() {}

    /** {@link #VALID} with each {@code (old, new)} pair replaced; every {@code old} must occur. */
    static ComposeFile valid(String... replacements) {
        String text = VALID;
        for (int i = 0; i < replacements.length; i += 2) {
            if (!text.contains(replacements[i])) throw new IllegalArgumentException("the snippet has no '" + replacements[i] + "'");
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return ComposeFile.parse(text, Map.of());
    }

    /** Every rule of the compose file: structure and federation. */
    static List<String> problems(ComposeFile compose) {
        List<String> problems = new ArrayList<>(ComposeRules.check(compose, Repo.root()));
        problems.addAll(FederationRules.check(compose, ImageFiles.ofRepository()));
        return problems;
    }
}
