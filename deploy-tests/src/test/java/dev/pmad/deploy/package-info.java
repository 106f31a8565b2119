/**
 * Tests of the Docker deployment: {@code Dockerfile}, {@code docker-compose.yml},
 * {@code .dockerignore}, {@code .env.example}, {@code docker/} and {@code .github/workflows/ci.yml}.
 *
 * <p>There is no Docker engine on the development machines, so most of this package checks the
 * files statically: {@link dev.pmad.deploy.ComposeFile} reads a compose file as Docker Compose
 * does (YAML anchors and merge keys, {@code ${VAR:-default}} interpolation), and the rule classes
 * ({@link dev.pmad.deploy.ComposeRules}, {@link dev.pmad.deploy.FederationRules},
 * {@link dev.pmad.deploy.DockerfileRules}, {@link dev.pmad.deploy.DocumentationRules}) return the
 * problems they find as sentences, so a failing build says what to fix. Each rule is shown to
 * fire on a small broken compose file. {@code ComposeSmokeNeedsDockerTest} runs the deployment
 * for real where Docker exists and reports itself skipped elsewhere.
 */
package dev.pmad.deploy;
