# syntax=docker/dockerfile:1
#
# The PMAD images, two targets of one build:
#   pmad  (the default, last stage)  every service: `pmad coordinator` (with the dashboard),
#         `pmad agent` on Tribuo, and the one-JVM commands (`pmad demo`, `pmad simulate`, ...);
#         no Spark, whose jars are most of the image's size
#   spark the same plus the Spark engine, for agents with USE_SPARK=true only; runs under any uid
# docker-compose.yml builds both (pmad:local, pmad-spark:local). Checked statically by
# deploy-tests (DockerfileRulesTest); built for real by .github/workflows/ci.yml.

# ---- build: the Maven reactor, through the wrapper ----------------------------------------------
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src

# Dependency-cache layer: the wrapper and every reactor pom, nothing else, so that editing a
# source file does not download the dependencies again. Every <module> of pom.xml needs its
# pom here, or Maven refuses to read the reactor.
COPY --chmod=0755 mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY privacy/pom.xml privacy/
COPY common-protocol/pom.xml common-protocol/
COPY agent/pom.xml agent/
COPY spark-agent/pom.xml spark-agent/
COPY coordinator/pom.xml coordinator/
COPY dashboard/pom.xml dashboard/
COPY cli/pom.xml cli/
COPY deploy-tests/pom.xml deploy-tests/
RUN ./mvnw -B -ntp -q -pl cli,spark-agent -am dependency:go-offline

# The sources of the command line and the modules it is made of. Tests are compiled (the
# test-jars some modules share are part of the reactor) but not run: CI runs them with
# `./mvnw -B verify` before it builds this image.
COPY privacy/src/ privacy/src/
COPY common-protocol/src/ common-protocol/src/
COPY agent/src/ agent/src/
COPY spark-agent/src/ spark-agent/src/
COPY coordinator/src/ coordinator/src/
COPY dashboard/src/ dashboard/src/
COPY cli/src/ cli/src/
# -DskipCds: the class-data-sharing archive is made in the image below, for its JRE and paths.
RUN ./mvnw -B -ntp -q -pl cli,spark-agent -am -DskipTests -DskipCds package
# bin/pmad puts cli/target/lib first on a Spark agent's class path, so a jar both lib directories
# hold (the same artifact and version: LauncherClassPathTest) is needed only once in the image.
RUN cd spark-agent/target/lib \
 && for jar in *.jar; do if [ -f "/src/cli/target/lib/$jar" ]; then rm "$jar"; fi; done

# ---- base: a JRE, the command line and the demo data; what both images share --------------------
FROM eclipse-temurin:17.0.15_6-jre-noble AS base

# A fixed, unprivileged uid/gid, so volume ownership is the same on every host. Group 0 gets the
# owner's rights on the state directories: a container run under another uid (docker run --user
# 12345, OpenShift) has gid 0, and must still write its runs and its agent's privacy ledger.
RUN groupadd --system --gid 10001 pmad \
 && useradd --system --uid 10001 --gid pmad --home-dir /var/lib/pmad --no-create-home --shell /usr/sbin/nologin pmad \
 && mkdir -p /var/lib/pmad/runs /var/lib/pmad/agent-state /etc/pmad/xmpp-ca \
 && chown -R pmad:0 /var/lib/pmad \
 && chmod -R g=u /var/lib/pmad

# The same layout as a built checkout, so the repository's own launcher (bin/pmad) runs as is.
COPY --from=build /src/cli/target/lib/ /opt/pmad/cli/target/lib/
COPY --from=build /src/cli/target/pmad-cli.jar /opt/pmad/cli/target/pmad-cli.jar
COPY --chmod=0755 bin/pmad /opt/pmad/bin/pmad
COPY --chmod=0755 docker/pmad-healthcheck.sh /opt/pmad/bin/pmad-healthcheck
# Demo dataset and its shared schema (SCHEMA_PATH, DATA_PATH); bring your own with a volume.
COPY data/ /opt/pmad/data/
# Application class-data sharing for this JRE and these paths: a small simulation records the
# classes it loads, and bin/pmad starts from the archive (a Spark agent's longer class path too,
# since it begins with the same jars). About 0.2 s less per start (BENCHMARKS.md).
RUN JAVA_OPTS="-XX:ArchiveClassesAtExit=/opt/pmad/cli/target/pmad.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
    RUNS_DIR=/tmp/cds-runs PMAD_LOG_LEVEL=WARN \
    /opt/pmad/bin/pmad simulate --data /opt/pmad/data/breast_cancer_wisconsin.csv --agents 2 --rounds 2 >/dev/null \
 && rm -rf /tmp/cds-runs /tmp/pmad-*

ENV PATH="/opt/pmad/bin:${PATH}"
# RUNS_DIR defaults to ./runs, here /var/lib/pmad/runs: mount a volume there to keep run files.
WORKDIR /var/lib/pmad
USER 10001:10001

# The dashboard (coordinator, demo). XMPP is outgoing only.
EXPOSE 8081
# Coordinator: dashboard /health answers and the XMPP connection is up; agent: its XMPP
# connection is up. See docker/pmad-healthcheck.sh.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/opt/pmad/bin/pmad-healthcheck"]
ENTRYPOINT ["/opt/pmad/bin/pmad"]
CMD ["--help"]

# ---- spark: the base plus the Spark engine, for agents with USE_SPARK=true ----------------------
FROM base AS spark

# Hadoop (inside Spark) asks the C library for the name of the process's uid and stops with
# "invalid null input: name" when /etc/passwd has no entry for it, as under `docker run --user`
# or a platform that picks the uid. nss_wrapper lets docker/pmad-any-uid.sh supply one without
# making /etc/passwd writable.
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libnss-wrapper \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001

# On the class path only with USE_SPARK=true (bin/pmad); jars cli/target/lib already has were
# dropped in the build stage.
COPY --from=build /src/spark-agent/target/lib/ /opt/pmad/spark-agent/target/lib/
COPY --from=build /src/spark-agent/target/pmad-spark-agent.jar /opt/pmad/spark-agent/target/pmad-spark-agent.jar
COPY spark-agent/jvm.options /opt/pmad/spark-agent/jvm.options
COPY --chmod=0755 docker/pmad-any-uid.sh /opt/pmad/bin/pmad-any-uid
ENTRYPOINT ["/opt/pmad/bin/pmad-any-uid"]
CMD ["--help"]

# ---- pmad: the default image, without Spark ------------------------------------------------------
FROM base AS pmad
