package com.governedactions.worker;

import com.governedactions.audit.AuditCaseContext;
import com.governedactions.connector.http.CaseContextSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the audit store's case context to the HTTP connector's {@code {{context}}}. The binding
 * lives here, where the activity modules are assembled, so that connectors do not depend on audit
 * and audit does not depend on connectors.
 */
@Configuration(proxyBeanMethods = false)
class CaseContextBinding {
  @Bean
  CaseContextSource caseContextSource(AuditCaseContext auditCaseContext) {
    return auditCaseContext::forAction;
  }
}
