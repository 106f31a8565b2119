/**
 * MLflow as a tracking sink: one MLflow run per federation run, through the MLflow Java client
 * ({@code org.mlflow:mlflow-client}) for experiments, runs, params, metrics ({@code logBatch},
 * step = round), tags and run status; through MLflow's REST API with the JDK's HTTP client for
 * what that client cannot do without Python: artifact upload to the tracking server's artifact
 * proxy ({@code PUT /api/2.0/mlflow-artifacts/artifacts/<path>}, MLflow's
 * {@code mlflow_artifacts.proto}) and the Model Registry ({@code registered-models/*},
 * {@code model-versions/create}).
 *
 * <p>Every call has a deadline ({@code MLFLOW_HTTP_REQUEST_TIMEOUT}) and is retried with
 * exponential backoff; the Java client has no timeouts of its own, so its calls run on a helper
 * thread and a call past its deadline closes that client (which unblocks the socket) and gets a
 * fresh one. After a call exhausts its retries, later calls try once until one succeeds again,
 * so a server that is down costs one backoff cycle, not one per call.
 *
 * <p>See <a href="https://mlflow.org/docs/latest/rest-api.html">the MLflow REST API</a>.
 */
package dev.pmad.coordinator.tracking.mlflow;
