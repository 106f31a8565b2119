package dev.pmad.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Prosody and OpenSSL executables and whether we run as root. */
final class Binaries {
    static final String PROSODY = "prosody";
    static final String PROSODYCTL = "prosodyctl";
    private static final String OPENSSL = "openssl";

    private Binaries() {}

    /** The first missing executable, or null if all are on the PATH. */
    static String missing() {
        for (String name : new String[] {PROSODY, PROSODYCTL, OPENSSL}) {
            if (!onPath(name)) return "'" + name + "'";
        }
        return null;
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
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) return true;
        }
        return false;
    }
}
