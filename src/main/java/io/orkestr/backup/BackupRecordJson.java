package io.orkestr.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.desired.ResourceKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** BackupRecordJson is a backup record's JSON, the same in every store (a file beside the dump, an object beside the copy). */
public final class BackupRecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupRecordJson() {}

  public static ObjectNode toJson(BackupRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id());
    n.put("manifest", r.manifest());
    n.put("addon", r.addon().toString());
    n.put("engine", r.engine());
    n.put("version", r.version());
    n.put("kind", r.kind().word());
    r.note().ifPresent(v -> n.put("note", v));
    n.put("created", r.created().toString());
    n.put("finished", r.finished().toString());
    n.put("size_bytes", r.sizeBytes());
    n.put("sha256", r.sha256());
    n.put("status", r.status().word());
    r.failure().ifPresent(v -> n.put("failure", v));
    ObjectNode contents = n.putObject("contents");
    r.contents().forEach(contents::put);
    r.verification().ifPresent(v -> {
      ObjectNode o = n.putObject("verification").put("at", v.at().toString()).put("passed", v.passed());
      v.failure().ifPresent(f -> o.put("failure", f));
    });
    return n;
  }

  public static BackupRecord fromJson(JsonNode n) {
    Map<String, Long> contents = new TreeMap<>();
    n.path("contents").fields().forEachRemaining(e -> contents.put(e.getKey(), e.getValue().asLong()));
    Optional<Verification> v = Optional.ofNullable(n.get("verification")).map(o -> new Verification(Instant.parse(o.get("at").asText()),
        o.get("passed").asBoolean(), Optional.ofNullable(o.get("failure")).map(JsonNode::asText)));
    return new BackupRecord(n.get("id").asText(), n.get("manifest").asText(), ResourceKey.parse(n.get("addon").asText()),
        n.get("engine").asText(), n.get("version").asText(), BackupKind.of(n.get("kind").asText()),
        Optional.ofNullable(n.get("note")).map(JsonNode::asText), Instant.parse(n.get("created").asText()),
        Instant.parse(n.get("finished").asText()), n.get("size_bytes").asLong(), n.get("sha256").asText(),
        BackupStatus.of(n.get("status").asText()), Optional.ofNullable(n.get("failure")).map(JsonNode::asText), contents, v);
  }
}
