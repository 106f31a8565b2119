package dev.pmad.deploy;

import static dev.pmad.deploy.Problems.assertNone;
import static dev.pmad.deploy.Problems.assertReported;
import static dev.pmad.deploy.Snippets.problems;
import static dev.pmad.deploy.Snippets.valid;

import org.junit.jupiter.api.Test;

/** Each compose rule fires on a small broken file, and stays quiet on the valid one. */
class ComposeRulesTest {

    @Test
    void validSnippet_hasNoProblem() {
        assertNone(problems(valid()));
    }

    @Test
    void dependingOnAMissingService_isReported() {
        var compose = valid("    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\"]\n    depends_on:\n      coordinator:",
                "    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\"]\n    depends_on:\n      coordinatr:");
        assertReported(problems(compose), "agent2", "'coordinatr', which is not a service");
    }

    @Test
    void dependingOnAServiceMerelyStarted_isReported() {
        var compose = valid("  prosody: {condition: service_healthy}", "  prosody: {condition: service_started}");
        assertReported(problems(compose), "coordinator", "prosody has merely started");
    }

    @Test
    void dependencyCycle_isReported() {
        var compose = valid("    ports: [\"127.0.0.1:5000:5000\"]", "    ports: [\"127.0.0.1:5000:5000\"]\n    depends_on: {coordinator: {condition: service_healthy}}");
        assertReported(problems(compose), "mlflow depends on itself");
    }

    @Test
    void secretUsedButNotDefined_isReported() {
        var compose = valid("  agent-2: {file: ./docker/secrets/agent-2}\n", "");
        assertReported(problems(compose), "agent2", "secret 'agent-2', which the top-level secrets do not define");
    }

    @Test
    void secretDefinedButUnused_isReported() {
        var compose = valid("volumes:\n  xmpp-ca:", "  agent-9: {file: ./docker/secrets/agent-9}\nvolumes:\n  xmpp-ca:");
        assertReported(problems(compose), "secret agent-9 is defined but no service uses it");
    }

    @Test
    void secretOutsideTheIgnoredSecretsDirectory_isReported() {
        var compose = valid("{file: ./docker/secrets/agent-1}", "{file: ./agent-1.password}");
        assertReported(problems(compose), "secret agent-1 must be a file under ./docker/secrets/");
    }

    @Test
    void volumeMountedButNotDefined_isReported() {
        var compose = valid("    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\"]",
                "    secrets: [agent-2]\n    volumes: [\"xmpp-ca:/etc/pmad/xmpp-ca:ro\", \"agent-data:/data\"]");
        assertReported(problems(compose), "agent2 mounts volume 'agent-data', which the top-level volumes do not define");
    }

    @Test
    void volumeDefinedButUnused_isReported() {
        var compose = valid("volumes:\n  xmpp-ca:", "volumes:\n  xmpp-ca:\n  mlflow-data:");
        assertReported(problems(compose), "volume mlflow-data is defined but no service mounts it");
    }

    @Test
    void bindMountOfAMissingFile_isReported() {
        var compose = valid("./prosody/prosody.cfg.lua:", "./prosody/prosody.cfg:");
        assertReported(problems(compose), "prosody bind-mounts ./prosody/prosody.cfg, which does not exist");
    }

    @Test
    void imageTaggedLatest_isReported() {
        var compose = valid("image: ghcr.io/mlflow/mlflow:v2.17.2", "image: ghcr.io/mlflow/mlflow:latest");
        assertReported(problems(compose), "mlflow", "tagged latest");
    }

    @Test
    void imageWithoutTag_isReported() {
        var compose = valid("image: prosody/prosody:0.12", "image: prosody/prosody");
        assertReported(problems(compose), "service prosody", "has no tag");
    }

    @Test
    void imageFromARegistryWithAPortButNoTag_isReported() {
        var compose = valid("image: ghcr.io/mlflow/mlflow:v2.17.2", "image: registry.local:5000/mlflow");
        assertReported(problems(compose), "registry.local:5000/mlflow", "has no tag");
    }

    @Test
    void serviceWithoutHealthCheck_isReported() {
        var compose = valid("    test: [\"CMD\", \"python\", \"-c\", \"print()\"]", "    disable: true");
        assertReported(problems(compose), "service mlflow has no health check");
    }

    @Test
    void healthCheckNone_isReported() {
        var compose = valid("    test: [\"CMD\", \"bash\", \"/opt/pmad-prosody/healthcheck.sh\"]", "    test: [\"NONE\"]");
        assertReported(problems(compose), "service prosody has no health check");
    }

    @Test
    void publishingXmpp_isReported() {
        var compose = valid("    image: prosody/prosody:0.12\n", "    image: prosody/prosody:0.12\n    ports: [\"5222:5222\"]\n");
        assertReported(problems(compose), "prosody publishes XMPP port 5222");
    }

    @Test
    void hostNetworking_isReported() {
        var compose = valid("    image: prosody/prosody:0.12\n", "    image: prosody/prosody:0.12\n    network_mode: host\n");
        assertReported(problems(compose), "prosody uses network_mode: host");
    }

    @Test
    void dashboardNotPublished_isReported() {
        var compose = valid("    ports: [\"${PUBLISH_ADDRESS:-127.0.0.1}:8081:8081\"]\n", "");
        assertReported(problems(compose), "no service publishes port 8081");
    }

    @Test
    void mlflowPublishedOnAnotherHostPort_isReported() {
        var compose = valid("127.0.0.1:5000:5000", "127.0.0.1:5001:5000");
        assertReported(problems(compose), "no service publishes port 5000 as 5000:5000");
    }

    @Test
    void serviceWithoutResourceLimits_isReported() {
        var compose = valid("    deploy: {resources: {limits: {cpus: \"1\", memory: 256m}}}\n", "");
        assertReported(problems(compose), "service prosody has no memory limit");
        assertReported(problems(compose), "service prosody has no CPU limit");
    }

    @Test
    void olderLimitKeys_areAccepted() {
        assertNone(problems(valid("    deploy: {resources: {limits: {cpus: \"1\", memory: 256m}}}\n",
                "    mem_limit: 256m\n    cpus: 1\n")));
    }
}
