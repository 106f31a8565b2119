package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker/make-secrets.sh writes every secret docker-compose.yml needs, random, and never replaces one. */
class MakeSecretsTest {
    @TempDir
    Path dir;

    @Test
    void writesADistinctRandomPasswordForEverySecretOfTheComposeFile() throws Exception {
        run();
        ComposeFile compose = ComposeFile.load(Repo.path("docker-compose.yml"));
        Set<String> passwords = new HashSet<>();
        for (var secret : compose.secrets().entrySet()) {
            String file = String.valueOf(secret.getValue().get("file"));
            Path written = dir.resolve(file.substring(file.lastIndexOf('/') + 1));
            assertTrue(Files.isRegularFile(written), "make-secrets.sh does not write " + file + " (secret " + secret.getKey() + ")");
            String password = Files.readString(written).trim();
            assertTrue(password.matches("[A-Za-z0-9]{32}"), secret.getKey() + ": not 32 letters and digits");
            assertTrue(passwords.add(password), secret.getKey() + " has the same password as another secret");
        }
        assertEquals(compose.secrets().size(), Files.list(dir).count(), "make-secrets.sh writes secrets the compose file does not define");
    }

    @Test
    void keepsExistingPasswords_andKeepsTheDirectoryPrivate() throws Exception {
        run();
        String before = Files.readString(dir.resolve("agent-3"));
        run();
        assertEquals(before, Files.readString(dir.resolve("agent-3")), "a second run must not change a password");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
    }

    private void run() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "docker/make-secrets.sh needs a POSIX sh");
        Process p = new ProcessBuilder("/bin/sh", Repo.path("docker/make-secrets.sh").toString(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "make-secrets.sh hangs");
        assertEquals(0, p.exitValue(), "make-secrets.sh failed: " + out);
    }
}
