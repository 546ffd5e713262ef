package io.orkestr.error;

import java.util.List;
import java.util.Objects;

/**
 * ValidationError lists every problem found in an input file, so that all of them are reported at
 * once: as data (file, line, column, path, message: the HTTP API returns them as fields) and as
 * the CLI prints them, {@code file:line:column: path: message}.
 */
public class ValidationError extends UserError {
  private final List<Item> items;

  public ValidationError(List<Item> items) {
    super(items.isEmpty() ? "invalid input" : String.join("\n", items.stream().map(Item::format).toList()));
    this.items = List.copyOf(items);
  }

  /** Each problem as the CLI prints it. */
  public List<String> problems() {
    return items.stream().map(Item::format).toList();
  }

  /** Each problem as data. */
  public List<Item> items() {
    return items;
  }

  @Override
  public List<String> lines() {
    return problems();
  }

  /** Item is one problem: where (1-based line and column), at which key path (empty for the whole file), and what. */
  public record Item(String file, int line, int column, String path, String message) {
    public Item {
      Objects.requireNonNull(file);
      Objects.requireNonNull(path);
      Objects.requireNonNull(message);
    }

    public String format() {
      return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
  }
}
