package io.orkestr.cli;

import io.orkestr.backup.BackupRecord;
import io.orkestr.error.UserError;
import io.orkestr.manifest.Manifest;
import io.orkestr.render.BackupJson;
import io.orkestr.render.BackupText;
import io.orkestr.service.Backups;
import io.orkestr.tier.ByteSize;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code orkestr backup ...}: take, list, restore, verify, delete and prune backups of add-ons. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Back up add-ons, restore them, prove a backup restores, and apply retention.",
    subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Restore.class, BackupCommand.Verify.class,
        BackupCommand.Delete.class, BackupCommand.Prune.class})
final class BackupCommand implements Runnable {
  @ParentCommand RootCommand root;
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(root.context.out());
  }

  Backups backups() {
    return root.service().backups();
  }

  Manifest manifest(ManifestOption option) {
    return root.service().validate(option.read(root.context));
  }

  /** --from: absent (this machine's copy when intact, else the off-site one) or offsite. */
  static boolean fromOffsite(String from) {
    if (from == null) return false;
    if (from.equals("offsite")) return true;
    throw new UserError("--from is \"" + from + "\"; the only value is offsite (without --from: this machine's copy when it is intact,"
        + " else the off-site one)");
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Take a manual backup of an add-on (counted against its plan's per-day limit); prints its id.")
  static final class Create implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--addon", required = true, paramLabel = "PROJECT/ADDON", description = "The add-on, e.g. shop/db.")
    String addon;

    @Option(names = "--note", description = "A note kept with the backup.")
    String note;

    @Override
    public Integer call() {
      Manifest m = parent.manifest(manifest);
      BackupRecord r = parent.backups().create(m, addon, Optional.ofNullable(note));
      if (!r.succeeded()) throw new UserError("backup " + r.id() + " of " + addon + " failed: " + r.failure().orElse(""));
      parent.root.context.out().println(r.id());
      parent.root.context.err().println("Backup " + r.id() + " of " + addon + " taken: " + ByteSize.format(r.sizeBytes()) + ", "
          + BackupText.contents(r) + ", sha256 " + r.sha256().substring(0, 12) + "...");
      parent.backups().offsite(m).ifPresent(url -> {
        boolean stored = parent.backups().listWithCopies(m, Optional.of(addon)).stream()
            .anyMatch(l -> l.record().id().equals(r.id()) && l.offsite().equals("stored"));
        parent.root.context.err().println(stored ? "Copied off-site to " + url + (m.offsite().get().encrypted() ? ", encrypted." : ", not encrypted.")
            : "Its off-site copy is pending: copying it to " + url + " failed (the reason is logged above); the backup is kept on this machine.");
      });
      Stats.print(parent.root);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List backups: of one add-on, or of every add-on of the manifest.")
  static final class ListBackups implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--addon", paramLabel = "PROJECT/ADDON", description = "Only this add-on's.")
    String addon;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
      Manifest m = parent.manifest(manifest);
      Backups backups = parent.backups();
      List<Backups.Listed> listed = backups.listWithCopies(m, Optional.ofNullable(addon));
      List<BackupRecord> records = listed.stream().map(Backups.Listed::record).toList();
      java.util.Map<BackupRecord, Backups.Listed> where = new java.util.HashMap<>();
      listed.forEach(l -> where.put(l.record(), l));
      parent.root.context.out().print(output == OutputFormat.json
          ? BackupJson.render(records, r -> where.get(r).expires(), r -> {
            Backups.Listed l = where.get(r);
            return new BackupJson.Copies(l.where(), l.local(), l.offsite());
          })
          : BackupText.table(records, r -> where.get(r).expires(), r -> where.get(r).where()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Restore a backup into its add-on, in place (after a pre-restore backup of what is there), or with --to into",
          "another add-on of the same engine and major version. Asks first on a terminal."})
  static final class Restore implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--addon", required = true, paramLabel = "PROJECT/ADDON", description = "The add-on whose backup it is.")
    String addon;

    @Option(names = "--to", paramLabel = "PROJECT/ADDON", description = "Restore into this add-on instead, leaving the source alone.")
    String to;

    @Option(names = "--auto-approve", description = "Do not ask.")
    boolean autoApprove;

    @Option(names = "--from", paramLabel = "WHERE", description = "offsite: restore from the off-site copy even when this machine holds one.")
    String from;

    @Parameters(paramLabel = "BACKUP_ID", description = "The backup, as orkestr backup list shows it, or latest (the newest successful one).")
    String id;

    @Override
    public Integer call() {
      CliContext c = parent.root.context;
      Manifest m = parent.manifest(manifest);
      boolean fromOffsite = fromOffsite(from);
      BackupRecord r = parent.backups().find(m, addon, id);
      String id = r.id();
      String into = to == null ? addon : to;
      if (!autoApprove && c.interactive()) {
        String answer = c.readLine("Restore " + into + " from backup " + id + " (" + BackupText.contents(r) + ", taken "
            + BackupText.TIME_TEXT.format(r.created()) + ")? Its data now is backed up first. Only 'yes' is accepted: ");
        if (answer == null || !answer.trim().equals("yes")) {
          c.out().println("Cancelled; nothing was changed.");
          return ExitCodes.OK;
        }
      }
      BackupRecord before = parent.backups().restore(m, addon, id, Optional.ofNullable(to), fromOffsite,
          () -> c.err().println("waiting for another orkestr apply of this manifest to finish..."));
      c.out().println("Restored " + into + " from backup " + id + " (" + BackupText.contents(r) + ").");
      c.out().println("Its data before the restore is backup " + before.id() + "; to undo: orkestr backup restore -f " + manifest.file
          + " --addon " + into + " " + before.id());
      return ExitCodes.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Prove a backup restores: into a throwaway container, checked against what it held when taken (default: the newest).")
  static final class Verify implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--addon", required = true, paramLabel = "PROJECT/ADDON", description = "The add-on.")
    String addon;

    @Option(names = "--from", paramLabel = "WHERE", description = "offsite: verify the off-site copy even when this machine holds one.")
    String from;

    @Parameters(arity = "0..1", paramLabel = "BACKUP_ID", description = "The backup (default: latest, the newest successful one).")
    String id;

    @Override
    public Integer call() {
      BackupRecord r = parent.backups().verify(parent.manifest(manifest), addon, Optional.ofNullable(id), fromOffsite(from));
      var v = r.verification().orElseThrow();
      if (!v.passed()) throw new UserError("backup " + r.id() + " of " + addon + " did not verify: " + v.failure().orElse(""));
      parent.root.context.out().println("Backup " + r.id() + " of " + addon + " verified: restored into a throwaway container, "
          + BackupText.contents(r) + " as recorded.");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a backup.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--addon", required = true, paramLabel = "PROJECT/ADDON", description = "The add-on.")
    String addon;

    @Parameters(paramLabel = "BACKUP_ID", description = "The backup.")
    String id;

    @Override
    public Integer call() {
      parent.backups().delete(parent.manifest(manifest), addon, id);
      parent.root.context.out().println("Deleted backup " + id + " of " + addon + ".");
      return ExitCodes.OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Apply every add-on's retention now: delete backups older than its plan keeps (never the newest successful one).")
  static final class Prune implements Callable<Integer> {
    @ParentCommand BackupCommand parent;
    @Mixin ManifestOption manifest;

    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Override
    public Integer call() {
      List<BackupRecord> gone = parent.backups().prune(parent.manifest(manifest), dryRun);
      var out = parent.root.context.out();
      if (gone.isEmpty()) {
        out.println("Nothing to prune.");
      } else {
        for (BackupRecord r : gone) {
          out.println((dryRun ? "would delete " : "deleted ") + r.id() + " of " + r.addon().owner() + "/" + r.addon().name() + " ("
              + r.kind().word() + ", " + BackupText.TIME_TEXT.format(r.created()) + ")");
        }
      }
      return ExitCodes.OK;
    }
  }
}
