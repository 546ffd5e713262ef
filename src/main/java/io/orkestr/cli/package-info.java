/**
 * The command line (picocli): parse flags, call OrkestrService, print through the renderers. No
 * decision about manifests or plans lives here. Imports service, render and the core's records.
 */
package io.orkestr.cli;
