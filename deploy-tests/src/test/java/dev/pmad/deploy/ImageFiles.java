package dev.pmad.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which files of the repository the Dockerfile bakes into the default image, read from the COPY
 * instructions of its final stage and the stages it is built on that copy from the build context: {@code COPY data/ /opt/pmad/data/}
 * puts {@code data/x.csv} at {@code /opt/pmad/data/x.csv}, unless .dockerignore leaves it out.
 */
final class ImageFiles {
    private final DockerfileModel dockerfile;
    private final DockerIgnore ignore;
    private final Path context;

    ImageFiles(DockerfileModel dockerfile, DockerIgnore ignore, Path context) {
        this.dockerfile = dockerfile;
        this.ignore = ignore;
        this.context = context;
    }

    static ImageFiles ofRepository() {
        return new ImageFiles(DockerfileModel.parse(Repo.read("Dockerfile")), DockerIgnore.parse(Repo.read(".dockerignore")),
                Repo.root());
    }

    /** The repository file that ends up at {@code imagePath}, if the image has it. */
    Optional<String> source(String imagePath) {
        for (DockerfileModel.Instruction copy : dockerfile.inherited(dockerfile.finalStage(), "COPY")) {
            if (copy.option("from") != null) continue;
            List<String> words = copy.words();
            if (words.size() < 2) continue;
            String dest = words.get(words.size() - 1);
            List<String> sources = words.subList(0, words.size() - 1);
            for (String source : sources) {
                String src = source.replaceFirst("^\\./", "");
                boolean srcIsDir = src.endsWith("/") || Files.isDirectory(context.resolve(src));
                boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || srcIsDir;
                String candidate = null;
                if (srcIsDir) {
                    String prefix = dest.endsWith("/") ? dest : dest + "/";
                    if (imagePath.startsWith(prefix)) candidate = trimSlash(src) + "/" + imagePath.substring(prefix.length());
                } else if (destIsDir) {
                    String name = src.substring(src.lastIndexOf('/') + 1);
                    if (imagePath.equals((dest.endsWith("/") ? dest : dest + "/") + name)) candidate = src;
                } else if (imagePath.equals(dest)) {
                    candidate = src;
                }
                if (candidate != null && Files.isRegularFile(context.resolve(candidate)) && !ignore.excludes(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
