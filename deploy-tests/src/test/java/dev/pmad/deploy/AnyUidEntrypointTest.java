package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/pmad-any-uid.sh, the Spark image's entrypoint, run with stand-ins for {@code id},
 * {@code getent} and bin/pmad: a uid without a passwd entry gets one through nss_wrapper, a uid
 * with one runs bin/pmad untouched, and the arguments pass through either way.
 */
class AnyUidEntrypointTest {

    @Test
    void uidWithoutPasswdEntry_getsOneThroughNssWrapper(@TempDir Path dir) throws Exception {
        String out = run(dir, 12345, false);
        assertTrue(out.contains("LD_PRELOAD=libnss_wrapper.so\n"), out);
        assertTrue(out.contains("pmad-12345:x:12345:0:"), "the passwd file names the uid: " + out);
        assertTrue(out.contains("args=agent --flag\n"), out);
    }

    @Test
    void uidWithPasswdEntry_runsPmadUntouched(@TempDir Path dir) throws Exception {
        String out = run(dir, 10001, true);
        assertTrue(out.contains("LD_PRELOAD=\n"), out);
        assertTrue(out.contains("args=agent --flag\n"), out);
    }

    /** Runs the script as {@code uid}; {@code known}: whether getent finds it. Returns what the stand-in pmad saw. */
    private static String run(Path dir, int uid, boolean known) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Repo.path("docker/pmad-any-uid.sh"), bin.resolve("pmad-any-uid"));
        script(bin.resolve("id"), "case \"$1\" in -u) echo " + uid + " ;; -g) echo 0 ;; esac");
        script(bin.resolve("getent"), known ? "echo \"$2:x:$2:0::/:/bin/sh\"" : "exit 2");
        script(bin.resolve("pmad"), """
                echo "LD_PRELOAD=${LD_PRELOAD:-}"
                if [ -n "${NSS_WRAPPER_PASSWD:-}" ]; then tail -n 1 "$NSS_WRAPPER_PASSWD"; fi
                echo "args=$*"
                """);
        ProcessBuilder pb = new ProcessBuilder("sh", bin.resolve("pmad-any-uid").toString(), "agent", "--flag")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("PATH", bin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        pb.environment().remove("LD_PRELOAD");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "pmad-any-uid did not finish");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
