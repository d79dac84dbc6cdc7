package com.governedactions.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A Block Kit message: {@code text} is the notification and screen-reader fallback, {@code blocks}
 * what Slack shows.
 */
record SlackMessage(String text, List<Map<String, Object>> blocks) {
  SlackMessage {
    blocks = List.copyOf(blocks);
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode node = json.createObjectNode().put("text", text);
    node.set("blocks", json.valueToTree(blocks));
    return node;
  }
}
