package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    private final DockerIgnore ignore = DockerIgnore.parse("""
            # comment
            docker/secrets
            **/target
            .env.*
            !.env.example
            /runs/
            """);

    @Test
    void directoryPattern_excludesEverythingUnderIt() {
        assertTrue(ignore.excludes("docker/secrets/agent-1"));
        assertFalse(ignore.excludes("docker/pmad-healthcheck.sh"));
    }

    @Test
    void doubleStar_matchesAtAnyDepth() {
        assertTrue(ignore.excludes("target/x.jar"));
        assertTrue(ignore.excludes("cli/target/pmad-cli.jar"));
        assertFalse(ignore.excludes("cli/src/main/java/Target.java"));
    }

    @Test
    void exclamationMark_includesAgain_andTheLastMatchWins() {
        assertTrue(ignore.excludes(".env.local"));
        assertFalse(ignore.excludes(".env.example"));
    }

    @Test
    void leadingAndTrailingSlashes_areIgnored() {
        assertTrue(ignore.excludes("runs/abc/summary.json"));
        assertFalse(ignore.excludes("cli/runs"));
    }
}
