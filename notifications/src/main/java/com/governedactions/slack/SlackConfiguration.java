package com.governedactions.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.api.action.ActionService;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActivePolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Slack approvals, only with {@code governed.slack.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "governed.slack.enabled", havingValue = "true")
@EnableConfigurationProperties(SlackProperties.class)
class SlackConfiguration {

  @Bean
  SlackClient slackClient(ObjectMapper json, SlackProperties properties) {
    return new SlackClient(json, properties.apiBaseUrl(), properties.botToken());
  }

  @Bean
  SlackSignature slackSignature(SlackProperties properties) {
    return new SlackSignature(properties.signingSecret(), properties.signatureTolerance());
  }

  @Bean
  ApprovalFacts approvalFacts(ActionCatalog catalog, ActivePolicy policy) {
    return new ApprovalFacts(catalog, policy);
  }

  @Bean
  SlackNotifier slackNotifier(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      ActionService actions,
      SlackClient slack,
      ApprovalFacts facts,
      SlackProperties properties) {
    return new SlackNotifier(jdbc, transactions, actions, slack, facts, properties);
  }
}
