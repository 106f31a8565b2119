/**
 * The agent's local engine on Apache Spark ({@code USE_SPARK=true}): rows read as a DataFrame
 * from any path Spark reads, distributed gradient steps (a reduction of per-partition gradient sums), federated
 * evaluation as a Spark job. Spark's dependencies live only in this module.
 */
package dev.pmad.spark;
