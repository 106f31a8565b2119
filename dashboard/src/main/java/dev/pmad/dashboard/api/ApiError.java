package dev.pmad.dashboard.api;

/** The body of every error response: the status, its name, and what to do about it. */
public record ApiError(int status, String error, String message) {}
