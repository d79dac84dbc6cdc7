package com.governedactions.api.console;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param temporalUiUrl where the Temporal UI is, for the action page's link to its run (the dev
 *     stack's UI by default); the namespace is {@code governed.temporal.namespace}
 * @param rejectPresets the reasons offered as one-click fills of the reject form's reason field; the
 *     reason stays required free text, a preset only types it
 */
@ConfigurationProperties("governed.console")
record ConsoleProperties(String temporalUiUrl, List<String> rejectPresets) {
  static final List<String> DEFAULT_REJECT_PRESETS = List.of(
      "Amount exceeds policy", "Customer not eligible", "Suspected fraud", "Duplicate request");

  ConsoleProperties {
    temporalUiUrl = temporalUiUrl == null || temporalUiUrl.isBlank() ? "http://localhost:8233" : temporalUiUrl;
    rejectPresets = rejectPresets == null ? DEFAULT_REJECT_PRESETS
        : rejectPresets.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList();
  }
}
