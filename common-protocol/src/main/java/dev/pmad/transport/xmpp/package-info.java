/**
 * The XMPP adapter of the {@link dev.pmad.transport.Transport} port, on Smack 4.4 (RFC 6120
 * client-to-server streams, RFC 6121 messages).
 *
 * <p>{@link dev.pmad.transport.xmpp.XmppTransport} logs in over STARTTLS, trusting only the
 * certificate(s) in the PEM file named by {@code XMPP_CA_CERT}, and reconnects on its own with
 * exponential {@link dev.pmad.transport.xmpp.Backoff}. Payloads travel in {@code <message/>}
 * stanzas to bare JIDs: small ones as the {@code <body/>}, large ones as a set of
 * {@code <chunk xmlns='urn:pmad:transport:chunk:1'/>} elements, because Prosody closes the
 * stream of a client that sends a stanza above {@code c2s_stanza_size_limit} (256 KiB by
 * default). Chunk sets are reassembled within {@link dev.pmad.transport.xmpp.ReassemblyLimits}
 * so a hostile or broken peer cannot exhaust memory.
 *
 * <p>Configuration comes from {@link dev.pmad.transport.xmpp.XmppSettings#fromEnvironment}.
 */
package dev.pmad.transport.xmpp;
