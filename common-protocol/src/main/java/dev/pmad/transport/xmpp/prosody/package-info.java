/**
 * A throwaway Prosody server run by this JVM: {@link dev.pmad.transport.xmpp.prosody.LocalProsody}
 * starts the Debian {@code prosody} binary on a free loopback port with a generated configuration
 * ({@link dev.pmad.transport.xmpp.prosody.ProsodyConfig}, close to the deployment's
 * {@code prosody/prosody.cfg.lua}) and a self-signed certificate
 * ({@link dev.pmad.transport.xmpp.prosody.SelfSignedCertificate}), and creates accounts with
 * {@code prosodyctl register}.
 *
 * <p>Used by {@code pmad local} (a whole federation on one machine over real XMPP), the XMPP
 * benchmarks, and, through the test-jar's {@code ProsodyServer} JUnit extension, by every test
 * that needs a server. Deployments run their own Prosody; see {@code prosody/README.md}.
 */
package dev.pmad.transport.xmpp.prosody;
