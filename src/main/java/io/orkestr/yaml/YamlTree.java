package io.orkestr.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.error.ValidationError;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YamlTree is a YAML document as a JSON tree plus the source location of every key and value.
 * SnakeYAML composes the node graph (which keeps each node's start mark); we convert it ourselves
 * so that duplicate keys are reported with their location instead of silently overwritten, and
 * resolve merge keys ({@code <<: *base}) ourselves for the same reason.
 */
public final class YamlTree {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String file;
  private final JsonNode root;
  private final Map<Pointer, SourceLocation> valueLocations = new HashMap<>();
  private final Map<Pointer, SourceLocation> keyLocations = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  /** Collection nodes being converted: an alias back to one of them would recurse forever. */
  private final java.util.Set<Node> inProgress = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private YamlTree(String file, Node node) {
    this.file = file;
    this.root = node == null ? JSON.nullNode() : convert(node, Pointer.ROOT);
    if (node == null) valueLocations.put(Pointer.ROOT, new SourceLocation(file, 1, 1));
  }

  /** Parses text; a syntax error is a ValidationError with its location. Duplicate keys are kept in problems(). */
  public static YamlTree parse(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    try {
      Node node = new Yaml(options).compose(new StringReader(text));
      return new YamlTree(file, node);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourceLocation at = mark == null ? new SourceLocation(file, 1, 1) : location(file, mark);
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ValidationError(List.of(new Problem(at, "", "invalid YAML: " + what).item()));
    } catch (YAMLException e) {
      throw new ValidationError(List.of(new Problem(new SourceLocation(file, 1, 1), "", "invalid YAML: " + e.getMessage()).item()));
    }
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /** Problems found while reading (duplicate or non-string keys). */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Where the value at this pointer starts; falls back to the nearest ancestor that has a location. */
  public SourceLocation valueLocation(Pointer p) {
    for (Pointer at = p; ; at = at.parent()) {
      SourceLocation loc = valueLocations.get(at);
      if (loc != null) return loc;
      if (at.elements().isEmpty()) return new SourceLocation(file, 1, 1);
    }
  }

  /** Where the key of this pointer's entry stands (for "unknown key"); the value's location otherwise. */
  public SourceLocation keyLocation(Pointer p) {
    SourceLocation loc = keyLocations.get(p);
    return loc != null ? loc : valueLocation(p);
  }

  public Problem problemAt(Pointer p, String message) {
    return new Problem(valueLocation(p), p.display(), message);
  }

  private JsonNode convert(Node node, Pointer at) {
    valueLocations.put(at, location(file, node.getStartMark()));
    if (!(node instanceof ScalarNode) && !inProgress.add(node)) {
      problems.add(new Problem(location(file, node.getStartMark()), at.display(), "an alias cannot refer to a node that contains it"));
      return JSON.nullNode();
    }
    try {
      return convertNode(node, at);
    } finally {
      inProgress.remove(node);
    }
  }

  private JsonNode convertNode(Node node, Pointer at) {
    if (node instanceof MappingNode mapping) {
      ObjectNode object = JSON.objectNode();
      List<Node> merged = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(new Problem(location(file, keyNode.getStartMark()), at.display(), "keys must be plain strings"));
          continue;
        }
        if (Tag.MERGE.equals(scalarKey.getTag())) {
          mergeSources(tuple.getValueNode(), at, merged);
          continue;
        }
        String key = scalarKey.getValue();
        Pointer child = at.key(key);
        if (object.has(key)) {
          problems.add(new Problem(location(file, keyNode.getStartMark()), child.display(), "duplicate key \"" + key + "\""));
          continue;
        }
        keyLocations.put(child, location(file, keyNode.getStartMark()));
        object.set(key, convert(tuple.getValueNode(), child));
      }
      merge(object, merged, at);
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = JSON.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), at.index(i)));
      }
      return array;
    }
    return scalar((ScalarNode) node);
  }

  /** The mappings a merge key ({@code <<: *base} or {@code <<: [*a, *b]}) names, in order. */
  private void mergeSources(Node value, Pointer at, List<Node> into) {
    if (value instanceof MappingNode) {
      into.add(value);
      return;
    }
    if (value instanceof SequenceNode seq && seq.getValue().stream().allMatch(MappingNode.class::isInstance)) {
      into.addAll(seq.getValue());
      return;
    }
    problems.add(new Problem(location(file, value.getStartMark()), at.display(),
        "a merge key (<<) takes a mapping or a list of mappings, such as <<: *base"));
  }

  /**
   * YAML's merge keys: the keys of the merged mappings that the mapping does not set itself, the
   * first merged mapping winning over later ones. A merged value keeps the location where the
   * anchor defined it, so a problem in it points there.
   */
  private void merge(ObjectNode object, List<Node> sources, Pointer at) {
    for (Node source : sources) {
      if (!inProgress.add(source)) {
        problems.add(new Problem(location(file, source.getStartMark()), at.display(), "a mapping cannot merge itself"));
        continue;
      }
      List<Node> nested = new ArrayList<>();
      for (NodeTuple t : ((MappingNode) source).getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) continue; // reported where the anchor is defined
        if (Tag.MERGE.equals(k.getTag())) {
          mergeSources(t.getValueNode(), at, nested);
        } else if (!object.has(k.getValue())) {
          Pointer child = at.key(k.getValue());
          keyLocations.put(child, location(file, k.getStartMark()));
          object.set(k.getValue(), convert(t.getValueNode(), child));
        }
      }
      merge(object, nested, at);
      inProgress.remove(source);
    }
  }

  // Types follow YAML 1.1's resolver, as SnakeYAML tags them: `version: 17` is a number, `"17"` a string.
  private static JsonNode scalar(ScalarNode node) {
    String value = node.getValue();
    Tag tag = node.getTag();
    try {
      if (Tag.NULL.equals(tag)) return JSON.nullNode();
      if (Tag.BOOL.equals(tag)) return JSON.booleanNode(isTrue(value));
      if (Tag.INT.equals(tag)) {
        BigInteger n = new BigInteger(value.replace("_", ""));
        return n.bitLength() < 63 ? JSON.numberNode(n.longValue()) : JSON.numberNode(n);
      }
      if (Tag.FLOAT.equals(tag)) return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
    } catch (NumberFormatException e) {
      return JSON.textNode(value); // sexagesimal and other YAML 1.1 oddities stay text
    }
    return JSON.textNode(value);
  }

  private static boolean isTrue(String v) {
    String s = v.toLowerCase();
    return s.equals("true") || s.equals("yes") || s.equals("on") || s.equals("y");
  }

  private static SourceLocation location(String file, Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }
}
