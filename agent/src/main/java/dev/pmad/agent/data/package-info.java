/**
 * Local data of an agent: the shared {@link dev.pmad.agent.data.Schema}, CSV loading that reports
 * bad input by file, line and column, feature encoding with global standardisation, and the
 * deterministic IID / Dirichlet label-skew partitioner used by simulations and demo deployments.
 *
 * <p>Missing values (an empty field or {@code ?}): a missing numeric value becomes the global
 * mean, i.e. 0 after standardisation, and is left out of the statistics; a missing categorical
 * value becomes all zeros in its one-hot block. A missing label is an error.
 *
 * <p>Dirichlet partitioning follows Hsu, Qi and Brown 2019, "Measuring the Effects of
 * Non-Identical Data Distribution for Federated Visual Classification".
 */
package dev.pmad.agent.data;
