/**
 * Who may steer the federation: one shared control token (DASHBOARD_TOKEN, or a random one made
 * at start and logged once), sent as {@code Authorization: Bearer <token>} (RFC 6750) or
 * {@code X-PMAD-Token}. Reading stays open; Start and Stop need the token.
 */
package dev.pmad.dashboard.auth;
