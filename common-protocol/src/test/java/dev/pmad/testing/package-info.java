/**
 * Test fixtures shared through the common-protocol test-jar: {@link dev.pmad.testing.ProsodyServer}
 * runs a real Prosody for XMPP tests (a JUnit 5 extension over
 * {@link dev.pmad.transport.xmpp.prosody.LocalProsody}), {@link dev.pmad.testing.RecordingListener}
 * records what a transport delivers, and {@link dev.pmad.testing.Await} waits on conditions with a
 * deadline instead of sleeping.
 */
package dev.pmad.testing;
