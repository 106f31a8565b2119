package dev.pmad.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository under test: the deployment files are read from its working tree. */
final class Repo {
    private static final Path ROOT = findRoot();

    private Repo() {}

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** PMAD_REPO_ROOT (the parent pom sets it for every test run), else the nearest directory with mvnw above here. */
    private static Path findRoot() {
        String configured = System.getenv("PMAD_REPO_ROOT");
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) return p;
        }
        throw new IllegalStateException("cannot find the repository root (a directory with mvnw and pom.xml) above "
                + Path.of("").toAbsolutePath() + "; set PMAD_REPO_ROOT");
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("pom.xml"))
                && Files.isDirectory(p.resolve("deploy-tests"));
    }
}
