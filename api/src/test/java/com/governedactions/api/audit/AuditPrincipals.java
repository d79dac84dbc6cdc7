package com.governedactions.api.audit;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The callers of the audit endpoints' controller tests: an operator, who may read the trail, and a supervisor. */
@TestConfiguration
class AuditPrincipals {
  @Bean
  PrincipalDirectory principalDirectory() {
    return new PrincipalDirectory(
        Map.of("olivia-token", "olivia", "alice-token", "alice"),
        List.of(
            new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
            new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
  }
}
