package io.orkestr.cli;

import picocli.CommandLine;

/** VersionProvider reads the version from the jar's manifest (no classpath scanning, no I/O beyond it). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RootCommand.class.getPackage().getImplementationVersion();
    return new String[] {"orkestr " + (v == null ? "dev" : v)};
  }
}
