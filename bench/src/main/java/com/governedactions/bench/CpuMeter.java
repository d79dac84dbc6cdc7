package com.governedactions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used during a phase, from Linux's /proc: by the service JVM, by this JVM (load
 * generator and the trivial workflow's worker), by all PostgreSQL processes, and by the whole
 * machine. On a saturated machine, CPU per workflow is what sets throughput. Absent (null) where
 * /proc cannot be read.
 */
final class CpuMeter {
  /** CPU seconds used so far, per consumer, and the machine's elapsed CPU capacity in seconds. */
  record Sample(double service, double bench, double postgres, double machineBusy, double machineTotal) {}

  /** CPU used between two samples, in milliseconds per call, and how busy the machine was. */
  record Use(double serviceMs, double benchMs, double postgresMs, double otherMs, double machineBusyPercent) {
    static Use between(Sample before, Sample after, int calls) {
      double service = (after.service() - before.service()) * 1000 / calls;
      double bench = (after.bench() - before.bench()) * 1000 / calls;
      double postgres = (after.postgres() - before.postgres()) * 1000 / calls;
      double busy = (after.machineBusy() - before.machineBusy()) * 1000 / calls;
      double total = after.machineTotal() - before.machineTotal();
      double percent = total <= 0 ? Double.NaN : 100 * (after.machineBusy() - before.machineBusy()) / total;
      return new Use(service, bench, postgres, busy - service - bench - postgres, percent);
    }
  }

  private final long servicePid;
  private final double ticksPerSecond;

  /** @param servicePid the service JVM's process id, or 0 when unknown (then its column is 0) */
  CpuMeter(long servicePid, int clockTicks) {
    this.servicePid = servicePid;
    this.ticksPerSecond = clockTicks;
  }

  /** Null when /proc is not readable here. */
  Sample sample() {
    try {
      double service = servicePid > 0 ? processSeconds(servicePid) : 0;
      double bench = processSeconds(ProcessHandle.current().pid());
      double postgres = postgresSeconds();
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      double total = 0;
      // user nice system idle iowait irq softirq steal (guest time is already inside user)
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      double idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new Sample(service, bench, postgres, (total - idle) / ticksPerSecond, total / ticksPerSecond);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private double processSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticksPerSecond;
  }

  private double postgresSeconds() throws IOException {
    double seconds = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        String name = process.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if ("postgres".equals(Files.readString(process.resolve("comm")).trim())) {
            seconds += processSeconds(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked: its time is lost either way
        }
      }
    }
    return seconds;
  }
}
