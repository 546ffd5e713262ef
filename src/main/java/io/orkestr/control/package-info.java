/**
 * The control plane behind {@code orkestr serve -f}: the reconcile loop and what triggers it (the
 * manifest's file, the engine's events, a resync timer), the journal of events, and the metrics. It
 * calls the service layer, like the CLI; the HTTP API (daemon.api) reads it.
 */
package io.orkestr.control;
