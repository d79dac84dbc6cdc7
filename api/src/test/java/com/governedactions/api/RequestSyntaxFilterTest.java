package com.governedactions.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSyntaxFilterTest {

  @Test
  void given_wellEncodedQueryStrings_when_checked_then_noProblem() {
    assertThat(RequestSyntaxFilter.undecodable(null)).isEmpty();
    assertThat(RequestSyntaxFilter.undecodable("")).isEmpty();
    assertThat(RequestSyntaxFilter.undecodable("status=SUCCEEDED&conversationId=conv%2081&x=%C3%A9+t&flag&&cursor="))
        .isEmpty();
  }

  @Test
  void given_aStrayPercent_when_checked_then_theParameterIsNamed() {
    assertThat(RequestSyntaxFilter.undecodable("status=SUCCEEDED&cursor=%%%"))
        .extracting(FieldProblem::field).containsExactly("cursor");
    assertThat(RequestSyntaxFilter.undecodable("cursor=abc%2")).extracting(FieldProblem::field).containsExactly("cursor");
    assertThat(RequestSyntaxFilter.undecodable("cursor=%zz")).extracting(FieldProblem::field).containsExactly("cursor");
  }

  @Test
  void given_bytesThatAreNotUtf8_when_checked_then_theParameterIsNamed() {
    assertThat(RequestSyntaxFilter.undecodable("conversationId=%C3%28")).extracting(FieldProblem::field)
        .containsExactly("conversationId");
  }

  @Test
  void given_anUndecodableName_when_checked_then_theRawNameIsReported() {
    assertThat(RequestSyntaxFilter.undecodable("%zz=1")).extracting(FieldProblem::field).containsExactly("%zz");
  }
}
