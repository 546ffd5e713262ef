package io.orkestr.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Reply is a route's answer, made off the event loop and sent on it. */
record Reply(int status, String contentType, String body) {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static Reply json(int status, JsonNode body) {
    return new Reply(status, "application/json", body.toPrettyString() + "\n");
  }

  static Reply json(JsonNode body) {
    return json(200, body);
  }

  /** Already rendered JSON (the CLI's plan -o json, byte for byte). */
  static Reply json(String rendered) {
    return new Reply(200, "application/json", rendered);
  }
}
