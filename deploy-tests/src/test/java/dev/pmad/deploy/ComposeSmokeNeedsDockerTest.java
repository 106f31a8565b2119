package dev.pmad.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The deployment for real, as a user starts it: {@code docker compose up --build} on
 * docker-compose.yml (Testcontainers {@link ComposeContainer}, the local compose CLI), every
 * service healthy, a 3-round federation started through the dashboard's API with the token,
 * COMPLETED, and found FINISHED in MLflow with its per-round metrics and its model; then
 * {@code docker compose down -v}.
 *
 * <p>Needs Docker, which the development machines do not have: there it is reported as skipped,
 * with the reason, also under CI=true. It runs in GitHub Actions (ci.yml, job compose-smoke).
 */
class ComposeSmokeNeedsDockerTest {
    private static final int ROUNDS = 3;
    private static final String[] AGENTS = {"agent1", "agent2", "agent3", "agent4", "agent5"};

    @Test
    void composeUp_thenARunStartedFromTheDashboard_completesAndIsFinishedInMlflow() throws Exception {
        assumeTrue(dockerAvailable(), "skipped: no Docker engine here (DOCKER_HOST / default socket), and this test needs one to run"
                + " docker-compose.yml; it runs in GitHub Actions (.github/workflows/ci.yml, job compose-smoke)");
        assumeTrue(composeAvailable(), "skipped: Docker is here but not the `docker compose` (v2) command this test runs");
        if (!Files.exists(Repo.path("docker/secrets/coordinator"))) makeSecrets();

        String token = "smoke-" + UUID.randomUUID();
        ComposeContainer compose = new ComposeContainer(Repo.path("docker-compose.yml").toFile())
                .withBuild(true)
                .withPull(false) // `up` pulls what is missing; an explicit pull would look for pmad:local on Docker Hub
                .withEnv("DASHBOARD_TOKEN", token)
                .withRemoveVolumes(true)
                .withTailChildContainers(true)
                // The first start builds the image (the whole Maven build): allow for it.
                .withExposedService("coordinator", 8081, Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(20)))
                .withExposedService("mlflow", 5000, Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)));
        for (String agent : AGENTS) compose.waitingFor(agent, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));
        try (compose) {
            compose.start();
            URI dashboard = uri(compose, "coordinator", 8081);
            URI mlflow = uri(compose, "mlflow", 5000);
            SmokeRun smoke = new SmokeRun(dashboard, mlflow, token);
            String runId = smoke.start(ROUNDS);
            smoke.awaitCompleted(runId, Duration.ofMinutes(10));
            smoke.assertInMlflow(runId, "pmad-federation", ROUNDS, Duration.ofMinutes(2));
        }
    }

    private static URI uri(ComposeContainer compose, String service, int port) {
        return URI.create("http://" + compose.getServiceHost(service, port) + ":" + compose.getServicePort(service, port));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean composeAvailable() {
        return exitsZero(30, "docker", "compose", "version");
    }

    private static void makeSecrets() {
        if (!exitsZero(30, "/bin/sh", Repo.path("docker/make-secrets.sh").toString())) {
            throw new AssertionError("docker/make-secrets.sh failed: the compose file needs its secrets");
        }
    }

    private static boolean exitsZero(int seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
