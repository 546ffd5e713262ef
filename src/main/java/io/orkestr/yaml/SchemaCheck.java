package io.orkestr.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SchemaCheck validates a YamlTree against a JSON Schema (2020-12) shipped in the jar, and turns
 * every validation message into a located, readable Problem: unknown keys point at the key and
 * suggest the closest known one; patterns explain themselves with the schema's description.
 */
public final class SchemaCheck {
  private final JsonNode schemaJson;
  private final JsonSchema schema;

  private SchemaCheck(JsonNode schemaJson) {
    this.schemaJson = schemaJson;
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson, config);
  }

  /** Loads a schema from the classpath, e.g. {@code /schemas/orkestr.schema.json}. */
  public static SchemaCheck fromResource(String resource) {
    return new SchemaCheck(load(resource));
  }

  /**
   * Loads a schema and adjusts it before compiling: the manifest's plan names, for one, come from
   * the plans file in force, so they become an enum checked with the rest of the schema.
   */
  public static SchemaCheck fromResource(String resource, java.util.function.Consumer<JsonNode> adjust) {
    JsonNode json = load(resource);
    adjust.accept(json);
    return new SchemaCheck(json);
  }

  private static JsonNode load(String resource) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("schema " + resource + " is missing from the jar");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All problems in the tree: those found while reading plus every schema violation, in file order. */
  public List<Problem> check(YamlTree tree) {
    Set<Problem> problems = new TreeSet<>(tree.problems());
    Set<ValidationMessage> messages = schema.validate(tree.root());
    // A value of the wrong type (often nothing: "plan: ~") fails its enum or pattern too: one mistake, one message.
    Set<String> wrongType = new java.util.HashSet<>();
    for (ValidationMessage m : messages) if (m.getType().equals("type") && anyOf(m) == null) wrongType.add(m.getInstanceLocation().toString());
    // Alternatives (anyOf): a value that fits none gets one message, what the alternatives' owner describes, unless
    // it is of the right shape for one of them and wrong inside it (an unknown key): then that one says what.
    Set<String> deeper = new java.util.HashSet<>();
    for (ValidationMessage m : messages) if (anyOf(m) != null && !isShape(m)) deeper.add(m.getInstanceLocation() + " " + anyOf(m));
    for (ValidationMessage m : messages) {
      if (m.getType().equals("anyOf")) continue;
      String alternatives = anyOf(m);
      if (alternatives != null && isShape(m)) {
        if (!deeper.contains(m.getInstanceLocation() + " " + alternatives)) problems.add(noneOf(tree, m, alternatives));
        continue;
      }
      if (!m.getType().equals("type") && wrongType.contains(m.getInstanceLocation().toString())) continue;
      problems.add(toProblem(tree, m));
    }
    return List.copyOf(problems);
  }

  /** The schema path of the anyOf a message's keyword sits in (directly in one of its alternatives), or null. */
  private static String anyOf(ValidationMessage m) {
    String path = m.getSchemaLocation().getFragment().toString();
    int at = path.lastIndexOf("/anyOf/");
    if (at < 0 || path.substring(at + 7).chars().filter(c -> c == '/').count() != 1) return null;
    return path.substring(0, at);
  }

  /** A message about the value's shape (its type, or a constant it is not), rather than about what is inside it. */
  private static boolean isShape(ValidationMessage m) {
    return m.getType().equals("type") || m.getType().equals("const") || m.getType().equals("enum");
  }

  /** One message for a value that fits none of the alternatives: "must be" and the description of what owns them. */
  private Problem noneOf(YamlTree tree, ValidationMessage m, String alternatives) {
    Pointer at = pointer(m.getInstanceLocation());
    JsonNodePath fragment = m.getSchemaLocation().getFragment();
    JsonNode owner = schemaJson;
    for (int i = 0; i < fragment.getNameCount() && owner != null && !"anyOf".equals(String.valueOf(fragment.getElement(i))); i++) {
      Object e = fragment.getElement(i);
      owner = e instanceof Integer n ? owner.get(n) : owner.get(String.valueOf(e));
    }
    String what = owner != null && owner.hasNonNull("description") ? owner.get("description").asText() : "one of the forms its schema allows";
    return new Problem(tree.valueLocation(at), at.display(), "must be " + what + " (found " + describe(m.getInstanceNode()) + ")");
  }

  private Problem toProblem(YamlTree tree, ValidationMessage m) {
    Pointer at = pointer(m.getInstanceLocation());
    JsonNode keyword = schemaNode(m.getSchemaLocation().getFragment());
    JsonNode owner = schemaNode(m.getSchemaLocation().getFragment().getParent());
    JsonNode found = m.getInstanceNode();
    switch (m.getType()) {
      case "additionalProperties":
      case "unevaluatedProperties": {
        Pointer key = at.key(m.getProperty());
        String msg = "unknown key \"" + m.getProperty() + "\"" + suggestion(m.getProperty(), owner) + extensionHint(owner);
        return new Problem(tree.keyLocation(key), key.display(), msg);
      }
      case "propertyNames": {
        // Reported at the offending key, in the schema's words, not at the map with the library's regex.
        String name = propertyName(m);
        Pointer key = at.key(name);
        JsonNode names = owner == null ? null : owner.get("propertyNames");
        String what = names != null && names.hasNonNull("description") ? names.get("description").asText() : "a valid key";
        return new Problem(tree.keyLocation(key), key.display(), "\"" + name + "\" is not " + what);
      }
      case "required":
        return new Problem(tree.valueLocation(at), at.display(), "missing required key \"" + m.getProperty() + "\"");
      case "enum": {
        List<String> allowed = new ArrayList<>();
        keyword.forEach(v -> allowed.add(v.asText()));
        String hint = found != null && found.isTextual() ? EditDistance.suggest(found.asText(), allowed) : "";
        return new Problem(tree.valueLocation(at), at.display(), "must be one of " + String.join(", ", allowed) + " (found " + describe(found) + ")" + hint);
      }
      case "minimum":
        return new Problem(tree.valueLocation(at), at.display(), "must be at least " + keyword + " (found " + found + ")");
      case "exclusiveMinimum":
        return new Problem(tree.valueLocation(at), at.display(), "must be greater than " + keyword + " (found " + found + ")");
      case "maximum":
        return new Problem(tree.valueLocation(at), at.display(), "must be at most " + keyword + " (found " + found + ")");
      case "minItems":
        return new Problem(tree.valueLocation(at), at.display(), "must have at least " + keyword + " item" + (keyword.asInt() == 1 ? "" : "s"));
      case "minLength":
        return new Problem(tree.valueLocation(at), at.display(), "must not be empty");
      case "const":
        return new Problem(tree.valueLocation(at), at.display(), "must be " + keyword + " (found " + found + ")");
      case "type":
        return new Problem(tree.valueLocation(at), at.display(),
            "must be " + typeName(keyword) + " (found " + describe(found) + ")");
      case "pattern":
      case "format": {
        String what = owner != null && owner.hasNonNull("description") ? owner.get("description").asText() : "match " + keyword.asText();
        return new Problem(tree.valueLocation(at), at.display(), "must be " + what + " (found " + found + ")");
      }
      default:
        return new Problem(tree.valueLocation(at), at.display(), stripPath(m.getMessage()));
    }
  }

  private static Pointer pointer(JsonNodePath path) {
    Pointer p = Pointer.ROOT;
    for (int i = 0; i < path.getNameCount(); i++) {
      Object e = path.getElement(i);
      p = e instanceof Integer n ? p.index(n) : p.key(String.valueOf(e));
    }
    return p;
  }

  private JsonNode schemaNode(JsonNodePath fragment) {
    JsonNode node = schemaJson;
    if (fragment == null) return node;
    for (int i = 0; i < fragment.getNameCount() && node != null; i++) {
      Object e = fragment.getElement(i);
      node = e instanceof Integer n ? node.get(n) : node.get(String.valueOf(e));
    }
    return node;
  }

  private static String suggestion(String unknown, JsonNode owner) {
    if (owner == null || !owner.has("properties")) return "";
    List<String> known = new ArrayList<>();
    owner.get("properties").fieldNames().forEachRemaining(known::add);
    return EditDistance.suggest(unknown, known);
  }

  /** " (top-level keys of your own start with x-)" where the schema allows x- keys. */
  private static String extensionHint(JsonNode owner) {
    boolean extensions = owner != null && owner.has("patternProperties") && owner.get("patternProperties").has("^x-");
    return extensions ? " (top-level keys of your own start with x-)" : "";
  }

  /** The key a propertyNames message is about (networknt puts it in the message's arguments). */
  private static String propertyName(ValidationMessage m) {
    if (m.getProperty() != null) return m.getProperty();
    Object[] args = m.getArguments();
    return args != null && args.length > 0 ? String.valueOf(args[0]) : "";
  }

  private static String typeName(JsonNode type) {
    if (type == null) return "of another type";
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(article(t.asText())));
      return String.join(" or ", names);
    }
    return article(type.asText());
  }

  private static String article(String type) {
    switch (type) {
      case "object": return "a mapping";
      case "array": return "a list";
      case "integer": return "a whole number";
      case "number": return "a number";
      case "boolean": return "true or false";
      case "string": return "a string";
      default: return type;
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) return "nothing";
    if (node.isObject()) return "a mapping";
    if (node.isArray()) return "a list";
    return node.toString();
  }

  // networknt prefixes messages with the instance path ("$.projects[0]: ..."); ours says it already.
  private static String stripPath(String message) {
    int i = message.indexOf(": ");
    return (message.startsWith("$") || message.startsWith("/")) && i > 0 ? message.substring(i + 2) : message;
  }
}
