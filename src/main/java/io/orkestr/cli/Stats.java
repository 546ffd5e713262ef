package io.orkestr.cli;

import java.lang.management.ManagementFactory;

/** Stats prints, with --stats, how many Docker API calls a command made and how long the process ran. */
final class Stats {
  private Stats() {}

  static void print(RootCommand root) {
    if (!root.stats) return;
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    root.context.err().println("stats: docker_api_calls=" + root.context.dockerCalls() + " jvm_uptime_ms=" + uptime);
  }
}
