/** Who is in the federation: joined agents, their announced sizes and statistics, liveness. */
package dev.pmad.coordinator.roster;
