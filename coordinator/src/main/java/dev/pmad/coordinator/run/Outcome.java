package dev.pmad.coordinator.run;

/** How a run ended. */
public enum Outcome { COMPLETED, STOPPED, FAILED }
