/**
 * Apply: walks a plan's dependency graph, runs independent changes in parallel (bounded), waits for
 * add-ons to answer, and reports each change's outcome. Dependents of a failed change are skipped,
 * not failed again. Every step is idempotent, so an interrupted apply converges when rerun.
 * Imports plan, docker, credential, desired, actual and error.
 */
package io.orkestr.apply;
