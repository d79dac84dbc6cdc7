package com.governedactions.api.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param temporalUiUrl where the Temporal UI is, for the action page's link to its run (the dev
 *     stack's UI by default); the namespace is {@code governed.temporal.namespace}
 */
@ConfigurationProperties("governed.console")
record ConsoleProperties(String temporalUiUrl) {
  ConsoleProperties {
    temporalUiUrl = temporalUiUrl == null || temporalUiUrl.isBlank() ? "http://localhost:8233" : temporalUiUrl;
  }
}
