/**
 * Secure aggregation: the server learns only the sum of the agents' inputs. Bonawitz et al.
 * 2017 (semi-honest version) with the neighbourhood graphs of SecAgg+ (Bell et al. 2020) as an
 * option. Pure computation, no transport, no threads; JDK cryptography only.
 */
package dev.pmad.secagg;
