package com.governedactions.api;

import com.governedactions.action.directory.PrincipalInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * A narrow exception to "every request under {@code /api} carries a bearer token": one rule that
 * may authenticate a request sent without an Authorization header. The bearer filter asks each
 * such bean, and answers 401 when none admits the request. A request that does carry a token is
 * always judged by its token alone.
 */
public interface TokenlessAccess {

  /** The principal to act as, or empty when this rule does not admit the request. */
  Optional<PrincipalInfo> admit(HttpServletRequest request);
}
