/**
 * Test fixtures for tracking: a real coordinator with self-answering agents on the in-memory
 * network, a fake MLflow server written from MLflow's REST API documentation, and waiting with
 * deadlines.
 */
package dev.pmad.coordinator.tracking.testing;
