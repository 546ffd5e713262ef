package io.orkestr.error;

/** ImageUnavailableError names an image that is neither present nor pullable, and how to configure another. */
public class ImageUnavailableError extends UserError {
  public ImageUnavailableError(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /** Not terminal: a mirror or registry may have it later. */
  @Override
  public boolean isTerminal() {
    return false;
  }
}
