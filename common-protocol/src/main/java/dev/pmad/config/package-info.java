/**
 * Environment variables, read once and typed: {@link dev.pmad.config.Env} is the only class that
 * asks the operating system for them, and every module's settings ({@code XMPP_*},
 * {@code MLFLOW_*}, {@code SPARK_*}, the coordinator's and the agent's) go through its typed reads,
 * so each variable has one syntax (durations {@code 300}, {@code 300s}, {@code 5m} or
 * {@code PT5M}) and every error names the variable and what it expects. The configuration table
 * in docs/configuration.md lists them; a deploy-test checks it against the code.
 */
package dev.pmad.config;
