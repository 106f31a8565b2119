/**
 * How a run's whole privacy budget maps to per-round noise for each mode: the one function
 * both the coordinator (which plans) and each agent (which checks before releasing anything)
 * use, so that they can never disagree on what a round costs, nor on the accountant that prices
 * it ({@link dev.pmad.privacy.plan.PrivacyPlanner#ACCOUNTANT}).
 */
package dev.pmad.privacy.plan;
