package io.orkestr.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;

/**
 * ErrorJson is a user error for tools: its message and hint, and an invalid input's problems as
 * fields (file, line, column, path, message), the same problems the CLI prints one per line.
 */
public final class ErrorJson {
  private ErrorJson() {}

  /** Adds {@code detail}, {@code hint} and {@code problems} to {@code into} (an RFC 9457 problem). */
  public static ObjectNode into(ObjectNode into, UserError e) {
    into.put("detail", e instanceof ValidationError v && !v.items().isEmpty() ? v.items().size() + " problem"
        + (v.items().size() == 1 ? "" : "s") + " in " + v.items().get(0).file() : e.getMessage());
    if (e.hint() != null) into.put("hint", e.hint());
    ArrayNode problems = into.putArray("problems");
    if (e instanceof ValidationError v) {
      for (ValidationError.Item i : v.items()) {
        problems.addObject().put("file", i.file()).put("line", i.line()).put("column", i.column()).put("path", i.path())
            .put("message", i.message());
      }
    }
    return into;
  }

  public static ObjectNode problem(int status, String title) {
    return PlanJson.JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status);
  }
}
