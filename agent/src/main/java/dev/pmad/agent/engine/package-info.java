/**
 * Where an agent's data lives and its local computation runs. {@link
 * dev.pmad.agent.engine.InMemoryEngine} keeps the encoded rows in this JVM and trains with
 * Tribuo; other engines (Spark) plug in through {@link dev.pmad.agent.engine.EngineProvider}.
 */
package dev.pmad.agent.engine;
