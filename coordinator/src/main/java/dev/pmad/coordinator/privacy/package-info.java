/**
 * A run's privacy mode as the coordinator applies it, one type per mode: how its noise is
 * calibrated when the run starts, what each ROUND_START tells an agent, what a quorum must
 * satisfy, what a completed round costs and what the run reports. The coordinator's state
 * machine asks these questions without branching on the mode itself.
 *
 * <p>Where the guarantee is enforced differs by mode: in {@code record} and {@code local} mode
 * each agent noises what it releases and keeps its own ledger (the coordinator only reports the
 * largest epsilon an agent reported); in {@code central} mode the coordinator noises the clipped
 * sum and its own accountant is the run's epsilon (DP-FedAvg, McMahan et al. 2018).
 */
package dev.pmad.coordinator.privacy;
