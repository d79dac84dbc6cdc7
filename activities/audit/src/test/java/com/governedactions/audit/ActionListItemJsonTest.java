package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.governedactions.action.ActionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionListItemJsonTest {
  @Test
  void given_listItem_when_writtenAsJson_then_moneyIsADecimalStringNotANumber() throws Exception {
    ActionListItem item = new ActionListItem("action-1", "r-1", "refund", ActionStatus.SUCCEEDED, "ai", "bot",
        "C-42", "conv-1", "chat", new BigDecimal("89.50"), "USD", Instant.EPOCH, Instant.EPOCH);

    String json = JsonMapper.builder().addModule(new JavaTimeModule()).build().writeValueAsString(item);

    assertThat(json).contains("\"amount\":\"89.50\"");
  }
}
