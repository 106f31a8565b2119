/**
 * The runs directory ({@code RUNS_DIR}, default {@code ./runs}): every run's params, per-round
 * metrics, summary and model files on local disk, with or without MLflow. The layout matches the
 * MLflow run's artifacts, so a run can be uploaded later by hand.
 */
package dev.pmad.coordinator.tracking.local;
