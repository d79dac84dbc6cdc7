package com.governedactions.worker;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Where Temporal runs.
 *
 * @param target host:port of a Temporal frontend; unset or blank starts an embedded dev service
 * @param namespace the Temporal namespace of the workflows
 * @param embeddedPort where the embedded service listens, so that the Temporal CLI can reach it
 * @param searchAttributes custom search attributes the workflow sets, by name; registered on the
 *     embedded service at start (a real cluster needs them created by its operator)
 */
@ConfigurationProperties("governed.temporal")
record GovernedTemporalProperties(
    String target,
    @DefaultValue("default") String namespace,
    @DefaultValue("7233") int embeddedPort,
    Map<String, SearchAttributeType> searchAttributes) {

  GovernedTemporalProperties {
    searchAttributes = searchAttributes == null ? Map.of() : Map.copyOf(searchAttributes);
  }

  boolean embedded() {
    return !StringUtils.hasText(target);
  }

  /** The address clients use: the configured target, or the embedded service on this host. */
  String effectiveTarget() {
    return embedded() ? "localhost:" + embeddedPort : target.strip();
  }

  /** The types a custom search attribute can have, as the Temporal CLI names them. */
  enum SearchAttributeType {
    KEYWORD(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD),
    TEXT(IndexedValueType.INDEXED_VALUE_TYPE_TEXT),
    INT(IndexedValueType.INDEXED_VALUE_TYPE_INT),
    DOUBLE(IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE),
    BOOL(IndexedValueType.INDEXED_VALUE_TYPE_BOOL),
    DATETIME(IndexedValueType.INDEXED_VALUE_TYPE_DATETIME),
    KEYWORD_LIST(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);

    private final IndexedValueType indexedValueType;

    SearchAttributeType(IndexedValueType indexedValueType) {
      this.indexedValueType = indexedValueType;
    }

    IndexedValueType indexedValueType() {
      return indexedValueType;
    }
  }
}
