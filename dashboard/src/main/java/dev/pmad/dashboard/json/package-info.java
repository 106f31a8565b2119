/**
 * The JSON form of the dashboard's records, shared by the REST API and the event streams so that
 * both say the same thing the same way. Numbers nobody could compute (NaN, infinities) become
 * {@code null}: RFC 8259 has no NaN, and {@code JSON.parse} in the browser rejects it.
 */
package dev.pmad.dashboard.json;
