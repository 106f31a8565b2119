/**
 * Command-line measurements of the agent's local computation, run by the scripts in
 * {@code bench/}: {@link dev.pmad.agent.bench.LocalStepBench} times the in-JVM engine's local
 * SGD round by round and writes the encoded rows it trained on, so that another implementation
 * (scikit-learn) can be timed on exactly the same rows. Not used by agents.
 */
package dev.pmad.agent.bench;
