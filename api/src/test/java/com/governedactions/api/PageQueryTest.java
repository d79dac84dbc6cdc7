package com.governedactions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

class PageQueryTest {
  private final List<FieldProblem> problems = new ArrayList<>();

  private static MultiValueMap<String, String> query(String name, String value) {
    MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
    query.add(name, value);
    return query;
  }

  @Test
  void given_enumValueInCapitals_when_read_then_itsConstant() {
    assertThat(PageQuery.enumValue(query("status", "SUCCEEDED"), "status", ActionStatus.class, problems))
        .isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(problems).isEmpty();
  }

  @Test
  void given_enumValueInAnotherCase_when_read_then_aProblemNamingTheValuesAsWritten() {
    assertThat(PageQuery.enumValue(query("status", "succeeded"), "status", ActionStatus.class, problems)).isNull();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("status");
      assertThat(p.detail()).contains("'succeeded'", "SUCCEEDED", "AWAITING_APPROVAL");
    });
  }

  @Test
  void given_absentLimit_when_read_then_theDefault() {
    assertThat(PageQuery.limit(null, 200, problems)).isEqualTo(PageQuery.DEFAULT_LIMIT);
    assertThat(problems).isEmpty();
  }

  @Test
  void given_blankLimit_when_read_then_aProblem() {
    PageQuery.limit("", 200, problems);
    PageQuery.limit(" ", 200, problems);
    assertThat(problems).extracting(FieldProblem::field).containsExactly("limit", "limit");
  }

  @Test
  void given_limitInRange_when_read_then_itIsUsed() {
    assertThat(PageQuery.limit("200", 200, problems)).isEqualTo(200);
    assertThat(problems).isEmpty();
  }

  @Test
  void given_blankCursor_when_read_then_aProblemSayingWhatToSend() {
    assertThat(PageQuery.cursor(query("cursor", ""), problems)).isNull();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("cursor");
      assertThat(p.detail()).contains("nextCursor", "leave it out");
    });
  }

  @Test
  void given_controlCharacterInAKnownParameter_when_checked_then_aProblemNamingIt() {
    PageQuery.checkNames(query("conversationId", "conv\u0000"), Set.of("conversationId"), Set.of(), problems);
    assertThat(problems).extracting(FieldProblem::field).containsExactly("conversationId");
  }

  @Test
  void given_ordinaryValues_when_checked_then_noProblem() {
    PageQuery.checkNames(query("conversationId", "conv-81 été"), Set.of("conversationId"), Set.of(), problems);
    assertThat(problems).isEmpty();
  }
}
