/**
 * Main and wiring: reads the environment, builds the adapters (docker-java, files under
 * $ORKESTR_HOME), the service and the CLI. The only package that knows the adapters; nothing imports it.
 */
package io.orkestr.app;
