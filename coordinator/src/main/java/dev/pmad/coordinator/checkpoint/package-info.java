/**
 * Coordinator checkpoints: after every completed round the coordinator's whole run state (run
 * parameters, global model, strategy state, privacy accountant, standardisation, participants and
 * results) as one immutable {@link dev.pmad.coordinator.checkpoint.RunCheckpoint}, written
 * atomically (temp file, fsync, rename, fsync of the directory) by
 * {@link dev.pmad.coordinator.checkpoint.StateDirectory} in a versioned, checksummed JSON format
 * ({@link dev.pmad.coordinator.checkpoint.CheckpointCodec}), from which a restarted coordinator
 * resumes the run at its next round.
 */
package dev.pmad.coordinator.checkpoint;
