package dev.pmad.deploy;

import static dev.pmad.deploy.Problems.assertNone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real deployment files, checked without Docker: docker-compose.yml as compose reads it on a
 * machine without .env, the README's configuration table against the code, and the pins.
 */
class DeploymentStaticTest {
    private static final ComposeFile COMPOSE = ComposeFile.load(Repo.path("docker-compose.yml"));

    @Test
    void composeFile_followsEveryComposeRule() {
        assertNone(ComposeRules.check(COMPOSE, Repo.root()));
    }

    @Test
    void federation_hasOneCoordinatorAndAgentsEachWithItsOwnIdentitySecretAndData() {
        assertNone(FederationRules.check(COMPOSE, ImageFiles.ofRepository()));
    }

    @Test
    void fiveAgents_eachWithAUniqueIdAndItsOwnSecret() {
        Map<String, FederationRules.Role> roles = FederationRules.roles(COMPOSE);
        List<String> agents = roles.entrySet().stream().filter(e -> e.getValue() == FederationRules.Role.AGENT).map(Map.Entry::getKey).toList();
        assertEquals(List.of("agent1", "agent2", "agent3", "agent4", "agent5"), agents);
        Set<String> ids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (String a : agents) {
            ComposeService s = COMPOSE.services().get(a);
            assertTrue(ids.add(s.environment().get("AGENT_ID")), a + " reuses an AGENT_ID");
            assertEquals(1, s.secrets().size(), a + " must have exactly its own password secret");
            assertTrue(secrets.add(s.secrets().get(0).source()), a + " reuses a secret");
        }
    }

    @Test
    void agents_areWrittenOnceWithAnchorsAndMergeKeys() {
        String yaml = Repo.read("docker-compose.yml");
        for (int i = 1; i <= 5; i++) {
            Matcher m = Pattern.compile("(?m)^  agent" + i + ":\\n    <<: \\*(spark-)?agent\\n(?:    .*\\n|\\s*\\n)*?    environment:\\n      <<: \\*(spark-)?agent-env\\n").matcher(yaml);
            assertTrue(m.find(), "agent" + i + " must be `<<: *agent` with `environment: <<: *agent-env` (or *spark-agent,"
                    + " *spark-agent-env), not a copy");
        }
        assertEquals(1, count(yaml, "(?m)^\\s+command: \\[\"agent\"\\]"), "the agent's command is written once, in x-agent");
    }

    @Test
    void sparkImage_runsTheSparkAgentsOnly() {
        Set<String> sparkAgents = new TreeSet<>();
        FederationRules.roles(COMPOSE).keySet().forEach(name -> {
            ComposeService s = COMPOSE.services().get(name);
            boolean spark = !"false".equalsIgnoreCase(s.environment().getOrDefault("USE_SPARK", "false"));
            String image = s.image().orElse("");
            if (spark) {
                sparkAgents.add(name);
                assertEquals("pmad-spark:local", image, name + " trains on Spark, so it runs the Spark image");
            } else {
                assertEquals("pmad:local", image, name + " does not use Spark, so it runs the default image without it");
            }
            if (s.hasBuild()) {
                String target = String.valueOf(ComposeFile.mapping(s.get("build"), name + ".build").get("target"));
                assertEquals(image.equals("pmad-spark:local") ? DockerfileRules.SPARK_STAGE : "pmad", target,
                        name + " builds " + image + " from the wrong Dockerfile target");
            }
        });
        assertEquals(Set.of("agent4", "agent5"), sparkAgents);
        assertTrue(COMPOSE.services().values().stream().anyMatch(s -> s.hasBuild() && s.image().orElse("").equals("pmad-spark:local")),
                "some service must build pmad-spark:local, or compose would try to pull it");
    }

    @Test
    void xmppServerUseSparkAndTheAgentPolicy_comeFromDotEnv() {
        Map<String, String> dotEnv = Map.of("XMPP_SERVER", "xmpp.example.org", "USE_SPARK", "false", "AGENT_DP_MODES", "local",
                "AGENT_DP_EPSILON", "3", "AGENT_DP_DELTA", "1e-6", "AGENT_DP_MAX_CLIP_NORM", "2", "AGENT_DP_MIN_NOISE_MULTIPLIER", "0.5",
                "AGENT_DP_RELEASE_NOISE", "30", "AGENT_DP_EXACT_AGGREGATES", "true");
        ComposeFile withEnv = ComposeFile.parse(Repo.read("docker-compose.yml"), dotEnv);
        FederationRules.roles(withEnv).forEach((name, role) -> {
            Map<String, String> env = withEnv.services().get(name).environment();
            assertEquals("xmpp.example.org", env.get("XMPP_SERVER"), name + ": XMPP_SERVER must come from .env");
            if (role != FederationRules.Role.AGENT) return;
            dotEnv.forEach((variable, value) -> {
                if (variable.startsWith("AGENT_DP_")) assertEquals(value, env.get(variable), name + ": " + variable + " must come from .env");
            });
        });
        for (String sparkAgent : List.of("agent4", "agent5")) {
            assertEquals("false", withEnv.services().get(sparkAgent).environment().get("USE_SPARK"), sparkAgent + ": USE_SPARK must come from .env");
        }
    }

    @Test
    void everyServiceHasResourceLimits_tunableFromDotEnvForPmad() {
        ComposeFile withEnv = ComposeFile.parse(Repo.read("docker-compose.yml"), Map.of("AGENT_MEMORY", "300m", "SPARK_AGENT_MEMORY", "3g"));
        assertEquals("300m", limits(withEnv, "agent1").get("memory"));
        assertEquals("3g", limits(withEnv, "agent4").get("memory"));
        // Spark does not start below about 450 MiB of heap; the JVM gets 75% of the limit.
        String sparkMemory = String.valueOf(limits(COMPOSE, "agent4").get("memory"));
        assertTrue(sparkMemory.matches("\\d+g") && Integer.parseInt(sparkMemory.replace("g", "")) >= 1,
                "a Spark agent needs at least 1g, has " + sparkMemory);
        assertEquals("-XX:MaxRAMPercentage=75", COMPOSE.services().get("agent1").environment().get("JAVA_OPTS"),
                "the heap follows the container's memory limit");
    }

    private static Map<String, Object> limits(ComposeFile compose, String service) {
        Map<String, Object> deploy = ComposeFile.mapping(compose.services().get(service).get("deploy"), service);
        return ComposeFile.mapping(ComposeFile.mapping(deploy.get("resources"), service).get("limits"), service);
    }

    @Test
    void dotEnv_holdsTheDashboardToken_soGitAndTheImageLeaveItOut() {
        List<String> gitignore = Repo.read(".gitignore").lines().map(String::strip).toList();
        assertTrue(gitignore.contains(".env") || gitignore.contains("/.env"), ".gitignore must ignore .env (it holds DASHBOARD_TOKEN)");
        assertTrue(gitignore.indexOf("!.env.example") > gitignore.indexOf(".env.*") || !gitignore.contains(".env.*"),
                ".env.example must stay tracked");
        assertTrue(DockerIgnore.parse(Repo.read(".dockerignore")).excludes(".env"), ".dockerignore must leave .env out of the image");
    }

    @Test
    void everyAgent_hasTheHealthCheck_andTheStatusFileItReads() {
        FederationRules.roles(COMPOSE).forEach((name, role) -> {
            if (role != FederationRules.Role.AGENT) return;
            ComposeService agent = COMPOSE.services().get(name);
            assertEquals(List.of("CMD", "/opt/pmad/bin/pmad-healthcheck"), agent.healthcheck().get("test"),
                    name + ": the image's health check, which calls a refused or never-joined agent unhealthy");
            String status = agent.environment().get("AGENT_STATUS_FILE");
            assertTrue(status != null && status.startsWith("/tmp/"), name + ": AGENT_STATUS_FILE on the container's own"
                    + " scratch space (not a volume: a stale file from an earlier container must not count), was " + status);
        });
    }

    @Test
    void dashboardAndMlflowArePublished_xmppIsNot() {
        assertTrue(published("coordinator").contains(8081), "the coordinator publishes the dashboard on 8081");
        assertTrue(published("mlflow").contains(5000), "mlflow publishes 5000");
        COMPOSE.services().values().forEach(s -> s.ports().forEach(p ->
                assertTrue(p.containerPort() != 5222 || !p.published(), s.name() + " publishes 5222")));
        assertTrue(COMPOSE.services().get("prosody").ports().isEmpty(), "prosody publishes nothing");
    }

    @Test
    void images_arePinnedToTheVersionsTheCodeWorksWith() {
        assertTrue(COMPOSE.services().get("prosody").image().orElse("").matches("prosody/prosody:0\\.12(\\.\\d+)?"), "Prosody 0.12");
        String mlflowClient = property(Repo.read("pom.xml"), "mlflow-client.version");
        assertEquals("ghcr.io/mlflow/mlflow:v" + mlflowClient, COMPOSE.services().get("mlflow").image().orElse(""),
                "the MLflow server has the version of the MLflow client in pom.xml");
    }

    @Test
    void mlflow_servesItsStoreAndArtifactsFromTheVolume() {
        assertEquals(List.of("mlflow", "server", "--host", "0.0.0.0", "--port", "5000", "--backend-store-uri",
                "sqlite:////mlflow/mlflow.db", "--artifacts-destination", "/mlflow/artifacts", "--serve-artifacts"),
                COMPOSE.services().get("mlflow").command());
        assertTrue(COMPOSE.services().get("mlflow").volumes().stream().anyMatch(m -> m.isNamedVolume() && m.target().equals("/mlflow")));
        assertEquals("http://mlflow:5000", COMPOSE.services().get("coordinator").environment().get("MLFLOW_TRACKING_URI"));
    }

    @Test
    void configurationTable_documentsExactlyWhatTheServicesRead() {
        Map<String, Set<String>> pmad = new TreeMap<>(EnvReads.javaSources(Repo.root()));
        for (String script : List.of("bin/pmad", "docker/pmad-healthcheck.sh")) {
            EnvReads.shell(Repo.read(script)).forEach(n -> pmad.computeIfAbsent(n, k -> new TreeSet<>()).add(script));
        }
        Set<String> prosody = new TreeSet<>(EnvReads.lua(Repo.read("prosody/prosody.cfg.lua")));
        for (String script : List.of("prosody/provision-accounts.sh", "docker/prosody-start.sh", "docker/prosody-healthcheck.sh")) {
            prosody.addAll(EnvReads.shell(Repo.read(script)));
        }
        assertNone(DocumentationRules.check(ConfigTable.fromRepository(), pmad, prosody, COMPOSE));
    }

    @Test
    void envExample_holdsEveryComposeVariableAtTheComposeDefault() {
        Map<String, String> example = new TreeMap<>();
        for (String line : Repo.read(".env.example").lines().toList()) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int eq = t.indexOf('=');
            assertTrue(eq > 0, ".env.example: '" + t + "' is not NAME=value");
            example.put(t.substring(0, eq), t.substring(eq + 1));
        }
        Map<String, String> defaults = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Interpolation.Use use : COMPOSE.variables()) {
            String previous = defaults.put(use.name(), use.defaultValue());
            if (previous != null && !previous.equals(use.defaultValue())) {
                problems.add("docker-compose.yml gives " + use.name() + " two defaults: '" + previous + "' and '" + use.defaultValue() + "'");
            }
        }
        defaults.forEach((name, value) -> {
            if (!example.containsKey(name)) problems.add(".env.example lacks " + name + " (compose default '" + value + "')");
            else if (!example.get(name).equals(value)) problems.add(".env.example sets " + name + "=" + example.get(name) + ", compose's default is '" + value + "'");
        });
        example.keySet().stream().filter(n -> !defaults.containsKey(n))
                .forEach(n -> problems.add(".env.example sets " + n + ", which docker-compose.yml does not use"));
        assertNone(problems);
    }

    private static Set<Integer> published(String service) {
        Set<Integer> ports = new HashSet<>();
        COMPOSE.services().get(service).ports().stream().filter(p -> p.published() && p.hostPort() != null).forEach(p -> ports.add(p.hostPort()));
        return ports;
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "pom.xml has no property " + name);
        return m.group(1).trim();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
