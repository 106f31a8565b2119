package dev.pmad.dashboard.stream;

/**
 * One server-sent event, serialised once by the dispatcher and shared by every stream.
 *
 * @param id   sequence number, increasing; empty for a stream's snapshot
 */
record OutboundEvent(String name, String json, String id) {}
