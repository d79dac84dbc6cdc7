package com.governedactions.api.codec;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.Roles;
import com.governedactions.api.TokenlessAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UrlPathHelper;

/**
 * The dev stack's Temporal UI has no login, so the browser has no token to send with its codec
 * calls. In dev mode only, a decode without an Authorization header is admitted when its Origin is
 * one of {@code governed.codec.allowed-origins}: the UI's own origin. Nothing else is: not encode,
 * not another path, not another origin, not a request without an Origin (curl), and never outside
 * dev mode. In dev mode the demo tokens, dev-olivia among them, are public already, so this opens
 * nothing that was closed; what it adds is that the UI shows decoded payloads without a proxy.
 */
final class DevModeCodecAccess implements TokenlessAccess {
  /** Who decoded, in the decode log line and anywhere else the principal is named. */
  static final String PRINCIPAL_ID = "temporal-ui-dev-mode";
  static final String DECODE_PATH = CodecController.PREFIX + "/decode";

  private static final Logger log = LoggerFactory.getLogger(DevModeCodecAccess.class);
  private static final UrlPathHelper PATHS = new UrlPathHelper();
  private static final PrincipalInfo TEMPORAL_UI =
      new PrincipalInfo(PRINCIPAL_ID, true, true, List.of(Roles.OPERATOR));

  private final boolean devMode;
  private final List<String> allowedOrigins;

  DevModeCodecAccess(boolean devMode, List<String> allowedOrigins) {
    this.devMode = devMode;
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  @Override
  public Optional<PrincipalInfo> admit(HttpServletRequest request) {
    if (!devMode || !"POST".equals(request.getMethod())
        || !PATHS.getPathWithinApplication(request).equals(DECODE_PATH)) {
      return Optional.empty();
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return Optional.empty();
    }
    if (allowedOrigins.stream().noneMatch(origin::equalsIgnoreCase)) {
      // The browser shows the UI only "decode failed"; this says what to change.
      log.warn("Refused a decode without a token from origin '{}': in dev mode only the origins in "
          + "governed.codec.allowed-origins {} may decode without one (open the Temporal UI at one of "
          + "them, or add its origin there)", origin, allowedOrigins);
      return Optional.empty();
    }
    return Optional.of(TEMPORAL_UI);
  }
}
