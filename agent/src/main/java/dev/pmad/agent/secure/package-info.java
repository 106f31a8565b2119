/**
 * Secure aggregation at the agent (SecAgg+, Bonawitz et al. 2017; Bell et al. 2020): one
 * {@link dev.pmad.agent.secure.SecureSession} per round turns the round's clipped, weighted delta
 * into a masked input through the privacy module's {@code SecAggClient}, and the coordinator's
 * SECAGG_* requests into the agent's answers. The agent checks what it is asked before it
 * answers: it is among the round's agents, the threshold is a majority of its share holders, and
 * its own weight fits the announced bound.
 */
package dev.pmad.agent.secure;
