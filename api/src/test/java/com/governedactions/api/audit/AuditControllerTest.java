package com.governedactions.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.ActionStatus;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditEventType;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.AuditSearchRepository;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AuditController.class)
@Import({AuditCsvExporter.class, AuditPrincipals.class})
class AuditControllerTest {
  private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456Z");

  @Autowired MockMvc mvc;
  @MockitoBean AuditSearchRepository repository;

  @Test
  void given_everyFilter_when_operatorSearches_then_theRepositoryGetsExactlyThem() throws Exception {
    when(repository.search(any())).thenReturn(new AuditPage(List.of(record("A-1")), "next-page"));

    mvc.perform(get("/api/v1/audit")
            .param("status", "denied").param("event", "DENIED")
            .param("from", "2025-03-01T00:00:00Z").param("to", "2025-03-02T00:00:00+01:00")
            .param("conversationId", "conv-81").param("actionType", "refund").param("actor", "support-bot")
            .param("customerId", "C-42").param("limit", "20").param("cursor", "abc")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].actionId").value("A-1"))
        .andExpect(jsonPath("$.items[0].params.orderId").value("A-1001"))
        .andExpect(jsonPath("$.items[0].ruleIds[0]").value("refund-small"))
        .andExpect(jsonPath("$.nextCursor").value("next-page"));

    ArgumentCaptor<AuditQuery> query = ArgumentCaptor.forClass(AuditQuery.class);
    verify(repository).search(query.capture());
    assertThat(query.getValue()).isEqualTo(new AuditQuery(ActionStatus.DENIED, AuditEventType.DENIED,
        Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-01T23:00:00Z"), "conv-81", "refund",
        "support-bot", "C-42", 20, "abc"));
  }

  @Test
  void given_noFilter_when_searched_then_firstPageOfFiftyOfEverything() throws Exception {
    when(repository.search(any())).thenReturn(new AuditPage(List.of(), null));

    mvc.perform(get("/api/v1/audit").header("Authorization", "Bearer olivia-token")).andExpect(status().isOk());

    verify(repository).search(new AuditQuery(null, null, null, null, null, null, null, null, 50, null));
  }

  @Test
  void given_supervisor_when_searchingOrExporting_then_403AndNothingRead() throws Exception {
    mvc.perform(get("/api/v1/audit").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("OPERATOR")));
    mvc.perform(get("/api/v1/audit/export.csv").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/audit")).andExpect(status().isUnauthorized());

    verifyNoInteractions(repository);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "status   | DONE                 | status | allowed: EVALUATING | true",
      "event    | CLICKED              | event  | allowed: REQUESTED | true",
      "from     | yesterday            | from   | ISO-8601 | true",
      "to       | 2025-03-01           | to     | ISO-8601 | true",
      "limit    | 0                    | limit  | from 1 to 500 | true",
      "limit    | 501                  | limit  | from 1 to 500 | false",
      "limit    | ten                  | limit  | from 1 to 500 | true",
      "stauts   | DENIED               | stauts | unknown parameter | true"})
  void given_badFilterValue_when_searched_then_400NamingTheParameterAndTheFix(
      String name, String value, String field, String says, boolean alsoForExport) throws Exception {
    mvc.perform(get("/api/v1/audit").param(name, value).header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString(says)));
    if (alsoForExport) { // an export has no page size cap
      mvc.perform(get("/api/v1/audit/export.csv").param(name, value).header("Authorization", "Bearer olivia-token"))
          .andExpect(status().isBadRequest());
    }

    verifyNoInteractions(repository);
  }

  @Test
  void given_fromNotBeforeTo_when_searched_then_400() throws Exception {
    mvc.perform(get("/api/v1/audit").param("from", "2025-03-02T00:00:00Z").param("to", "2025-03-01T00:00:00Z")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("later than 'from'")));
  }

  @Test
  void given_cursorTheRepositoryRefuses_when_searchedOrExported_then_400NamingTheCursor() throws Exception {
    when(repository.search(any())).thenThrow(new IllegalArgumentException("cursor is not valid"));

    mvc.perform(get("/api/v1/audit").param("cursor", "forged").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    mvc.perform(get("/api/v1/audit/export.csv").param("cursor", "forged").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
  }

  @Test
  void given_cellsStartingWithFormulaCharacters_when_exported_then_eachIsNeutralised() throws Exception {
    AuditRecord hostile = new AuditRecord(7, "=HYPERLINK(\"http://evil\")", 1, AT, AT, "DENIED", "+refund",
        "DENIED", "@bot", "-auto", "\tconv", "\rC-42", "{\"orderId\": \"A-1\"}", 200, "=1+1", 5L, 3L,
        List.of("-rule"), "+detail", "@note");
    exportReturns(hostile);

    String body = mvc.perform(get("/api/v1/audit/export.csv").param("actionType", "refund")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", containsString("text/csv")))
        .andExpect(header().string("Content-Disposition", containsString("audit.csv")))
        .andReturn().getResponse().getContentAsString();

    CSVRecord row = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(body)).getRecords().get(0);
    assertThat(row.get("action_id")).isEqualTo("'=HYPERLINK(\"http://evil\")");
    assertThat(row.get("action_type")).isEqualTo("'+refund");
    assertThat(row.get("requester")).isEqualTo("'@bot");
    assertThat(row.get("decided_by")).isEqualTo("'-auto");
    assertThat(row.get("conversation_id")).isEqualTo("'\tconv");
    assertThat(row.get("customer_id")).isEqualTo("'\rC-42");
    assertThat(row.get("connector_summary")).isEqualTo("'=1+1");
    assertThat(row.get("rule_ids")).isEqualTo("'-rule");
    assertThat(row.get("detail")).isEqualTo("'+detail");
    assertThat(row.get("note")).isEqualTo("'@note");
    assertThat(row.get("params")).isEqualTo("{\"orderId\": \"A-1\"}");
    assertThat(row.get("id")).isEqualTo("7");
  }

  @Test
  void given_noLimit_when_exported_then_everyMatchingRowIsAsked() throws Exception {
    exportReturns(record("A-1"), record("A-2"));

    String body = mvc.perform(get("/api/v1/audit/export.csv").param("customerId", "C-42")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

    assertThat(body.lines()).hasSize(3).first().asString().startsWith("id,occurred_at,");
    verify(repository).export(eq(new AuditQuery(null, null, null, null, null, null, null, "C-42", 0, null)), anyConsumer());
  }

  @SuppressWarnings("unchecked")
  private void exportReturns(AuditRecord... records) {
    doAnswer(call -> {
      Consumer<AuditRecord> sink = call.getArgument(1);
      for (AuditRecord record : records) {
        sink.accept(record);
      }
      return (long) records.length;
    }).when(repository).export(any(), any(Consumer.class));
  }

  @SuppressWarnings("unchecked")
  private static Consumer<AuditRecord> anyConsumer() {
    return any(Consumer.class);
  }

  private static AuditRecord record(String actionId) {
    return new AuditRecord(1, actionId, 1, AT, AT, "DENIED", "refund", "DENIED", "support-bot", "auto",
        "conv-81", "C-42", "{\"orderId\": \"A-1001\"}", null, null, null, 3L, List.of("refund-small"), null, null);
  }
}
