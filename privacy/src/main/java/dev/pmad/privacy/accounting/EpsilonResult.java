package dev.pmad.privacy.accounting;

/**
 * An (epsilon, delta) guarantee read off an RDP curve, with the Renyi order that gave the
 * smallest epsilon. An optimal order at the edge of the grid (the smallest or largest order)
 * suggests the grid is too narrow for this regime and epsilon is looser than it could be.
 *
 * @param epsilon the spent epsilon, &gt;= 0, possibly +infinity
 * @param order the Renyi order that attained it
 */
public record EpsilonResult(double epsilon, double order) {}
