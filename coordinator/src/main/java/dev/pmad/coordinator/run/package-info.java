/** What a run produced: per-round results and the run summary, as immutable records. */
package dev.pmad.coordinator.run;
