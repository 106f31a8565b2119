/**
 * Server-sent events: fan-out of federation events to every open page, with bounded queues so
 * that a slow or dead browser never holds up the federation or the other browsers. Wire format
 * per the WHATWG HTML "Server-sent events" section; browsers reconnect by themselves and get a
 * fresh snapshot first. The number of open streams is bounded by a permit taken before a stream
 * is accepted, so a burst cannot overshoot it.
 */
package dev.pmad.dashboard.stream;
