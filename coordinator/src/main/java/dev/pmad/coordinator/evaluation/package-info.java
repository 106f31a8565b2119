/**
 * Federated evaluation: agents score the global model on their local test splits and return
 * counts; {@link dev.pmad.coordinator.evaluation.Metrics} combines them into accuracy, mean
 * cross-entropy and macro-averaged precision, recall and F1.
 */
package dev.pmad.coordinator.evaluation;
