package com.governedactions.api.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param temporalUiUrl where the Temporal UI is, for the action page's link to its run (the dev
 *     stack's UI by default)
 * @param namespace the Temporal namespace the runs are in
 */
@ConfigurationProperties("governed.console")
record ConsoleProperties(String temporalUiUrl, String namespace) {
  ConsoleProperties {
    temporalUiUrl = temporalUiUrl == null || temporalUiUrl.isBlank() ? "http://localhost:8233" : temporalUiUrl;
    namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
  }
}
