package io.orkestr.cli;

import io.orkestr.service.ManifestFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** ManifestOption is the -f/--file option every manifest command takes. */
final class ManifestOption {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "orkestr.yaml",
      description = "The manifest (default: ${DEFAULT-VALUE}).")
  Path file;

  ManifestFile read(CliContext context) {
    return ManifestFile.read(file, context.resolve(file));
  }
}
