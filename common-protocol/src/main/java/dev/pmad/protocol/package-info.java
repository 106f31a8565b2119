/**
 * The PMAD wire protocol: one record per message type, the {@link dev.pmad.protocol.MessageCodec}
 * that turns them into versioned JSON and back, and the validation that every incoming message
 * passes before any engine sees it (the "privacy firewall").
 *
 * <p>Only model deltas, sample counts, aggregate statistics and aggregate evaluation counts can
 * travel: no message type has a field that could carry a record, and the codec rejects unknown
 * fields, non-finite numbers and oversized payloads. Model vectors travel as base64 of
 * little-endian IEEE-754 doubles, so a vector arrives bit-for-bit as it was sent.
 */
package dev.pmad.protocol;
