package com.governedactions.policy;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the rule check.
 *
 * @param policy {@code governed.policy.file}: the policy loaded at start; the bundled {@code
 *     policy/default-policy.yaml} when unset
 * @param confirmation {@code governed.confirmation.timeout}: how long a customer has to confirm
 */
@ConfigurationProperties("governed")
record RulesProperties(@DefaultValue Policy policy, @DefaultValue Confirmation confirmation) {

  record Policy(Path file) {}

  record Confirmation(@DefaultValue("PT15M") Duration timeout) {}
}
