package io.orkestr.desired;

/**
 * DockerNames are the names orkestr gives what it creates. '_' separates the parts: manifest
 * names are DNS labels (no '_'), so two projects' names can never collide.
 */
public final class DockerNames {
  public static final String PREFIX = "orkestr_";

  private DockerNames() {}

  public static String privateNetwork(String project) {
    return PREFIX + project + "_private";
  }

  public static String egressNetwork(String project) {
    return PREFIX + project + "_egress";
  }

  public static String groupNetwork(String group) {
    return PREFIX + group + "_group";
  }

  public static String container(String project, String name) {
    return PREFIX + project + "_" + name;
  }

  public static String volume(String project, String addon) {
    return PREFIX + project + "_" + addon + "_data";
  }

  /** The volume on the size-limited disk of a data volume: orkestr_shop_db_data_space. */
  public static String space(String dataVolume) {
    return dataVolume + "_space";
  }

  /** The volume a major upgrade moves an add-on's data to: orkestr_shop_db_data_pg17. */
  public static String upgradedVolume(String project, String addon, int major) {
    return volume(project, addon) + "_pg" + major;
  }

  /** A one-off job's container: orkestr_shop_run_1a2b3c4d. */
  public static String job(String project, String suffix) {
    return PREFIX + project + "_run_" + suffix;
  }

  /** Database user and name for an add-on: its name with '-' turned into '_', valid unquoted in SQL. */
  public static String databaseIdentifier(String addon) {
    return addon.replace('-', '_');
  }
}
