package io.orkestr.manifest;

/** AddOnRef names an add-on across projects: {@code shop/db}. */
public record AddOnRef(String project, String addon) {
  public static AddOnRef parse(String text) {
    int slash = text.indexOf('/');
    return new AddOnRef(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return project + "/" + addon;
  }
}
