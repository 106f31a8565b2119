/**
 * Time as a dependency: {@link dev.pmad.time.Timers} schedules deadlines and heartbeats so that
 * tests can move time by hand instead of sleeping.
 */
package dev.pmad.time;
