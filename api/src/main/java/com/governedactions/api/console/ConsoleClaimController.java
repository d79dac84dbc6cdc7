package com.governedactions.api.console;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.Roles;
import com.governedactions.audit.ApprovalClaim;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.ClaimResult;
import com.governedactions.directory.PrincipalDirectory;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Claim and unclaim from the console (docs/console.md): a hint that someone is working on an
 * item, so two supervisors do not both do it. It never decides and never blocks deciding. Back to
 * the inbox with its filter, or to the action's page when posted from there ({@code from=action}).
 */
@Controller
class ConsoleClaimController {
  private final PrincipalDirectory directory;
  private final ApprovalClaimRepository claims;

  ConsoleClaimController(PrincipalDirectory directory, ApprovalClaimRepository claims) {
    this.directory = directory;
    this.claims = claims;
  }

  @PostMapping("/console/actions/{actionId}/claim")
  String claim(@PathVariable String actionId, @RequestParam(required = false) String from,
      @RequestParam(required = false) String type, @RequestParam(required = false) String min,
      @RequestParam(required = false) String max, @RequestParam(required = false) String breached,
      @RequestParam(required = false) String mine, Authentication signedIn, RedirectAttributes redirect) {
    PrincipalInfo me = decider(signedIn);
    ClaimResult result = claims.claim(actionId, me.id());
    tell(redirect, result, "Claimed: you are working on it.");
    return back(actionId, from, InboxFilter.parse(type, min, max, breached, mine));
  }

  @PostMapping("/console/actions/{actionId}/unclaim")
  String unclaim(@PathVariable String actionId, @RequestParam(required = false) String from,
      @RequestParam(required = false) String type, @RequestParam(required = false) String min,
      @RequestParam(required = false) String max, @RequestParam(required = false) String breached,
      @RequestParam(required = false) String mine, Authentication signedIn, RedirectAttributes redirect) {
    PrincipalInfo me = decider(signedIn);
    ClaimResult result = claims.unclaim(actionId, me.id(), me.hasAnyRole(List.of(Roles.MANAGER)));
    tell(redirect, result, "Released: anyone may claim it now.");
    return back(actionId, from, InboxFilter.parse(type, min, max, breached, mine));
  }

  private static void tell(RedirectAttributes redirect, ClaimResult result, String done) {
    if (result.done()) {
      redirect.addFlashAttribute("notice", done);
    } else {
      redirect.addFlashAttribute("refusal", refusal(result));
    }
  }

  /** Why nothing changed, naming who holds the claim. */
  static String refusal(ClaimResult result) {
    if (result.outcome() == ClaimResult.Outcome.NOT_PENDING) {
      return "This action does not wait for approval: there is nothing to claim.";
    }
    ApprovalClaim held = result.claim();
    return "Claimed by " + held.claimedBy() + " since " + held.claimedAt()
        + ": only they (or a MANAGER) may release it.";
  }

  private static String back(String actionId, String from, InboxFilter filter) {
    return "redirect:" + ("action".equals(from) ? "/console/actions/" + actionId
        : filter.valid() ? filter.url("/") : "/");
  }

  private PrincipalInfo decider(Authentication signedIn) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    ConsoleForms.requireAny(me, "Claiming", ConsoleController.DECIDERS);
    return me;
  }
}
