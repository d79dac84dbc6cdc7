package com.governedactions.connector.http;

import java.util.ArrayList;
import java.util.List;

/** HTTP statuses from entries like {@code 429} or {@code 500-599}. */
final class StatusSet {
  private final List<int[]> ranges;

  private StatusSet(List<int[]> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  static StatusSet parse(List<String> entries, String where, List<String> problems) {
    List<int[]> ranges = new ArrayList<>();
    for (String entry : entries == null ? List.<String>of() : entries) {
      String e = entry == null ? "" : entry.strip();
      if (!e.matches("[1-5][0-9]{2}(-[1-5][0-9]{2})?")) {
        problems.add(where + ": '" + entry + "' is not a status like 503 or a range like 500-599");
        continue;
      }
      String[] bounds = e.split("-");
      int from = Integer.parseInt(bounds[0]);
      int to = bounds.length == 2 ? Integer.parseInt(bounds[1]) : from;
      if (to < from) {
        problems.add(where + ": range '" + entry + "' ends before it starts");
      } else if (from < 300 && to >= 200) {
        problems.add(where + ": '" + entry + "' includes 2xx, which is success and never retried");
      } else {
        ranges.add(new int[] {from, to});
      }
    }
    return new StatusSet(ranges);
  }

  boolean contains(int status) {
    return ranges.stream().anyMatch(r -> status >= r[0] && status <= r[1]);
  }
}
