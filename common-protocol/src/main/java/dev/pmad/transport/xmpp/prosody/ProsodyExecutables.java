package dev.pmad.transport.xmpp.prosody;

import dev.pmad.config.Env;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the Prosody and OpenSSL executables and whether we run as root. */
final class ProsodyExecutables {
    static final String PROSODY = "prosody";
    static final String PROSODYCTL = "prosodyctl";
    static final String OPENSSL = "openssl";

    private ProsodyExecutables() {}

    /** The first executable {@link LocalProsody} needs that is not on the PATH, quoted; empty if none. */
    static Optional<String> missing() {
        for (String name : new String[] {PROSODY, PROSODYCTL, OPENSSL}) {
            if (!onPath(name)) return Optional.of("'" + name + "'");
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        try {
            // The owner of /proc/self is this process's user.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean onPath(String name) {
        Env env = Env.system();
        String path = env.string("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) return true;
        }
        return false;
    }
}
