package io.orkestr.sleep.iptables;

import io.orkestr.error.UserError;
import io.orkestr.sleep.Diversions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IptablesDiversions makes diversions DNAT rules in a chain of orkestr's own (ORKESTR-WAKE, nat
 * table), jumped to first from PREROUTING. Containers on one Docker bridge reach each other through
 * the host's netfilter (Docker turns on bridge-nf-call-iptables), so a rule there sees a client's
 * first packet to a sleeping add-on and sends it to the waker on the bridge's gateway address;
 * conntrack keeps each diverted connection on the waker after the rule goes. Each rule carries a
 * comment naming the add-on and network, which list() reads back.
 */
public final class IptablesDiversions implements Diversions {
  static final String CHAIN = "ORKESTR-WAKE";
  private static final Pattern RULE = Pattern.compile("-A " + CHAIN + " -s (\\S+) -d (\\S+)/32 -p tcp -m tcp --dport (\\d+)"
      + " -m comment --comment \"?orkestr-wake ([^\\s\"]+) ([^\\s\"]+)\"? -j DNAT --to-destination (\\S+):(\\d+)");

  private final String iptables;
  private volatile boolean chainReady;

  private IptablesDiversions(String iptables) {
    this.iptables = iptables;
  }

  /** Diversions where this process may make them (root, with iptables), or none with the reason; off: ORKESTR_SLEEP=off. */
  public static Diversions forHost(boolean off, boolean localEngine) {
    if (off) return Diversions.none("ORKESTR_SLEEP=off");
    if (!localEngine) return Diversions.none("the Docker engine is not on this host (DOCKER_HOST), so orkestr cannot divert its clients");
    Optional<String> tool = find();
    if (tool.isEmpty()) return Diversions.none("iptables is not installed");
    if (!"0".equals(uid())) return Diversions.none("orkestr does not run as root, which changing the host's packet filter needs");
    return new IptablesDiversions(tool.get());
  }

  private static Optional<String> find() {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "iptables"))) return Optional.of(dir + "/iptables");
    }
    return Optional.empty();
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Uid:")) return line.substring(4).strip().split("\\s+")[1];
      }
    } catch (IOException e) {
      // unknown: not root
    }
    return "";
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.empty();
  }

  @Override
  public synchronized void divert(Diversion d) {
    ensureChain();
    if (run(false, rule("-C", d)) != 0) run(true, rule("-A", d));
  }

  @Override
  public synchronized void restore(Diversion d) {
    if (!chainReady && run(false, List.of("-t", "nat", "-S", CHAIN)) != 0) return;
    while (run(false, rule("-C", d)) == 0) run(true, rule("-D", d));
  }

  @Override
  public synchronized List<Diversion> list() {
    List<Diversion> out = new ArrayList<>();
    Output o = output(List.of("-t", "nat", "-S", CHAIN));
    if (o.code() != 0) return out;
    for (String line : o.text().split("\n")) {
      Matcher m = RULE.matcher(line.strip());
      if (m.matches()) {
        out.add(new Diversion(m.group(4), m.group(5), m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(6),
            Integer.parseInt(m.group(7))));
      }
    }
    return out;
  }

  private void ensureChain() {
    if (chainReady) return;
    if (run(false, List.of("-t", "nat", "-S", CHAIN)) != 0) run(true, List.of("-t", "nat", "-N", CHAIN));
    if (run(false, List.of("-t", "nat", "-C", "PREROUTING", "-j", CHAIN)) != 0) run(true, List.of("-t", "nat", "-I", "PREROUTING", "1", "-j", CHAIN));
    chainReady = true;
  }

  private static List<String> rule(String op, Diversion d) {
    return List.of("-t", "nat", op, CHAIN, "-s", d.subnet(), "-d", d.address() + "/32", "-p", "tcp", "-m", "tcp", "--dport",
        Integer.toString(d.port()), "-m", "comment", "--comment", "orkestr-wake " + d.addon() + " " + d.network(), "-j", "DNAT",
        "--to-destination", d.waker() + ":" + d.wakerPort());
  }

  private int run(boolean mustSucceed, List<String> args) {
    Output o = output(args);
    if (mustSucceed && o.code() != 0) {
      throw new UserError("iptables " + String.join(" ", args) + " failed: " + o.text().strip());
    }
    return o.code();
  }

  private record Output(int code, String text) {}

  private Output output(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(iptables);
    cmd.add("-w"); // wait for the xtables lock: Docker changes the same tables
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Output(-1, "timed out");
      }
      return new Output(p.exitValue(), text);
    } catch (IOException e) {
      return new Output(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Output(-1, "interrupted");
    }
  }
}
