package io.orkestr.daemon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CliInvocation is one command line a client asked the daemon to run, with where and in which environment. */
public record CliInvocation(List<String> args, String cwd, Map<String, String> env, boolean terminal) {
  public CliInvocation {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    if (cwd == null || cwd.isEmpty() || !cwd.startsWith("/")) throw new IllegalArgumentException("cwd must be an absolute path");
  }

  static CliInvocation fromJson(JsonObject json) {
    List<String> args = new ArrayList<>();
    JsonArray a = json.getJsonArray("args", new JsonArray());
    for (int i = 0; i < a.size(); i++) args.add(a.getString(i));
    Map<String, String> env = new TreeMap<>();
    JsonObject e = json.getJsonObject("env", new JsonObject());
    for (String name : e.fieldNames()) {
      if (CliProtocol.forwardedVariable(name)) env.put(name, e.getString(name));
    }
    return new CliInvocation(args, json.getString("cwd"), env, json.getBoolean("terminal", false));
  }

  /** The subcommand, for the log; never the other arguments. */
  String command() {
    String command = CliProtocol.command(args);
    return command == null ? "orkestr" : command;
  }

  @Override
  public String toString() {
    // env may hold DOCKER_* credentials paths or tokens: never print it
    return "CliInvocation[" + command() + " in " + cwd + "]";
  }
}
