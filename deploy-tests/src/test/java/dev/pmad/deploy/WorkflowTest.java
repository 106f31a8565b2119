package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * .github/workflows/ci.yml does what the deployment issue asks: build and tests on Temurin 17
 * with Prosody and Chromium installed, then the compose deployment for real (the Testcontainers
 * test and `docker compose up -d --build`), a run through the dashboard API checked in MLflow,
 * and `docker compose down -v` whatever happened.
 */
class WorkflowTest {
    // YAML 1.1 reads the key `on` as true, so the root is not checked for string keys.
    private static final Map<?, ?> WORKFLOW = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Repo.read(".github/workflows/ci.yml"));

    @Test
    void verifyJob_buildsAndTestsOnTemurin17WithProsodyAndChromium() {
        List<Map<String, Object>> steps = steps("verify");
        assertTrue(steps.stream().anyMatch(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@")
                && "temurin".equals(with(s).get("distribution")) && "17".equals(String.valueOf(with(s).get("java-version")))),
                "verify sets up Temurin 17");
        String run = runs(steps);
        List<String> installed = run.replace("\\\n", " ").lines().filter(l -> l.contains("apt-get install"))
                .flatMap(l -> List.of(l.trim().split("\\s+")).stream()).toList();
        for (String pkg : List.of("prosody", "chromium", "chromium-driver")) {
            assertTrue(installed.contains(pkg), "verify installs " + pkg + " with apt-get");
        }
        assertTrue(run.contains("./mvnw -B") && run.contains(" verify"), "verify runs ./mvnw -B verify");
    }

    @Test
    void composeSmokeJob_bringsTheDeploymentUpRunsAFederationChecksMlflowAndTearsDown() {
        Map<String, Object> job = job("compose-smoke");
        assertTrue(String.valueOf(job.get("needs")).contains("verify"), "the smoke job runs after the tests passed");
        Map<String, Object> env = ComposeFile.mapping(job.get("env"), "compose-smoke.env");
        assertTrue(env.containsKey("DASHBOARD_TOKEN"), "the token the coordinator starts with and the smoke test sends");
        List<Map<String, Object>> steps = steps("compose-smoke");
        String run = runs(steps);
        assertTrue(run.contains("docker/make-secrets.sh"), "secrets are made before compose needs them");
        assertTrue(run.contains("-Dtest=ComposeSmokeNeedsDockerTest"), "the Testcontainers smoke test runs where Docker exists");
        int up = run.indexOf("docker compose up -d --build");
        int smoke = run.indexOf("docker/smoke-test.sh");
        assertTrue(up >= 0 && smoke > up, "docker compose up -d --build, then the smoke test");
        Map<String, Object> last = steps.get(steps.size() - 1);
        assertEquals("always()", String.valueOf(last.get("if")), "the last step runs whatever happened");
        assertTrue(String.valueOf(last.get("run")).contains("docker compose down -v"), "the last step removes containers and volumes");
    }

    @Test
    void smokeScript_usesTheDashboardApiAndMlflowRestApi() {
        String script = Repo.read("docker/smoke-test.sh");
        for (String call : List.of("/api/federation/start", "targetRounds", "/api/state", "COMPLETED",
                "/api/2.0/mlflow/experiments/get-by-name", "/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/metrics/get-history")) {
            assertTrue(script.contains(call), "docker/smoke-test.sh does not use " + call);
        }
    }

    private static Map<String, Object> job(String name) {
        return ComposeFile.mapping(ComposeFile.mapping(WORKFLOW.get("jobs"), "jobs").get(name), "job " + name);
    }

    private static List<Map<String, Object>> steps(String job) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Object s : (List<?>) job(job).get("steps")) steps.add(ComposeFile.mapping(s, job + " step"));
        return steps;
    }

    private static Map<String, Object> with(Map<String, Object> step) {
        return ComposeFile.mapping(step.get("with"), "with");
    }

    private static String runs(List<Map<String, Object>> steps) {
        StringBuilder all = new StringBuilder();
        steps.forEach(s -> {
            if (s.get("run") != null) all.append(s.get("run")).append('\n');
        });
        return all.toString();
    }
}
