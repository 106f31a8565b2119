/**
 * The agent: a state machine ({@link dev.pmad.agent.AgentState}) run by one event-loop thread
 * ({@link dev.pmad.agent.Agent}) that joins the federation, trains on local data when a round
 * starts, applies the round's privacy mode to its update before anything leaves, and scores
 * global models on its local test split. Raw rows never leave this package.
 */
package dev.pmad.agent;
