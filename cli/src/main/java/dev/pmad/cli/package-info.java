/**
 * The {@code pmad} command line (picocli): wires data, agents, coordinator and transports
 * together and prints results. Holds no learning or privacy logic of its own.
 */
package dev.pmad.cli;
