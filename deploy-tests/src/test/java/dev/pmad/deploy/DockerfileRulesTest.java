package dev.pmad.deploy;

import static dev.pmad.deploy.Problems.assertNone;
import static dev.pmad.deploy.Problems.assertReported;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile rules, on the real Dockerfile and on broken variants of it. */
class DockerfileRulesTest {
    private static final String REAL = Repo.read("Dockerfile");
    private static final DockerIgnore IGNORE = DockerIgnore.parse(Repo.read(".dockerignore"));
    private static final List<String> MODULES = DockerfileRules.modules(Repo.read("pom.xml"));

    private static List<String> problems(String dockerfile) {
        return DockerfileRules.check(DockerfileModel.parse(dockerfile), IGNORE, Repo.root(), MODULES);
    }

    private static String broken(String old, String replacement) {
        if (!REAL.contains(old)) throw new IllegalArgumentException("the Dockerfile has no '" + old + "'");
        return REAL.replace(old, replacement);
    }

    @Test
    void realDockerfile_followsEveryRule() {
        assertNone(problems(REAL));
    }

    @Test
    void everyReactorModule_isInTheDependencyLayer() {
        // Guards the rule itself: adding a module to pom.xml without its COPY breaks the image build.
        assertReported(problems(broken("COPY dashboard/pom.xml dashboard/\n", "")), "does not copy dashboard/pom.xml");
    }

    @Test
    void sourcesCopiedBeforeTheDependencyLayer_isReported() {
        assertReported(problems(broken("COPY pom.xml ./\n", "COPY pom.xml ./\nCOPY cli/src/ cli/src/\n")), "sources are copied before the dependency layer");
    }

    @Test
    void unpinnedBaseImage_isReported() {
        assertReported(problems(broken("FROM eclipse-temurin:17.0.15_6-jre-noble", "FROM eclipse-temurin")), "FROM eclipse-temurin has no tag");
        assertReported(problems(broken("FROM eclipse-temurin:17.0.15_6-jdk-noble AS build", "FROM eclipse-temurin:latest AS build")),
                "tagged latest");
    }

    @Test
    void globalArgInFrom_isResolvedBeforeThePinCheck() {
        String withArg = "ARG JDK=eclipse-temurin:latest\n" + broken("FROM eclipse-temurin:17.0.15_6-jdk-noble AS build", "FROM ${JDK} AS build");
        assertReported(problems(withArg), "FROM eclipse-temurin:latest", "tagged latest");
    }

    @Test
    void rootUser_isReported() {
        assertReported(problems(broken("USER 10001:10001", "USER root")), "runs as root");
        assertReported(problems(broken("USER 10001:10001", "")), "runs as root");
    }

    @Test
    void missingHealthCheck_isReported() {
        assertReported(problems(broken("HEALTHCHECK --interval", "# HEALTHCHECK --interval")), "no HEALTHCHECK");
    }

    @Test
    void singleStage_isReported() {
        String single = "FROM eclipse-temurin:17.0.15_6-jre-noble\nUSER 10001\nHEALTHCHECK CMD true\nENTRYPOINT [\"pmad\"]\n";
        assertReported(problems(single), "must be multi-stage");
    }

    @Test
    void copyingAFileThatDoesNotExist_isReported() {
        assertReported(problems(broken("COPY data/ /opt/pmad/data/", "COPY dataset/ /opt/pmad/data/")), "COPY dataset/: no such file");
    }

    @Test
    void dockerignoreThatLetsSecretsIn_isReported() {
        List<String> p = DockerfileRules.check(DockerfileModel.parse(REAL), DockerIgnore.parse("**/target\n"), Repo.root(), MODULES);
        assertReported(p, ".dockerignore must exclude docker/secrets/coordinator");
        assertReported(p, ".dockerignore must exclude .env");
    }

    @Test
    void sparkInTheDefaultImage_isReported() {
        String withSpark = REAL + "COPY --from=build /src/spark-agent/target/lib/ /opt/pmad/spark-agent/target/lib/\n";
        assertReported(problems(withSpark), "the default image (the final stage) copies Spark");
    }

    @Test
    void noSparkStage_isReported() {
        assertReported(problems(broken("FROM base AS spark", "FROM base AS sparky")), "no 'spark' stage");
    }

    @Test
    void sparkStageLast_isReported() {
        // Without the final stage, a plain `docker build .` would make the big Spark image.
        assertReported(problems(broken("FROM base AS pmad\n", "")), "the spark stage is the final one");
    }

    @Test
    void sparkImageWithoutTheAnyUidEntrypoint_isReported() {
        assertReported(problems(broken("ENTRYPOINT [\"/opt/pmad/bin/pmad-any-uid\"]", "ENTRYPOINT [\"/opt/pmad/bin/pmad\"]")),
                "must start through pmad-any-uid");
        assertReported(problems(broken("install -y --no-install-recommends libnss-wrapper", "install -y --no-install-recommends curl")),
                "does not install libnss-wrapper");
    }

    @Test
    void sparkImageWithoutTheSparkEngine_isReported() {
        assertReported(problems(broken("COPY --from=build /src/spark-agent/target/pmad-spark-agent.jar /opt/pmad/spark-agent/target/pmad-spark-agent.jar\n", "")),
                "the spark image does not copy spark-agent/target/pmad-spark-agent.jar");
    }

    @Test
    void imagesInheritTheirBaseStage_soTheSparkImageIsUnprivilegedToo() {
        assertReported(problems(broken("USER 10001:10001\n\n# On the class path", "\n# On the class path")), "the spark image runs as root");
    }
}
