package io.orkestr.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.Fixtures;
import io.orkestr.actual.ActualState;
import io.orkestr.actual.ObservedDisk;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.DesiredStateBuilder;
import io.orkestr.desired.DiskPlacement;
import io.orkestr.desired.Labels;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.manifest.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a plan does with Postgres add-ons' size-limited disks, from the volumes and disks it observes (no engine, no host). */
class DiskPlanTest {
  private static final String YAML = Fixtures.project("shop", "free", "{name: db, type: postgres, version: \"17\"}");
  private static final ResourceKey KEY = ResourceKey.volume("shop", "db");
  private static final DiskPlacement ON = DiskPlacement.at("/var/lib/orkestr/disks", false);
  private final Manifest manifest = Fixtures.manifest(YAML);

  private DesiredState desired(DiskPlacement disks) {
    return new DesiredStateBuilder(Fixtures.TIERS, Fixtures.LOCAL_IMAGES, disks).build(manifest);
  }

  private VolumeSpec wanted() {
    return (VolumeSpec) desired(ON).get(KEY).orElseThrow();
  }

  private ObservedVolume data() {
    Map<String, String> labels = new TreeMap<>(Map.of(Labels.MANAGED, "true", Labels.MANIFEST, manifest.name(), Labels.KEY, KEY.toString(),
        Labels.DATA_MAJOR, "17"));
    return new ObservedVolume("orkestr_shop_db_data", labels);
  }

  private ObservedVolume disk(Optional<ObservedDisk> state) {
    Map<String, String> labels = new TreeMap<>(Map.of(Labels.MANAGED, "true", Labels.MANIFEST, manifest.name(), Labels.KEY, KEY.toString(),
        Labels.DISK, "true"));
    return new ObservedVolume("orkestr_shop_db_data_space", labels, state);
  }

  private Plan plan(DiskPlacement disks, ObservedVolume... volumes) {
    return new Planner(SubnetPool.parse(SubnetPool.DEFAULT), disks).plan(desired(disks), new ActualState(List.of(), List.of(), List.of(volumes)),
        new PlanOptions(false));
  }

  private static PlannedChange change(Plan plan, ResourceKey key) {
    return plan.changes().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
  }

  private static String reasons(PlannedChange c) {
    return String.join("; ", c.reasons().stream().map(Object::toString).toList());
  }

  @Test
  void aNewPostgresGetsADiskOfItsStoragePlusHeadroomBesideItsDataVolume() {
    VolumeSpec v = wanted();
    long storage = Fixtures.TIERS.get("free").storageBytes();
    assertThat(v.disk()).isPresent();
    assertThat(v.disk().get().bytes()).isEqualTo(DiskPlacement.bytesFor(storage)).isGreaterThanOrEqualTo(storage + (64L << 20) + DiskPlacement.reserveFor(storage));
    VolumeSpec beside = v.diskVolume().orElseThrow();
    assertThat(beside.dockerName()).isEqualTo("orkestr_shop_db_data_space");
    assertThat(beside.bindPath()).contains("/var/lib/orkestr/disks/orkestr_shop_db_data_space/space");
    assertThat(v.bindPath()).as("the data volume itself is the engine's").isEmpty();
    assertThat(change(plan(ON), KEY).action()).isEqualTo(Action.CREATE);
    assertThat(plan(ON).summary().add()).as("one volume per add-on, disk or not").isEqualTo(3);
  }

  @Test
  void dataWithoutADiskGetsOneAndAnUnmountedDiskIsMountedAndASmallOneGrows() {
    assertThat(reasons(change(plan(ON, data()), KEY))).isEqualTo("disk none -> " + io.orkestr.tier.ByteSize.format(wanted().disk().get().bytes()));
    PlannedChange mount = change(plan(ON, data(), disk(Optional.of(new ObservedDisk(wanted().disk().get().bytes(), false)))), KEY);
    assertThat(mount.action()).isEqualTo(Action.UPDATE);
    assertThat(reasons(mount)).isEqualTo("disk not mounted -> mounted");
    PlannedChange grow = change(plan(ON, data(), disk(Optional.of(new ObservedDisk(64L << 20, true)))), KEY);
    assertThat(grow.action()).isEqualTo(Action.UPDATE);
    assertThat(reasons(grow)).startsWith("disk 64 MiB -> ").contains("the add-on stops while its disk grows");
    PlannedChange online = change(plan(DiskPlacement.at("/var/lib/orkestr/disks", true), data(),
        disk(Optional.of(new ObservedDisk(64L << 20, true)))), KEY);
    assertThat(reasons(online)).doesNotContain("stops");
    PlannedChange same = change(plan(ON, data(), disk(Optional.of(new ObservedDisk(wanted().disk().get().bytes(), true)))), KEY);
    assertThat(same.action()).isEqualTo(Action.NO_OP);
  }

  @Test
  void aLargerDiskThanAskedIsNotedNotShrunkAndAMissingImageIsRefused() {
    Plan larger = plan(ON, data(), disk(Optional.of(new ObservedDisk(wanted().disk().get().bytes() * 2, true))));
    assertThat(change(larger, KEY).action()).isEqualTo(Action.NO_OP);
    assertThat(larger.notes()).anySatisfy(n -> assertThat(n).contains("the disk of shop/addon/db stays at").contains("does not shrink"));
    PlannedChange missing = change(plan(ON, data(), disk(Optional.empty())), KEY);
    assertThat(missing.refusal()).hasValueSatisfying(r -> assertThat(r).contains("is gone").contains("does not make an empty one"));
  }

  @Test
  void withoutDisksThePlanSaysWhyAndRefusesToReplaceAnAddOnWhoseDatabaseIsOnOne() {
    DiskPlacement off = DiskPlacement.off("ORKESTR_DISKS=off");
    Plan plain = plan(off);
    assertThat(((VolumeSpec) desired(off).get(KEY).orElseThrow()).disk()).isEmpty();
    assertThat(plain.notes()).contains("the storage of shop/addon/db is held by orkestr's read-only switch alone, without a size-limited"
        + " disk: ORKESTR_DISKS=off");
    PlannedChange addOn = change(plan(off, data(), disk(Optional.empty())), ResourceKey.addon("shop", "db"));
    assertThat(addOn.refusal()).hasValueSatisfying(r -> assertThat(r).contains("keeps its database on a size-limited disk"));
    assertThat(plan(DiskPlacement.off("")).notes()).as("a service with no host says nothing").isEmpty();
  }
}
