package io.orkestr.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Pointer addresses a node in a YAML tree by its keys and indexes, like a JSON pointer, and prints
 * the way users read it: {@code projects[0].addons[1].type}.
 */
public record Pointer(List<Object> elements) {
  public static final Pointer ROOT = new Pointer(List.of());

  public Pointer {
    elements = List.copyOf(elements);
  }

  public Pointer key(String name) {
    return with(name);
  }

  public Pointer index(int i) {
    return with(i);
  }

  public Pointer parent() {
    return elements.isEmpty() ? this : new Pointer(elements.subList(0, elements.size() - 1));
  }

  private Pointer with(Object element) {
    List<Object> next = new ArrayList<>(elements);
    next.add(element);
    return new Pointer(next);
  }

  /** The user-facing form: {@code projects[0].plan}; empty for the root. */
  public String display() {
    StringBuilder sb = new StringBuilder();
    for (Object e : elements) {
      if (e instanceof Integer) {
        sb.append('[').append(e).append(']');
      } else {
        if (sb.length() > 0) sb.append('.');
        sb.append(e);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return display();
  }
}
