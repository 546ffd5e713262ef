package io.orkestr.plan;

/** Action is what apply does to one resource, with the symbol plans show for it. */
public enum Action {
  NO_OP(" ", "no change"),
  CREATE("+", "create"),
  UPDATE("~", "update in place"),
  REPLACE("-/+", "replace"),
  DELETE("-", "delete");

  private final String symbol;
  private final String verb;

  Action(String symbol, String verb) {
    this.symbol = symbol;
    this.verb = verb;
  }

  public String symbol() {
    return symbol;
  }

  public String verb() {
    return verb;
  }

  public String word() {
    return name().toLowerCase().replace('_', '-');
  }
}
