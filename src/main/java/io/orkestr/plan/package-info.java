/**
 * The plan: the changes apply would make to match the manifest, as data (actions, reasons, a
 * dependency graph, a fingerprint of the state it came from), rendered elsewhere. Pure: imports
 * diff, desired, actual and error.
 */
package io.orkestr.plan;
