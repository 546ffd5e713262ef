/**
 * OrkestrService: one blocking method per use case (validate, plan, apply, destroy, status, env,
 * run, deploy), shared by the CLI and the HTTP API. It reads the manifest file, reads Docker's
 * state through the ports and hands the pure core values; it depends on ports, never on adapters.
 */
package io.orkestr.service;
