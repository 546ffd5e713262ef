/**
 * The HTTP API of {@code orkestr serve -f}: Vert.x Web routes over the control plane, bearer-token
 * auth, problem+json errors, server-sent events and the Prometheus scrape. Routes render with
 * render/ and call control/, which calls the service, as the CLI does.
 */
package io.orkestr.daemon.api;
