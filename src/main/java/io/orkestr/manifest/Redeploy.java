package io.orkestr.manifest;

/** Redeploy says whether a change of an app's connection variables redeploys it on apply or waits for `orkestr deploy`. */
public enum Redeploy {
  AUTO,
  MANUAL
}
