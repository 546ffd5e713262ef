/**
 * Errors a user can act on: each carries a one-line message (and sometimes a hint) that the CLI prints
 * without a stack trace and the HTTP API turns into a 4xx. Imports nothing; every package may use it.
 */
package io.orkestr.error;
