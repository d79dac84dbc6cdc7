package com.governedactions.api;

import java.net.URI;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The {@code Location} of a created action: a path relative to this server. Never an absolute URL
 * built from the request's {@code Host} header, which the client chooses: a forged Host would
 * otherwise come back as a link to another site.
 */
public final class ActionLocation {
  private ActionLocation() {}

  public static URI of(String actionId) {
    String context = ServletUriComponentsBuilder.fromCurrentContextPath().build().getPath();
    return UriComponentsBuilder.fromPath(context == null ? "" : context)
        .path("/api/v1/actions/{actionId}")
        .buildAndExpand(actionId)
        .toUri();
  }
}
