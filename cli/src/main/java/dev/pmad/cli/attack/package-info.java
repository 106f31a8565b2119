/**
 * Simulated hostile agents ({@code simulate --attackers K --attack KIND}): the attacks a
 * coordinator's robust aggregation is evaluated against (sign flip, scaling, noise, label flip,
 * an inflated row count). Simulation only.
 */
package dev.pmad.cli.attack;
