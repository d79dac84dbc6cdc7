package com.governedactions.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/grafana/dashboards/governed-actions.json as the tests read it: its panels' queries. */
public final class GrafanaDashboard {
  public static final Path FILE = Path.of("..", "deploy", "grafana", "dashboards", "governed-actions.json");
  private static final Pattern METRIC = Pattern.compile("\\b((?:governed|temporal)_[a-z0-9_]+)\\b");
  /** The suffixes Prometheus adds to a histogram's or a summary's series. */
  private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

  private final JsonNode dashboard;

  private GrafanaDashboard(JsonNode dashboard) {
    this.dashboard = dashboard;
  }

  public static GrafanaDashboard load() {
    try {
      return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE, e);
    }
  }

  public JsonNode json() {
    return dashboard;
  }

  /** Every series name a panel's query names, exactly as written (with _bucket, _total, ...). */
  public Set<String> seriesQueried() {
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher matcher = METRIC.matcher(target.path("expr").asText());
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }

  /** A series name without the suffix a histogram adds: what a scrape's # TYPE line names. */
  public static String family(String series) {
    return SERIES_SUFFIX.matcher(series).replaceFirst("");
  }
}
