/**
 * Who may steer the federation: one shared control token (DASHBOARD_TOKEN, or a random one made
 * at start and logged once), sent as {@code Authorization: Bearer <token>} (RFC 6750) or
 * {@code X-PMAD-Token}. Reading stays open; Start and Stop need the token. Wrong tokens are
 * counted per client address and answered 429 with Retry-After after a few (RFC 6585, section 4).
 */
package dev.pmad.dashboard.auth;
