package com.governedactions.api.catalog;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.policy.ActionCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/catalog} (spec section 8): what a chat backend may ask for, and the same as
 * tool definitions it can hand straight to its model. Any authenticated caller may read it.
 */
@RestController
@Tag(name = "catalog", description = "What may be requested, and the same as tool definitions.")
class CatalogController {
  private final CatalogView catalog;

  CatalogController(ActionCatalog catalog) {
    // The catalog is fixed for the life of the process: build the answer once.
    this.catalog = CatalogView.of(catalog.requestable());
  }

  @Operation(operationId = "getCatalog", summary = "The action types a client may request",
      description = "Each type's parameter schema, risk and plan, and tool definitions for OpenAI, Anthropic and MCP.")
  @CallableBy
  @GetMapping("/api/v1/catalog")
  CatalogView catalog(@CurrentPrincipal PrincipalInfo caller) {
    return catalog;
  }
}
