package dev.pmad.transport.xmpp.prosody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The event-loop settings Prosody runs with: Nagle off, a short minimum sleep and 64 KiB reads (why and how much
 * they matter: BENCHMARKS.md), the same in the config {@code pmad local} and the tests write as in
 * the deployment's {@code prosody/prosody.cfg.lua}.
 */
class ProsodyConfigTest {
    private static final Pattern NETWORK_SETTINGS =
            Pattern.compile("^network_settings\\s*=\\s*\\{([^}]*)\\}", Pattern.MULTILINE);
    private static final Pattern GC = Pattern.compile("^gc\\s*=.*$", Pattern.MULTILINE);
    private static final Pattern READ_SIZE =
            Pattern.compile("^network_default_read_size\\s*=\\s*(\\d+)", Pattern.MULTILINE);

    @Test
    void render_turnsNagleOffShortensTheLoopsMinimumSleepAndReadsMorePerPass() {
        String config = ProsodyConfig.render(Path.of("run"), "localhost", 5222, 256 * 1024, false);

        assertEquals(Set.of("nagle = false", "min_wait = 0.00001"), settings(config));
        assertEquals("65536", readSize(config));
    }

    @Test
    void deploymentConfig_hasTheSameNetworkSettings() throws IOException {
        String deployed = Files.readString(repoRoot().resolve("prosody/prosody.cfg.lua"));
        String rendered = ProsodyConfig.render(Path.of("run"), "localhost", 5222, 256 * 1024, false);

        assertEquals(settings(rendered), settings(deployed));
        assertEquals(readSize(rendered), readSize(deployed));
        assertEquals(gc(rendered), gc(deployed));
    }

    @Test
    void render_collectsGarbageGenerationally() {
        assertEquals("gc = { mode = \"generational\" }",
                gc(ProsodyConfig.render(Path.of("run"), "localhost", 5222, 256 * 1024, false)));
    }

    private static String gc(String lua) {
        Matcher m = GC.matcher(lua);
        assertTrue(m.find(), "no gc setting in:\n" + lua);
        return m.group().trim();
    }

    private static String readSize(String lua) {
        Matcher m = READ_SIZE.matcher(lua);
        assertTrue(m.find(), "no network_default_read_size in:\n" + lua);
        return m.group(1);
    }

    /** The entries of the one top-level {@code network_settings} table, comments and spacing aside. */
    private static Set<String> settings(String lua) {
        Matcher m = NETWORK_SETTINGS.matcher(lua);
        assertTrue(m.find(), "no network_settings in:\n" + lua);
        String body = m.group(1);
        assertTrue(!m.find(), "network_settings set twice");
        String code = body.lines().map(line -> line.replaceFirst("--.*", "")).collect(Collectors.joining("\n"));
        return Arrays.stream(code.split("[;,]"))
                .map(entry -> entry.trim().replaceAll("\\s+", " "))
                .filter(entry -> !entry.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path repoRoot() {
        String configured = System.getenv("PMAD_REPO_ROOT");
        if (configured != null && Files.isDirectory(Path.of(configured, "prosody"))) return Path.of(configured);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("prosody/prosody.cfg.lua"))) return p;
        }
        throw new IllegalStateException("cannot find the repository's prosody/ directory; set PMAD_REPO_ROOT");
    }
}
