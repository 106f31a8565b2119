package dev.pmad.coordinator.run;

/** An agent selected for a round that did not contribute, and why (lost, timed out, refused...). */
public record AgentFailure(String agent, String reason) {}
