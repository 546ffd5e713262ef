package io.orkestr.daemon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.error.ConflictError;
import io.orkestr.error.NotFoundError;
import io.orkestr.error.RefusedChangeError;
import io.orkestr.error.StalePlanError;
import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;
import io.orkestr.render.ErrorJson;

/**
 * Problems maps failures to RFC 9457 problem documents: a user error to a 4xx with its message and an
 * invalid manifest's problems as fields; one that may pass (Docker out of reach) to 503; anything else
 * to a 500 that carries only the request id, the details going to the log.
 */
final class Problems {
  private Problems() {}

  static int status(UserError e) {
    if (e instanceof ValidationError) return 400;
    if (e instanceof NotFoundError) return 404;
    if (e instanceof ApiRoutes.UnsupportedType) return 415;
    if (e instanceof ConflictError || e instanceof StalePlanError || e instanceof RefusedChangeError) return 409;
    if (!e.isTerminal()) return 503;
    return 400;
  }

  static ObjectNode of(UserError e, String requestId) {
    int status = status(e);
    return ErrorJson.into(ErrorJson.problem(status, title(status)), e).put("request_id", requestId);
  }

  static ObjectNode of(int status, String detail, String requestId) {
    ObjectNode p = ErrorJson.problem(status, title(status));
    if (detail != null) p.put("detail", detail);
    return p.put("request_id", requestId);
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
