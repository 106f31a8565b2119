/**
 * The coordinator: one state machine ({@link dev.pmad.coordinator.Phase}) driven by one
 * event-loop thread ({@link dev.pmad.coordinator.Coordinator}) that registers agents, runs rounds
 * of federated averaging, evaluates every new global model federatedly and reports each round to
 * its listeners (dashboard, tracking).
 */
package dev.pmad.coordinator;
