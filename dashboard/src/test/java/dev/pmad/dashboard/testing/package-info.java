/**
 * Test helpers shared with the cli module's dashboard tests (through this module's test-jar): an
 * event-stream client that parses server-sent events as a browser does, and waiting for a
 * condition with a deadline.
 */
package dev.pmad.dashboard.testing;
