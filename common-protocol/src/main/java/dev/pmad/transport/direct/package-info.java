/**
 * Direct transfer of large payloads between two peers, negotiated over the XMPP session.
 *
 * <p>Why: Prosody moves a model update at about 20 MB/s whether it travels in-band as chunks or
 * through its HTTP server ({@code mod_http_file_share}: 25 to 32 MB/s up, 48 to 76 MB/s down on the
 * development machine, see BENCHMARKS.md), while TLS on loopback in Java moves over 1 GB/s. So a
 * sender with a payload above {@link DirectOffer#MIN_BYTES} opens it for one fetch on its own
 * listener ({@link DirectServer}) and sends the receiver only an offer over XMPP: where to connect,
 * a random transfer id, a fresh AES-256 key, the length and the SHA-256 of the payload. The
 * receiver ({@link DirectFetch}) connects, names the transfer id, and reads the payload sealed in
 * AES-GCM records ({@link Records}); it refuses anything whose records do not authenticate or whose
 * hash differs. Confidentiality and integrity come from AES-GCM under a key only the two XMPP
 * sessions (and the XMPP server, which both already trust) have seen; the sender is authenticated
 * by the XMPP server that stamped the offer's sender, the receiver by knowing the transfer id.
 *
 * <p>The same design as XEP-0065 SOCKS5 bytestreams with a direct connection, minus SOCKS5, plus
 * end-to-end encryption. Not for: peers that cannot reach each other's listener (NAT); they keep
 * the in-band chunks ({@code XMPP_DIRECT_HOST} unset).
 */
package dev.pmad.transport.direct;
