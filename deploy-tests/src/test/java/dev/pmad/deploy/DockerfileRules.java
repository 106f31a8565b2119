package dev.pmad.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for ./Dockerfile and .dockerignore: a multi-stage build through the Maven wrapper with a
 * dependency layer made from the reactor's poms alone, pinned base images, and images that run
 * {@code pmad} as an unprivileged user with a health check: the default one (the final stage)
 * without Spark, and the {@value #SPARK_STAGE} stage with Spark, which runs under any uid.
 */
final class DockerfileRules {
    /** The stage docker-compose.yml builds for Spark agents. */
    static final String SPARK_STAGE = "spark";

    private DockerfileRules() {}

    static List<String> check(DockerfileModel file, DockerIgnore ignore, Path context, List<String> modules) {
        List<String> problems = new ArrayList<>();
        baseImages(file, problems);
        build(file, modules, problems);
        runtime(file, file.finalStage(), problems);
        DockerfileModel.Stage spark = file.stage(SPARK_STAGE);
        if (spark != null) runtime(file, spark, problems);
        images(file, problems);
        context(file, ignore, context, problems);
        return problems;
    }

    /** The {@code <module>}s of a reactor pom. */
    static List<String> modules(String pom) {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(pom);
        while (m.find()) modules.add(m.group(1));
        return modules;
    }

    static void baseImages(DockerfileModel file, List<String> problems) {
        if (file.stages().size() < 2) problems.add("the Dockerfile must be multi-stage: build with Maven, run on a JRE");
        for (DockerfileModel.Stage s : file.stages()) {
            if (file.isStage(s.base(), s)) continue;
            String why = ComposeRules.unpinned(s.base());
            if (why != null) problems.add("Dockerfile:" + s.line() + ": FROM " + s.base() + " " + why);
        }
        String runtime = file.baseImage(file.finalStage());
        if (!runtime.matches("eclipse-temurin:17[^:]*-jre.*")) {
            problems.add("Dockerfile: the image must run on a Temurin 17 JRE (eclipse-temurin:17...-jre...), runs on " + runtime);
        }
    }

    /** The build stage: every module's pom copied, then a ./mvnw dependency layer, then sources, then the build. */
    static void build(DockerfileModel file, List<String> modules, List<String> problems) {
        DockerfileModel.Stage build = file.stages().get(0);
        List<DockerfileModel.Instruction> steps = build.instructions();
        int firstMaven = -1;
        for (int i = 0; i < steps.size() && firstMaven < 0; i++) {
            if (steps.get(i).keyword().equals("RUN") && steps.get(i).arguments().contains("./mvnw")) firstMaven = i;
        }
        if (firstMaven < 0) {
            problems.add("Dockerfile: the build stage never runs ./mvnw");
            return;
        }
        List<DockerfileModel.Instruction> before = steps.subList(0, firstMaven);
        String firstRun = steps.get(firstMaven).arguments();
        if (!firstRun.contains("dependency:")) {
            problems.add("Dockerfile:" + steps.get(firstMaven).line() + ": the first ./mvnw must only fetch dependencies (dependency:go-offline),"
                    + " so that the layer is reused while no pom changes");
        }
        List<String> copied = before.stream().filter(i -> i.keyword().equals("COPY")).flatMap(i -> i.words().stream()).toList();
        for (String path : List.of("mvnw", ".mvn/", "pom.xml")) {
            if (!copied.contains(path) && !copied.contains("./" + path)) problems.add("Dockerfile: the dependency layer needs " + path + " copied first");
        }
        for (String module : modules) {
            if (!copied.contains(module + "/pom.xml")) {
                problems.add("Dockerfile: the dependency layer does not copy " + module + "/pom.xml; Maven cannot read the reactor without it");
            }
        }
        before.stream().filter(i -> i.keyword().equals("COPY") && i.words().stream().anyMatch(w -> w.contains("src")))
                .forEach(i -> problems.add("Dockerfile:" + i.line() + ": sources are copied before the dependency layer,"
                        + " so every source change downloads the dependencies again"));
        boolean packages = steps.subList(firstMaven, steps.size()).stream()
                .anyMatch(i -> i.keyword().equals("RUN") && i.arguments().contains("./mvnw") && i.arguments().contains("package"));
        if (!packages) problems.add("Dockerfile: the build stage never runs ./mvnw ... package");
    }

    /** An image stage (with what it inherits): an unprivileged user, a health check, the pmad launcher and jar. */
    static void runtime(DockerfileModel file, DockerfileModel.Stage stage, List<String> problems) {
        String image = stage == file.finalStage() ? "the image" : "the " + stage.alias() + " image";
        List<DockerfileModel.Instruction> users = file.inherited(stage, "USER");
        String user = users.isEmpty() ? "root" : users.get(users.size() - 1).arguments().trim();
        if (user.matches("(root|0)(:.*)?")) problems.add("Dockerfile: " + image + " runs as root; add USER with an unprivileged uid");
        List<DockerfileModel.Instruction> health = file.inherited(stage, "HEALTHCHECK");
        if (health.isEmpty() || health.get(health.size() - 1).arguments().trim().equalsIgnoreCase("NONE")) {
            problems.add("Dockerfile: " + image + " has no HEALTHCHECK");
        }
        List<DockerfileModel.Instruction> entry = file.inherited(stage, "ENTRYPOINT");
        if (entry.isEmpty() || !entry.get(entry.size() - 1).arguments().contains("pmad")) {
            problems.add("Dockerfile: the entrypoint of " + image + " must be the pmad launcher");
        }
        for (String artifact : List.of("cli/target/pmad-cli.jar", "cli/target/lib/")) {
            if (fromBuild(file, stage).noneMatch(w -> w.endsWith(artifact))) {
                problems.add("Dockerfile: " + image + " does not copy " + artifact + " from the build stage");
            }
        }
    }

    /**
     * The default image carries no Spark (its jars are most of an image's size, and only Spark
     * agents load them); the {@value #SPARK_STAGE} stage carries it and starts through
     * docker/pmad-any-uid.sh with nss_wrapper installed, since Hadoop stops on a uid without a
     * passwd entry.
     */
    static void images(DockerfileModel file, List<String> problems) {
        if (fromBuild(file, file.finalStage()).anyMatch(w -> w.contains("spark-agent/"))) {
            problems.add("Dockerfile: the default image (the final stage) copies Spark; only the " + SPARK_STAGE + " stage may");
        }
        DockerfileModel.Stage spark = file.stage(SPARK_STAGE);
        if (spark == null) {
            problems.add("Dockerfile: no '" + SPARK_STAGE + "' stage: Spark agents need an image with the Spark engine");
            return;
        }
        if (spark == file.finalStage()) {
            problems.add("Dockerfile: the " + SPARK_STAGE + " stage is the final one, so a plain `docker build` makes the Spark image;"
                    + " end with the image without Spark");
        }
        for (String artifact : List.of("spark-agent/target/lib/", "spark-agent/target/pmad-spark-agent.jar")) {
            if (fromBuild(file, spark).noneMatch(w -> w.endsWith(artifact))) {
                problems.add("Dockerfile: the " + SPARK_STAGE + " image does not copy " + artifact + " from the build stage");
            }
        }
        List<DockerfileModel.Instruction> entry = file.inherited(spark, "ENTRYPOINT");
        if (entry.isEmpty() || !entry.get(entry.size() - 1).arguments().contains("pmad-any-uid")) {
            problems.add("Dockerfile: the " + SPARK_STAGE + " image must start through pmad-any-uid (docker/pmad-any-uid.sh),"
                    + " or Spark fails under a uid without a passwd entry");
        }
        if (file.inherited(spark, "RUN").stream().noneMatch(i -> i.arguments().contains("libnss-wrapper"))) {
            problems.add("Dockerfile: the " + SPARK_STAGE + " image does not install libnss-wrapper, which pmad-any-uid needs");
        }
    }

    private static java.util.stream.Stream<String> fromBuild(DockerfileModel file, DockerfileModel.Stage stage) {
        return file.inherited(stage, "COPY").stream().filter(i -> i.option("from") != null).flatMap(i -> i.words().stream());
    }

    /** Every COPY from the context names a file that exists and is sent; secrets and .env are never sent. */
    static void context(DockerfileModel file, DockerIgnore ignore, Path context, List<String> problems) {
        for (DockerfileModel.Stage s : file.stages()) {
            for (DockerfileModel.Instruction copy : s.all("COPY")) {
                if (copy.option("from") != null) continue;
                List<String> words = copy.words();
                for (String src : words.subList(0, Math.max(0, words.size() - 1))) {
                    String path = src.replaceFirst("^\\./", "");
                    if (!Files.exists(context.resolve(path))) problems.add("Dockerfile:" + copy.line() + ": COPY " + src + ": no such file in the repository");
                    else if (ignore.excludes(path)) problems.add("Dockerfile:" + copy.line() + ": COPY " + src + " is excluded by .dockerignore");
                }
            }
        }
        for (String secret : List.of("docker/secrets/coordinator", ".env")) {
            if (!ignore.excludes(secret)) problems.add(".dockerignore must exclude " + secret + ": secrets never go into an image");
        }
    }
}
