/**
 * Test fixtures shared through the common-protocol test-jar: {@link dev.pmad.testing.ProsodyServer}
 * runs a real Prosody for XMPP tests (with {@link dev.pmad.testing.SelfSignedCertificate} for its
 * TLS), {@link dev.pmad.testing.RecordingListener} records what a transport delivers, and
 * {@link dev.pmad.testing.Await} waits on conditions with a deadline instead of sleeping.
 */
package dev.pmad.testing;
