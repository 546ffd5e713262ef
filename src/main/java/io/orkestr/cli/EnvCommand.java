package io.orkestr.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr env --project shop}: the project's connection variables, masked unless --reveal. */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = {"List a project's connection variables (DATABASE_URL, REDIS_URL, ...) as NAME=value lines.",
        "Values are masked unless --reveal, which prints them for piping into a local tool."})
final class EnvCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ManifestOption manifest;

  @Option(names = "--project", required = true, description = "The project.")
  String project;

  @Option(names = "--reveal", description = "Print the values, passwords included.")
  boolean reveal;

  @Override
  public Integer call() {
    Map<String, String> env = root.service().environment(manifest.read(root.context), project, reveal);
    env.forEach((k, v) -> root.context.out().println(k + "=" + v));
    return ExitCodes.OK;
  }
}
