package com.governedactions.api.console;

import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.Roles;
import com.governedactions.api.TextFields;
import com.governedactions.api.action.ActionService;
import com.governedactions.audit.ActionListItem;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.AuditRecord;
import com.governedactions.directory.PrincipalDirectory;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The web console's pages (docs/console.md): sign-in, the approvals inbox at {@code /} and its
 * list fragment that the page polls, and an action's page with approve and reject. Decisions go
 * through the same {@link ActionService#decide} as the REST endpoints, so the workflow judges roles
 * and separation of duties, and a refusal is shown in the API's words. Roles are checked here, on
 * the server: a page shows no button its reader may not press, but the check is this one.
 */
@Controller
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleController {
  static final List<String> DECIDERS = List.of(Roles.SUPERVISOR, Roles.MANAGER);
  static final List<String> READERS = List.of(Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR);
  private static final int MAX_TEXT_LENGTH = 2000;

  private final PrincipalDirectory directory;
  private final Inbox inbox;
  private final ActionService actions;
  private final ActionListRepository list;
  private final ActionTrail trails;
  private final ApprovalClaimRepository claims;
  private final ConsoleProperties properties;
  private final String namespace;
  private final Clock clock = Clock.systemUTC();

  ConsoleController(PrincipalDirectory directory, Inbox inbox, ActionService actions, ActionListRepository list,
      ActionTrail trails, ApprovalClaimRepository claims, ConsoleProperties properties,
      @Value("${governed.temporal.namespace:default}") String namespace) {
    this.claims = claims;
    this.directory = directory;
    this.inbox = inbox;
    this.actions = actions;
    this.list = list;
    this.trails = trails;
    this.properties = properties;
    this.namespace = namespace;
  }

  @GetMapping("/login")
  String login() {
    return "console/login";
  }

  @GetMapping("/")
  String inboxPage(@RequestParam(required = false) String type, @RequestParam(required = false) String min,
      @RequestParam(required = false) String max, @RequestParam(required = false) String breached,
      @RequestParam(required = false) String mine, Authentication signedIn, Model model) {
    PrincipalInfo me = me(signedIn, model);
    InboxFilter filter = InboxFilter.parse(type, min, max, breached, mine);
    model.addAttribute("decider", me.hasAnyRole(DECIDERS));
    model.addAttribute("filter", filter);
    model.addAttribute("manager", me.hasAnyRole(List.of(Roles.MANAGER)));
    model.addAttribute("pollUrl", filter.url("/console/inbox"));
    model.addAttribute("rows", me.hasAnyRole(DECIDERS) ? rows(me, filter) : List.of());
    return "console/inbox";
  }

  /** The inbox's rows alone, for the page's poll every 5 s, with the page's filter. */
  @GetMapping("/console/inbox")
  String inboxRows(@RequestParam(required = false) String type, @RequestParam(required = false) String min,
      @RequestParam(required = false) String max, @RequestParam(required = false) String breached,
      @RequestParam(required = false) String mine, Authentication signedIn, Model model) {
    PrincipalInfo me = me(signedIn, model);
    ConsoleForms.requireAny(me, "The approvals inbox", DECIDERS);
    InboxFilter filter = InboxFilter.parse(type, min, max, breached, mine);
    model.addAttribute("filter", filter);
    model.addAttribute("manager", me.hasAnyRole(List.of(Roles.MANAGER)));
    model.addAttribute("rows", rows(me, filter));
    return "console/inbox :: rows";
  }

  /** A filter that does not parse reads nothing: its problems are shown instead of rows. */
  private List<InboxRow> rows(PrincipalInfo me, InboxFilter filter) {
    return filter.valid() ? filter.apply(inbox.rows(me.roles(), filter, me.id()), me.id()) : List.of();
  }

  @GetMapping("/console/actions/{actionId}")
  String actionPage(@PathVariable String actionId, Authentication signedIn, Model model) {
    PrincipalInfo me = me(signedIn, model);
    ConsoleForms.requireAny(me, "An action's page", READERS);
    ActionState state = actions.state(actionId);
    Optional<ActionListItem> row = list.findById(actionId);
    if (state.status() == ActionStatus.SUCCEEDED
        && row.map(r -> r.status() == ActionStatus.REVERSED).orElse(false)) {
      state = state.withStatus(ActionStatus.REVERSED);
    }
    List<AuditRecord> trail = trails.of(actionId, state.conversationId(), state.type());
    model.addAttribute("action", state);
    model.addAttribute("actorType", row.map(ActionListItem::actorType).orElse(
        state.actor() == null ? "?" : String.valueOf(state.actor().type())));
    model.addAttribute("trail", trail);
    model.addAttribute("chain", trails.verification(actionId));
    model.addAttribute("confirmedAt", trail.stream().filter(r -> "CONFIRMED".equals(r.event()))
        .map(AuditRecord::occurredAt).findFirst().orElse(null));
    // The receipt through the same entry point as GET /api/v1/actions/{id}/consent; only asked for
    // when the customer was asked, so other pages cost no extra query.
    String shownText = state.confirmation() == null ? null : state.confirmation().text();
    model.addAttribute("consent", shownText == null ? null
        : actions.findConsent(actionId).map(receipt -> ConsentView.of(receipt, shownText)).orElse(null));
    model.addAttribute("countdown", state.approval() == null ? null
        : Countdown.of(ActionTrail.askedAt(trail), state.approval().deadline(), clock.instant()));
    boolean pending = state.status() == ActionStatus.AWAITING_APPROVAL;
    model.addAttribute("canDecide", me.hasAnyRole(DECIDERS) && pending);
    model.addAttribute("claim", pending ? claims.holder(actionId).orElse(null) : null);
    model.addAttribute("manager", me.hasAnyRole(List.of(Roles.MANAGER)));
    model.addAttribute("rejectPresets", properties.rejectPresets());
    model.addAttribute("temporalUrl", UriComponentsBuilder.fromUriString(properties.temporalUiUrl())
        .path("/namespaces/{namespace}/workflows/{workflowId}")
        .buildAndExpand(namespace, actionId).encode().toUriString());
    return "console/action";
  }

  @PostMapping("/console/actions/{actionId}/approve")
  String approve(@PathVariable String actionId, @RequestParam(required = false) String comment,
      Authentication signedIn, Model model, RedirectAttributes redirect) {
    PrincipalInfo me = me(signedIn, model);
    String text = comment == null || comment.isBlank() ? null : comment;
    return decide(actionId, new HumanInput(HumanInput.Kind.APPROVE, me.id(), text), "Approved.", signedIn, model,
        redirect);
  }

  @PostMapping("/console/actions/{actionId}/reject")
  String reject(@PathVariable String actionId, @RequestParam(required = false) String reason,
      Authentication signedIn, Model model, RedirectAttributes redirect) {
    PrincipalInfo me = me(signedIn, model);
    if (reason == null || reason.isBlank()) {
      return refused(actionId, "A rejection needs a reason: say why the action is rejected.", signedIn, model);
    }
    return decide(actionId, new HumanInput(HumanInput.Kind.REJECT, me.id(), reason), "Rejected.", signedIn, model,
        redirect);
  }

  private String decide(String actionId, HumanInput input, String done, Authentication signedIn, Model model,
      RedirectAttributes redirect) {
    String text = input.text();
    if (text != null && text.length() > MAX_TEXT_LENGTH) {
      return refused(actionId, "The text is too long: at most " + MAX_TEXT_LENGTH + " characters.", signedIn, model);
    }
    try {
      TextFields.require(input.kind() == HumanInput.Kind.REJECT ? "reason" : "comment", text);
    } catch (ApiProblem problem) {
      return refused(actionId, problem.getMessage(), signedIn, model);
    }
    InputOutcome outcome = actions.decide(actionId, input);
    if (!outcome.accepted()) {
      return refused(actionId, outcome.reason(), signedIn, model);
    }
    redirect.addFlashAttribute("notice", done);
    return "redirect:/console/actions/" + actionId;
  }

  /** The action's page again, with the refusal above its forms. */
  private String refused(String actionId, String reason, Authentication signedIn, Model model) {
    model.addAttribute("refusal", reason);
    return actionPage(actionId, signedIn, model);
  }

  private PrincipalInfo me(Authentication signedIn, Model model) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    model.addAttribute("me", me);
    return me;
  }

}
