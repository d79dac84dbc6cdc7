package com.governedactions.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.AuditSearchRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
@Import(AuditPrincipals.class)
class AuditControllerTest {
  private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456Z");

  @Autowired MockMvc mvc;
  @MockitoBean AuditSearchRepository repository;
  @MockitoBean AuditCsvExporter exporter;

  @Test
  void given_everyFilter_when_operatorSearches_then_theRepositoryGetsExactlyThem() throws Exception {
    when(repository.search(any())).thenReturn(new AuditPage(List.of(record("A-1")), "next-page"));

    mvc.perform(get("/api/v1/audit")
            .param("status", "DENIED").param("event", "DENIED")
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

    verifyNoInteractions(repository, exporter);
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

    verifyNoInteractions(repository, exporter);
  }

  @Test
  void given_fromNotBeforeTo_when_searched_then_400() throws Exception {
    mvc.perform(get("/api/v1/audit").param("from", "2025-03-02T00:00:00Z").param("to", "2025-03-01T00:00:00Z")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("later than 'from'")));
  }

  @ParameterizedTest
  @CsvSource({"conversationId", "actionType", "actor", "customerId"})
  void given_nulInATextFilter_when_searchedOrExported_then_400NamingTheParameter(String name) throws Exception {
    for (String path : new String[] {"/api/v1/audit", "/api/v1/audit/export.csv"}) {
      mvc.perform(get(path).param(name, "C-42\0' OR ''='").header("Authorization", "Bearer olivia-token"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value(name))
          .andExpect(jsonPath("$.errors[0].detail").value(containsString("NUL")));
    }

    verifyNoInteractions(repository, exporter);
  }

  @Test
  void given_lowercaseEnumsBlankLimitAndAnEscapeCharacter_when_searchedOrExported_then_400NamingEach() throws Exception {
    for (String path : new String[] {"/api/v1/audit", "/api/v1/audit/export.csv"}) {
      mvc.perform(get(path).param("status", "denied").param("event", "requested").param("limit", "")
              .param("actor", "bot\u001B[31m").header("Authorization", "Bearer olivia-token"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
              "status", "event", "limit", "actor")));
    }

    verifyNoInteractions(repository, exporter);
  }

  @Test
  void given_cursorTheRepositoryRefuses_when_searchedOrExported_then_400NamingTheCursor() throws Exception {
    when(repository.search(any())).thenThrow(new IllegalArgumentException("cursor is not valid"));
    when(exporter.prepare(any())).thenThrow(new IllegalArgumentException("cursor is not valid"));

    mvc.perform(get("/api/v1/audit").param("cursor", "forged").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    mvc.perform(get("/api/v1/audit/export.csv").param("cursor", "forged").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
  }

  @Test
  void given_export_when_streamed_then_theBodyIsExactlyTheExportersBytesAsCsvAttachment() throws Exception {
    byte[] csv = "id,occurred_at\n7,2025-03-01T10:15:30.123456Z,\"'=1+1\",é 日本\n".getBytes(StandardCharsets.UTF_8);
    when(exporter.prepare(any())).thenReturn(out -> {
      out.write(csv);
      return 1;
    });

    byte[] body = mvc.perform(get("/api/v1/audit/export.csv").param("actionType", "refund")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", containsString("text/csv")))
        .andExpect(header().string("Content-Type", containsString("UTF-8")))
        .andExpect(header().string("Content-Disposition", containsString("audit.csv")))
        .andReturn().getResponse().getContentAsByteArray();

    assertThat(body).isEqualTo(csv);
  }

  @Test
  void given_noLimit_when_exported_then_everyMatchingRowIsAsked() throws Exception {
    when(exporter.prepare(any())).thenReturn(out -> 0);

    mvc.perform(get("/api/v1/audit/export.csv").param("customerId", "C-42")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk());

    verify(exporter).prepare(new AuditQuery(null, null, null, null, null, null, null, "C-42", 0, null));
    verifyNoInteractions(repository);
  }

  private static AuditRecord record(String actionId) {
    return new AuditRecord(1, actionId, 1, AT, AT, "DENIED", "refund", "DENIED", "support-bot", "auto",
        "conv-81", "C-42", "{\"orderId\": \"A-1001\"}", null, null, null, 3L, List.of("refund-small"), null, null, null);
  }
}
