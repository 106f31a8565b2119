package dev.pmad.coordinator.tracking.mlflow;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a run's artifacts can be uploaded over HTTP, from the run's {@code artifact_uri}.
 *
 * <p>A tracking server that proxies artifacts (the default since MLflow 2.0,
 * {@code --serve-artifacts}) gives runs the URI {@code mlflow-artifacts:/<experiment>/<run>/artifacts}
 * (optionally with a host); files go to {@code PUT <tracking>/api/2.0/mlflow-artifacts/artifacts/<that path>/<file>},
 * as MLflow's own {@code MlflowArtifactsRepository} resolves it. A root given as an
 * {@code http(s)} URL of that endpoint is used as is. Any other scheme ({@code s3://}, a local path)
 * means the server does not proxy artifacts, and the coordinator cannot write there.
 */
final class ArtifactLocation {
    static final String ENDPOINT = "/api/2.0/mlflow-artifacts/artifacts";

    private ArtifactLocation() {}

    /** The URL of {@code relativePath} (e.g. {@code model/model.onnx}) under the run's artifact root. */
    static URI upload(URI trackingUri, String artifactUri, String relativePath) throws CallFailed {
        URI root = URI.create(artifactUri);
        String base;
        String authority;
        String scheme;
        if ("mlflow-artifacts".equals(root.getScheme())) {
            scheme = trackingUri.getScheme();
            authority = root.getHost() != null ? root.getRawAuthority() : trackingUri.getRawAuthority();
            String prefix = trackingUri.getPath() == null ? "" : trackingUri.getPath();
            base = prefix + ENDPOINT + "/" + root.getPath();
        } else if (("http".equals(root.getScheme()) || "https".equals(root.getScheme()))
                && root.getPath() != null && root.getPath().contains(ENDPOINT)) {
            scheme = root.getScheme();
            authority = root.getRawAuthority();
            base = root.getPath();
        } else {
            throw new CallFailed("the run's artifact location is " + artifactUri + ", which the MLflow server does not"
                    + " proxy: start the server with --serve-artifacts (the default) and an --artifacts-destination,"
                    + " or upload the files from RUNS_DIR by hand", false, null, null);
        }
        String path = (base + "/" + relativePath).replaceAll("/{2,}", "/");
        try {
            return new URI(scheme, authority, path, null, null);
        } catch (URISyntaxException e) {
            throw new CallFailed("cannot build an upload URL from " + artifactUri + " and " + relativePath, false, null, e);
        }
    }
}
