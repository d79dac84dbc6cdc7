package com.governedactions.policy;

import static com.governedactions.policy.ActionParam.optional;
import static com.governedactions.policy.ActionParam.required;
import static com.governedactions.policy.ActionParam.requiredObject;
import static com.governedactions.policy.ParamKind.CURRENCY;
import static com.governedactions.policy.ParamKind.DECIMAL;
import static com.governedactions.policy.ParamKind.TEXT;

import com.governedactions.action.PlannedStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The action types this service governs. Connector operations in each plan are implemented under
 * exactly these names.
 */
@Component
public class ActionCatalog {
  /** The action type of a governed reversal, and the one connector operation it runs. */
  public static final String REVERSAL = "reversal";
  public static final String REVERSE_OPERATION = "governed.reverse";

  private static final ActionParam ORDER_ID = required("orderId", TEXT, "the order, e.g. A-1001");

  private final Map<String, ActionType> types;

  public ActionCatalog() {
    this(definitions(), List.of());
  }

  /** The built-in types plus those other beans contribute (config-declared HTTP action types). */
  @Autowired
  public ActionCatalog(List<ActionTypeContributor> contributors) {
    this(definitions(), contributors);
  }

  /** A catalog of other types: the rule benchmark uses 20 of them. */
  static ActionCatalog of(List<ActionType> definitions) {
    return new ActionCatalog(definitions, List.of());
  }

  private ActionCatalog(List<ActionType> definitions, List<ActionTypeContributor> contributors) {
    Map<String, ActionType> byName = new LinkedHashMap<>();
    for (ActionType type : definitions) {
      byName.put(type.name(), type);
    }
    for (ActionTypeContributor contributor : contributors) {
      for (ActionType type : contributor.actionTypes()) {
        if (byName.putIfAbsent(type.name(), type) != null) {
          throw new IllegalStateException("action type '" + type.name() + "' from "
              + contributor.getClass().getSimpleName() + " is already in the catalog; choose another name");
        }
      }
    }
    this.types = Collections.unmodifiableMap(byName);
  }

  /**
   * What is wrong with a request for {@code type} with {@code params}, one human-readable problem
   * per entry, e.g. {@code params.amount: must be a decimal string like "89.50" with at most 2
   * decimals}. Empty when the request is valid.
   */
  public List<String> validate(String type, Map<String, Object> params) {
    ActionType actionType = types.get(type);
    if (actionType == null) {
      return List.of("type: unknown action type '" + type + "'; known types: "
          + requestable().stream().map(ActionType::name).collect(java.util.stream.Collectors.joining(", ")));
    }
    List<String> problems = new ArrayList<>();
    ParamRules.validateObject("params", actionType.params(), params == null ? Map.of() : params, problems);
    return List.copyOf(problems);
  }

  public Optional<ActionType> find(String type) {
    return Optional.ofNullable(type == null ? null : types.get(type));
  }

  public Collection<ActionType> all() {
    return types.values();
  }

  /**
   * The types a client may ask for with {@code POST /actions}: all but {@link #REVERSAL}, which only
   * {@code POST /actions/{id}/reverse} starts, after checking the original and its window.
   */
  public List<ActionType> requestable() {
    return types.values().stream().filter(type -> !REVERSAL.equals(type.name())).toList();
  }

  private static List<ActionType> definitions() {
    return List.of(
        new ActionType(
            "refund",
            "Refund part or all of an order's payment to the customer.",
            List.of(
                ORDER_ID,
                required("amount", DECIMAL, "amount to refund in major units, as a decimal string, e.g. \"89.50\""),
                required("currency", CURRENCY, "ISO 4217 currency of the amount, e.g. USD"),
                optional("reason", TEXT, "why the customer gets a refund")),
            RiskTier.HIGH,
            "Refund {currency} {amount} to order {orderId}?",
            List.of(new PlannedStep("payments.refund", "payments.refund.reverse"))),
        new ActionType(
            "cancel_order",
            "Cancel an order and refund whatever of its payment has not been refunded yet.",
            List.of(ORDER_ID, optional("reason", TEXT, "why the order is cancelled")),
            RiskTier.HIGH,
            "Cancel order {orderId} and refund its payment?",
            // Money goes back first: if the cancellation then fails, the refund is reversed.
            List.of(
                new PlannedStep("payments.refund_remaining", "payments.refund.reverse"),
                new PlannedStep("orders.cancel", null))),
        new ActionType(
            "update_address",
            "Change the delivery address of an order that has not shipped.",
            List.of(
                ORDER_ID,
                requiredObject(
                    "address",
                    "the new delivery address",
                    List.of(
                        required("line1", TEXT, "street and number"),
                        optional("line2", TEXT, "apartment, floor, care of"),
                        required("city", TEXT, "city"),
                        required("postalCode", TEXT, "postal code"),
                        required("country", TEXT, "country, e.g. US")))),
            RiskTier.MEDIUM,
            "Change the delivery address of order {orderId} to {address.line1}, {address.city}?",
            List.of(new PlannedStep("orders.update_address", "orders.restore_address"))),
        new ActionType(
            "apply_discount",
            "Take an amount off an order's total.",
            List.of(
                ORDER_ID,
                required("amount", DECIMAL, "discount in major units, as a decimal string, e.g. \"10.00\""),
                required("currency", CURRENCY, "ISO 4217 currency of the amount, e.g. USD"),
                optional("code", TEXT, "the discount or goodwill code to record")),
            RiskTier.MEDIUM,
            "Apply a {currency} {amount} discount to order {orderId}?",
            List.of(new PlannedStep("orders.apply_discount", "orders.remove_discount"))),
        // Cases for people. The calls are declared, not coded: operations tickets.* of the HTTP
        // connector (governed.connectors.http.systems.tickets), which hand over the whole case.
        new ActionType(
            "escalate",
            "Hand the conversation to a human team as a case, with the request, the decision and everything already attempted.",
            List.of(
                required("team", TEXT, "the team that takes the case, e.g. billing"),
                required("reason", TEXT, "why a person has to take over"),
                optional("customerRequest", TEXT, "what the customer asked for, in their words")),
            RiskTier.LOW,
            "Hand this conversation to the {team} team?",
            List.of(new PlannedStep("tickets.escalate", "tickets.escalate.compensate"))),
        new ActionType(
            "log_ticket",
            "Log a ticket for a follow-up by a human team, with the conversation's context attached.",
            List.of(
                required("subject", TEXT, "what the ticket is about, in one line"),
                optional("details", TEXT, "anything the team should know"),
                optional("team", TEXT, "the team that follows up; the ticketing system's default when absent")),
            RiskTier.LOW,
            "Log a ticket: {subject}?",
            List.of(new PlannedStep("tickets.log_ticket", "tickets.log_ticket.compensate"))),
        // Started only by POST /actions/{id}/reverse, which checks the window; governed like any
        // other action, then one step compensates the original's steps (see reversal.Reversals).
        new ActionType(
            REVERSAL,
            "Undo a SUCCEEDED action within its type's reversal window (POST /actions/{id}/reverse).",
            List.of(
                required("originalActionId", TEXT, "the action to undo"),
                required("originalType", TEXT, "its action type, e.g. refund"),
                optional("reason", TEXT, "why it is undone")),
            RiskTier.HIGH,
            "Undo {originalType} {originalActionId}?",
            List.of(new PlannedStep(REVERSE_OPERATION, null))));
  }
}
