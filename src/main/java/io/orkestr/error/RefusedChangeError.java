package io.orkestr.error;

/** RefusedChangeError says apply will not make a change the plan showed (a Postgres major upgrade). Nothing was changed. */
public class RefusedChangeError extends UserError {
  public RefusedChangeError(String message, String hint) {
    super(message, hint);
  }
}
