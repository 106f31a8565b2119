/**
 * Records every run, round and final model: in MLflow when {@code MLFLOW_TRACKING_URI} is set,
 * and always in a local runs directory ({@code RUNS_DIR}, default {@code ./runs}), so nothing is
 * lost when MLflow is absent or failing.
 *
 * <p><b>Threading.</b> {@link dev.pmad.coordinator.tracking.RunTracker} is a coordinator
 * listener, called on the coordinator's loop thread, where nothing may block. It only offers
 * small jobs to a bounded queue; one tracker thread turns them into
 * {@link dev.pmad.coordinator.tracking.RunStarted}, {@link dev.pmad.coordinator.tracking.RoundLogged}
 * and {@link dev.pmad.coordinator.tracking.RunEnded} records and hands those to each
 * {@link dev.pmad.coordinator.tracking.TrackingSink} in turn (the local directory first, it is
 * fast and cannot be down). All HTTP, retries and backoff happen on that thread.
 *
 * <p><b>Failure handling.</b> A full queue drops round jobs, never the end of a run, and the end
 * of a run carries every round and the start again, so a sink that missed something (MLflow down
 * at the start, a dropped or failed round) catches up when the run ends. Sink failures are
 * logged and passed to the problem callback the dashboard's event log listens on; they never
 * reach the coordinator.
 *
 * <p>What each sink writes, and the names of params, metrics and tags, are defined once here
 * ({@code RunRecords}, {@code RunFiles}); the sinks only transport them.
 */
package dev.pmad.coordinator.tracking;
