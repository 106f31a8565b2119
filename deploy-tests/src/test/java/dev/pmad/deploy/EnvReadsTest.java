package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scanner that finds the environment variables the code reads. */
class EnvReadsTest {

    @Test
    void javaReads_inEveryStyleTheServicesUse_areFound() {
        String source = """
                class Settings {
                    private static final String TOKEN = "DASHBOARD_TOKEN";
                    static Settings of(Map<String, String> env, Env typed, Map<String, String> map) {
                        String a = System.getenv("A_VAR");
                        String b = env.get("B_VAR");
                        int c = typed.integer("NOT_ENV", 1, 0, 9);     // receiver is not named env
                        Duration d = env.duration("D_VAR", Duration.ofSeconds(5));
                        String e = value(env, "E_VAR");
                        double f = number(env, "F_VAR", 15);
                        var g = XmppSettings.fromEnvironment(map, "G_VAR");
                        String h = env.get(TOKEN);
                        String url = "http://example.org"; String i = env.string("I_VAR", "x");
                        @Option(names = "--port", defaultValue = "${env:J_VAR:-8081}") int port;
                        String k = Env.system().string("K_VAR", null);
                        String path = env.string("PATH", "/bin");     // the operating system's, not configuration
                        return null;
                    }
                }
                """;
        assertEquals(Set.of("A_VAR", "B_VAR", "D_VAR", "E_VAR", "F_VAR", "G_VAR", "DASHBOARD_TOKEN", "I_VAR", "J_VAR", "K_VAR"),
                EnvReads.java(source));
    }

    @Test
    void readsInCommentsAndStrings_areNotCounted() {
        String source = """
                /** Reads {@code env.get("JAVADOC_VAR")}. */
                class X {
                    // env.get("LINE_COMMENT_VAR")
                    String s = "env.get(\\"IN_A_STRING\\")";
                    /* System.getenv("BLOCK_VAR") */
                }
                """;
        assertEquals(Set.of(), EnvReads.java(source));
    }

    @Test
    void realSources_readTheVariablesOfEveryService() {
        Map<String, Set<String>> reads = EnvReads.javaSources(Repo.root());
        // One from each place that reads the environment: if the scanner stops seeing one of
        // these, it has stopped seeing a style of read, and the table check would go blind.
        for (String name : Set.of("XMPP_SERVER", "XMPP_PASSWORD_FILE", "COORDINATOR_ID", "AGENT_ID", "DATA_PATH", "MIN_AGENTS",
                "DP_EPSILON", "LEARNING_RATE", "DASHBOARD_TOKEN", "DASHBOARD_PORT", "MLFLOW_TRACKING_URI", "MLFLOW_HTTP_REQUEST_TIMEOUT", "RUNS_DIR",
                "SPARK_MASTER", "SPARK_STARTUP_TIMEOUT", "PMAD_LOG_LEVEL", "PMAD_REPO_ROOT")) {
            assertTrue(reads.containsKey(name), () -> name + " not found among " + reads.keySet());
        }
    }

    @Test
    void shellReads_areUpperCaseVariablesTheScriptDoesNotAssign() {
        String script = """
                #!/bin/sh
                # ${COMMENTED} is not read
                ROOT=$(dirname "$0")
                JAR="$ROOT/x.jar"
                port=${DASHBOARD_PORT:-8081}
                exec java ${JAVA_OPTS:-} -cp "$JAR" Main "$HOME"
                """;
        assertEquals(Set.of("DASHBOARD_PORT", "JAVA_OPTS", "HOME"), EnvReads.shell(script));
    }

    @Test
    void luaReads_areEnvPrefixedNames() {
        assertEquals(Set.of("XMPP_DOMAIN"), EnvReads.lua("local d = ENV_XMPP_DOMAIN or 'x' -- ENV_IN_COMMENT\n"));
    }

    @Test
    void onlyEnv_readsTheProcessEnvironment() {
        // Every other class reads variables through dev.pmad.config.Env, so each has one syntax
        // and every error names the variable; a System.getenv elsewhere would parse on its own.
        assertEquals(Set.of(), EnvReads.directReads(Repo.root()),
                "read these variables through dev.pmad.config.Env (Env.system()), not System.getenv or ${env:...}");
        assertTrue(Repo.read(EnvReads.ENV_CLASS).contains("System.getenv()"), EnvReads.ENV_CLASS + " is where the environment is read");
    }
}
