package io.orkestr.docker.engine;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import io.orkestr.error.ConflictError;
import io.orkestr.error.DockerUnavailableError;
import io.orkestr.error.TransientError;
import io.orkestr.error.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** DockerFailures turns docker-java's exceptions into one-line errors that say what to do. */
final class DockerFailures {
  private DockerFailures() {}

  static RuntimeException translate(String what, RuntimeException e, String endpoint, String endpointSource) {
    if (unreachable(e)) {
      return new DockerUnavailableError("cannot reach the Docker engine at " + endpoint + " (" + endpointSource + "): "
          + rootMessage(e), "perhaps you should start Docker or set DOCKER_HOST", e);
    }
    if (e instanceof ConflictException) return new ConflictError("Docker refused to " + what + ": " + dockerMessage(e), null);
    if (e instanceof DockerException) return new TransientError("Docker failed to " + what + ": " + dockerMessage(e), null, e);
    return e;
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) return true;
      String m = String.valueOf(t.getMessage());
      if (m.contains("Connection refused") || m.contains("No such file or directory") || m.contains("connect")
          && t.getClass().getName().contains("Socket")) {
        return true;
      }
    }
    return false;
  }

  /** Docker's JSON error bodies arrive as "Status 409: {"message":"..."}"; keep the message, on one line. */
  static String dockerMessage(Throwable e) {
    String m = String.valueOf(e.getMessage()).strip().replaceFirst("^Status \\d+: ", "");
    if (m.startsWith("{")) {
      try {
        JsonNode body = new ObjectMapper().readTree(m);
        if (body.hasNonNull("message")) m = body.get("message").asText();
      } catch (IOException notJson) {
        // keep the text as it came
      }
    }
    return m.replaceAll("\\s+", " ").strip();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
