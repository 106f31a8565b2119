package dev.pmad.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's {@code data/} directory: from {@code PMAD_REPO_ROOT}, which surefire
 * sets, else by walking up from the working directory (IDE runs). Never reads outside the repo.
 */
public final class RepoData {
    public static final String BREAST_CANCER = "breast_cancer_wisconsin.csv";

    private RepoData() {}

    public static Path file(String name) {
        String root = System.getenv("PMAD_REPO_ROOT");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root, "data", name);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve(name);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalStateException("data/" + name + " not found: set PMAD_REPO_ROOT to the repository root");
    }
}
