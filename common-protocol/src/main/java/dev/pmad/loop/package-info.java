/**
 * {@link dev.pmad.loop.EventLoop}: the one thread that owns an engine's state (coordinator or
 * agent). Everyone else only submits events, so the engines need no locks around their state.
 */
package dev.pmad.loop;
