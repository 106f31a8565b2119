/**
 * The {@link dev.pmad.transport.Transport} port: how engines send and receive text payloads
 * without knowing whether they travel over XMPP or stay in memory. {@link
 * dev.pmad.transport.Endpoint} puts the message codec on top and checks each message's declared
 * sender against the transport's authenticated address.
 */
package dev.pmad.transport;
