package com.governedactions.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a policy document starts, by path ({@code rules[2].when}), so a problem can
 * name the line and column an admin sees in their editor. YAML and JSON alike: JSON is YAML here.
 */
final class SourcePositions {
  /** A 1-based line and column. */
  record Position(int line, int column) {}

  private static final YAMLFactory YAML = new YAMLFactory();
  static final SourcePositions NONE = new SourcePositions(List.of(), Map.of());

  private final List<String> lines;
  private final Map<String, Position> byPath;

  private SourcePositions(List<String> lines, Map<String, Position> byPath) {
    this.lines = lines;
    this.byPath = byPath;
  }

  /** Reads the positions of {@code source}; a document that does not parse has none. */
  static SourcePositions of(String source) {
    Map<String, Position> byPath = new HashMap<>();
    try (JsonParser parser = YAML.createParser(source)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        JsonStreamContext holder =
            token.isStructStart() ? parser.getParsingContext().getParent() : parser.getParsingContext();
        JsonLocation at = parser.currentTokenLocation();
        if (at.getLineNr() > 0) {
          byPath.putIfAbsent(path(holder), new Position(at.getLineNr(), at.getColumnNr()));
        }
      }
    } catch (IOException e) {
      return NONE;
    }
    return new SourcePositions(source.lines().toList(), byPath);
  }

  /** Where the value at {@code path} starts, or the nearest enclosing value that exists. */
  Position at(String path) {
    for (String p = path; p != null; p = parent(p)) {
      Position position = byPath.get(p);
      if (position != null) {
        return position;
      }
    }
    return null;
  }

  /**
   * Where a position inside an expression (1-based line and column, as CEL reports them) falls in
   * the document: the expression's line is looked up as written (plain, JSON- or YAML-quoted) on or
   * after the line where the value starts; failing that, the value's own start.
   */
  Position inExpression(String path, String expression, int exprLine, int exprColumn) {
    Position start = at(path);
    if (start == null || exprLine < 1) {
      return start;
    }
    String[] exprLines = expression.split("\n", -1);
    if (exprLine > exprLines.length) {
      return start;
    }
    String text = exprLines[exprLine - 1];
    String before = text.substring(0, Math.min(Math.max(exprColumn - 1, 0), text.length()));
    if (text.isBlank()) {
      return start;
    }
    for (int i = start.line() - 1; i < lines.size() && i <= start.line() - 1 + exprLine + 1; i++) {
      String line = lines.get(i);
      int from = i == start.line() - 1 ? start.column() - 1 : 0;
      for (Escape escape : Escape.values()) {
        int found = line.indexOf(escape.apply(text), Math.max(from, 0));
        if (found >= 0) {
          return new Position(i + 1, found + escape.apply(before).length() + 1);
        }
      }
    }
    return start;
  }

  private enum Escape {
    PLAIN,
    DOUBLE_QUOTED,
    SINGLE_QUOTED;

    String apply(String s) {
      return switch (this) {
        case PLAIN -> s;
        case DOUBLE_QUOTED -> s.replace("\\", "\\\\").replace("\"", "\\\"");
        case SINGLE_QUOTED -> s.replace("'", "''");
      };
    }
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? (path.equals("policy") ? null : "policy") : path.substring(0, cut);
  }

  private static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        parts.push(c.getCurrentName() == null ? "" : c.getCurrentName());
      } else if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      }
    }
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (part.startsWith("[") || path.length() == 0) {
        path.append(part);
      } else {
        path.append('.').append(part);
      }
    }
    return path.length() == 0 ? "policy" : path.toString();
  }
}
