package io.orkestr.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BackupScheduler runs automatic backups on Quartz, in memory: what is scheduled is derived from the
 * manifest on each reload (an add-on whose automatic backups were turned off, or that is gone, is
 * unscheduled), and the backup records are the history. A trigger starts at the add-on's last
 * automatic backup, so a firing missed while no daemon ran is a misfire, which Quartz fires once, at
 * once, and then keeps to the schedule: never a burst.
 */
public final class BackupScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
  private static final String GROUP = "orkestr-backups";
  private static final String RUNNER = "runner";

  /** One add-on's automatic backups: its schedule (UTC), and when its last automatic backup was taken. */
  public record Scheduled(String addon, String cron, Optional<Instant> lastAutomatic) {
    public Scheduled {
      Objects.requireNonNull(addon);
      Objects.requireNonNull(cron);
      Objects.requireNonNull(lastAutomatic);
    }
  }

  private final Scheduler quartz;
  private final Clock clock;
  private final Map<String, String> cronOf = new HashMap<>();

  /** runner takes an automatic backup of the add-on it is given ("shop/db"), on a Quartz thread. */
  public BackupScheduler(Consumer<String> runner, Clock clock) {
    this.clock = clock;
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "orkestr-backups");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    // A firing late by more than this is a misfire: fired once at once (see the class comment).
    p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
    try {
      quartz = new StdSchedulerFactory(p).getScheduler();
      quartz.getContext().put(RUNNER, runner);
      quartz.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the backup scheduler: " + e.getMessage(), e);
    }
  }

  /** Makes the scheduled add-ons exactly these: new ones added, changed schedules replaced, the rest removed. */
  public synchronized void reload(List<Scheduled> wanted) {
    try {
      Map<String, Scheduled> byAddon = new TreeMap<>();
      wanted.forEach(s -> byAddon.put(s.addon(), s));
      Set<JobKey> jobs = quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP));
      for (JobKey k : jobs) {
        Scheduled s = byAddon.get(k.getName());
        if (s == null || !s.cron().equals(cronOf.get(k.getName()))) {
          quartz.deleteJob(k);
          cronOf.remove(k.getName());
          if (s == null) log.info("automatic backups of {} unscheduled", k.getName());
        }
      }
      for (Scheduled s : byAddon.values()) {
        JobKey key = JobKey.jobKey(s.addon(), GROUP);
        if (quartz.checkExists(key)) continue;
        JobDetail job = JobBuilder.newJob(AutomaticBackup.class).withIdentity(key).usingJobData("addon", s.addon()).build();
        Instant start = s.lastAutomatic().filter(t -> t.isBefore(clock.instant())).orElse(clock.instant());
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(s.addon(), GROUP).startAt(Date.from(start))
            .withSchedule(CronScheduleBuilder.cronSchedule(s.cron()).inTimeZone(TimeZone.getTimeZone("UTC"))
                .withMisfireHandlingInstructionFireAndProceed())
            .build();
        quartz.scheduleJob(job, trigger);
        cronOf.put(s.addon(), s.cron());
        log.info("automatic backups of {} scheduled: {} (UTC), next {}", s.addon(), s.cron(), next(s.addon()).orElse(null));
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule automatic backups: " + e.getMessage(), e);
    }
  }

  /** The scheduled add-ons and their next firing. */
  public synchronized Map<String, Instant> scheduled() {
    Map<String, Instant> out = new TreeMap<>();
    for (String addon : cronOf.keySet()) next(addon).ifPresent(n -> out.put(addon, n));
    return out;
  }

  private Optional<Instant> next(String addon) {
    try {
      Trigger t = quartz.getTrigger(org.quartz.TriggerKey.triggerKey(addon, GROUP));
      return Optional.ofNullable(t).map(Trigger::getNextFireTime).map(Date::toInstant);
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  /** Stops the scheduler, letting a backup in progress finish. */
  @Override
  public void close() {
    try {
      quartz.shutdown(true);
    } catch (SchedulerException e) {
      log.warn("stopping the backup scheduler: {}", e.getMessage());
    }
  }

  /** The Quartz job: hands the add-on to the runner; one at a time per add-on. */
  @DisallowConcurrentExecution
  public static final class AutomaticBackup implements Job {
    @Override
    @SuppressWarnings("unchecked")
    public void execute(JobExecutionContext context) {
      String addon = context.getMergedJobDataMap().getString("addon");
      try {
        ((Consumer<String>) context.getScheduler().getContext().get(RUNNER)).accept(addon);
      } catch (SchedulerException | RuntimeException e) {
        log.warn("automatic backup of {} failed: {}", addon, e.getMessage());
      }
    }
  }
}
