package io.orkestr.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CliProtocol is how a thin client hands a command line to the daemon: {@code POST /v1/cli} with the
 * arguments, working directory and orkestr's environment variables as JSON, answered by a stream of
 * frames (stdout bytes, stderr bytes, then the exit code). Plain Java: the client must not load Vert.x.
 */
public final class CliProtocol {
  public static final String RUN_PATH = "/v1/cli";
  /** {@code POST /v1/cli/<id>/interrupt}: the client's Ctrl-C, delivered to the command it started. */
  public static final String INTERRUPT_SUFFIX = "/interrupt";
  /** The client's build; a daemon of another build answers 409 and the client runs the command itself. */
  public static final String BUILD_HEADER = "X-Orkestr-Build";
  /** The id of the running command, for interrupting it. */
  public static final String INVOCATION_HEADER = "X-Orkestr-Invocation";
  public static final String STREAM_TYPE = "application/vnd.orkestr.cli-stream";
  public static final byte STDOUT = 'o';
  public static final byte STDERR = 'e';
  /**
   * An empty frame sent every second while a command runs: Vert.x does not read from a connection while
   * it answers a request, so only a failed write shows that a client went away.
   */
  public static final byte KEEPALIVE = 'k';
  /** The last frame: the command's exit code as a 4-byte big-endian int. */
  public static final byte EXIT = 'x';
  public static final String SOCKET_NAME = "orkestr.sock";

  /** Commands a daemon does not run: itself, and {@code run}, whose job container belongs to the terminal it was started from. */
  private static final Set<String> LOCAL_COMMANDS = Set.of("serve", "run");
  /** Commands that may ask for confirmation on a terminal; the daemon cannot ask. */
  static final Set<String> ASKING_COMMANDS = Set.of("apply", "destroy", "deploy", "backup restore");
  /** Root options that take a value, to find the subcommand after them. */
  private static final Set<String> VALUED_ROOT_OPTIONS = Set.of("--plans");

  private CliProtocol() {}

  /**
   * Whether the daemon may run this command line: not serve or run, not --debug (its logs belong to the
   * caller's terminal), and on a terminal nothing that would ask for confirmation.
   */
  public static boolean forwardable(List<String> args, boolean terminal) {
    for (String a : args) {
      if (a.equals("--debug") || a.startsWith("--debug=")) return false;  // a loop, not a stream: the client starts faster
    }
    String command = command(args);
    if (command == null) return true;
    if (LOCAL_COMMANDS.contains(command)) return false;
    String sub = subcommand(args, command);
    boolean asks = ASKING_COMMANDS.contains(command) || sub != null && ASKING_COMMANDS.contains(command + " " + sub);
    return !(terminal && asks && !args.contains("--auto-approve"));
  }

  /** The word after the subcommand when it names one of its own ("backup restore"), or null. */
  private static String subcommand(List<String> args, String command) {
    int i = args.indexOf(command);
    for (int j = i + 1; j < args.size(); j++) {
      if (!args.get(j).startsWith("-")) return args.get(j);
      if (args.get(j).equals("-f") || args.get(j).equals("--file") || args.get(j).equals("--addon")) j++;
    }
    return null;
  }

  /** The subcommand of a command line (the first word that is not a root option or its value), or null. */
  static String command(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (VALUED_ROOT_OPTIONS.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  /** Whether the client forwards this environment variable: only what orkestr reads, never the rest. */
  public static boolean forwardedVariable(String name) {
    return name.startsWith("ORKESTR_") || name.startsWith("DOCKER_") || name.equals("HOME") || name.equals("NO_COLOR");
  }

  /**
   * Where the daemon of an orkestr home listens: {@code <home>/orkestr.sock}, or, when that path is too
   * long for a Unix socket (108 bytes on Linux), a socket named after the home in a directory of the
   * user's own under the temporary directory.
   */
  public static Path socketPath(Path home) {
    Path absolute = home.toAbsolutePath().normalize();
    Path preferred = absolute.resolve(SOCKET_NAME);
    if (preferred.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) return preferred;
    return Path.of(System.getProperty("java.io.tmpdir"), "orkestr-" + System.getProperty("user.name"),
        Long.toHexString(fnv1a(absolute.toString())) + ".sock");
  }

  /** Linux's limit for a socket's path is 107 bytes and a NUL; leave room for the JDK's own checks. */
  static final int MAX_SOCKET_PATH = 100;

  /** A 64-bit FNV-1a hash: stable across runs and cheap to load (MessageDigest is not). */
  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The home orkestr uses: ORKESTR_HOME (relative to {@code cwd}), else ~/.orkestr. */
  public static Path home(Map<String, String> env, Path cwd) {
    String home = env.get("ORKESTR_HOME");
    if (home != null && !home.isBlank()) return cwd.resolve(home);
    String user = env.get("HOME");
    return Path.of(user != null && !user.isBlank() ? user : System.getProperty("user.home"), ".orkestr");
  }

  /**
   * Identifies this build of orkestr (a time stamp Maven writes into the jars), so a client and a
   * daemon from different builds do not talk: a daemon started before a rebuild is not used.
   */
  public static String buildId() {
    try (InputStream in = CliProtocol.class.getResourceAsStream("/orkestr-build.properties")) {
      if (in == null) return "unknown";
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.startsWith("build=")) return line.substring("build=".length()).trim();
      }
      return "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
