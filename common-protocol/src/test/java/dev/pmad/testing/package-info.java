/**
 * Test fixtures shared through the common-protocol test-jar: {@link dev.pmad.testing.ProsodyServer}
 * runs a real Prosody for XMPP tests (a JUnit 5 extension over
 * {@link dev.pmad.transport.xmpp.prosody.LocalProsody}), {@link dev.pmad.testing.RecordingListener}
 * records what a transport delivers, {@link dev.pmad.testing.RecordingLogger} what a class logs.
 * Waiting on conditions is Awaitility's job.
 */
package dev.pmad.testing;
