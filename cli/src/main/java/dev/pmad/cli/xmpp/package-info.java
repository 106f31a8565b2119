/**
 * The coordinator and agents over XMPP, wired for the command line: a
 * {@link dev.pmad.cli.xmpp.CoordinatorNode} or {@link dev.pmad.cli.xmpp.AgentNode} is one engine
 * with its {@link dev.pmad.transport.xmpp.XmppTransport} and timers ({@code pmad coordinator},
 * {@code pmad agent}); an {@link dev.pmad.cli.xmpp.XmppFederation} is a coordinator and N agents
 * in one JVM on a local Prosody ({@code pmad local}, the XMPP benchmarks). No learning or
 * protocol logic lives here.
 */
package dev.pmad.cli.xmpp;
