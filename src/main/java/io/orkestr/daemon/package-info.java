/**
 * The daemon ({@code orkestr serve}), on Vert.x: an HTTP server on a Unix socket that runs orkestr's
 * commands for the thin client in app/, streaming their output back. The command line itself is
 * handed in as a {@link io.orkestr.daemon.CliRunner} by app/, so this package does not import cli/.
 * Blocking work never runs on the event loop. {@link io.orkestr.daemon.CliProtocol} holds what the
 * client shares with the server and uses no Vert.x, so the client stays small.
 */
package io.orkestr.daemon;
