package com.governedactions.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableMap;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.Customer;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.MutableMapValue;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.StructValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelVariableResolver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables a rule condition can read (spec section 3), declared as typed structs so that a
 * misspelled field such as {@code action.amout} is a compile error at load rather than a rule that
 * silently never matches. At evaluation time the structs are plain maps, which CEL selects from.
 */
final class RuleContext {
  static final String HISTORY = "history";

  private static final StructType AGGREGATE =
      struct("governed.Aggregate", ImmutableMap.of("count", SimpleType.INT, "sum", SimpleType.DOUBLE));
  private static final MapType BY_TYPE = MapType.create(SimpleType.STRING, AGGREGATE);
  private static final StructType CUSTOMER_HISTORY =
      struct(
          "governed.CustomerHistory",
          ImmutableMap.<String, CelType>builder()
              .put("refunds24h", AGGREGATE)
              .put("refunds7d", AGGREGATE)
              .put("refunds30d", AGGREGATE)
              .put("byType24h", BY_TYPE)
              .put("byType7d", BY_TYPE)
              .put("byType30d", BY_TYPE)
              .buildOrThrow());
  private static final StructType ACTOR_HISTORY =
      struct("governed.ActorHistory", ImmutableMap.of("actions24h", AGGREGATE, "byType24h", BY_TYPE));
  private static final StructType ORDER_HISTORY =
      struct("governed.OrderHistory", ImmutableMap.of("refunds", AGGREGATE));
  private static final StructType HISTORY_TYPE =
      struct(
          "governed.History",
          ImmutableMap.of("customer", CUSTOMER_HISTORY, "actor", ACTOR_HISTORY, "order", ORDER_HISTORY));
  private static final StructType ACTION =
      struct(
          "governed.Action",
          ImmutableMap.of(
              "type", SimpleType.STRING,
              "amount", SimpleType.DOUBLE,
              "currency", SimpleType.STRING,
              "params", MapType.create(SimpleType.STRING, SimpleType.DYN)));
  private static final StructType ACTOR =
      struct(
          "governed.Actor",
          ImmutableMap.of(
              "type", SimpleType.STRING, "id", SimpleType.STRING, "roles", ListType.create(SimpleType.STRING)));
  private static final StructType CUSTOMER =
      struct(
          "governed.Customer",
          ImmutableMap.of("id", SimpleType.STRING, "segment", SimpleType.STRING, "verification", SimpleType.STRING));

  private static final Customer NO_CUSTOMER = new Customer(null, null, null);
  // Every count and sum that is zero is the same immutable struct: most of history.* is zero.
  private static final ContextStruct ZERO_AGGREGATE =
      new ContextStruct(AGGREGATE, Map.of("count", 0L, "sum", 0.0));

  // A rule walks a request of bounded size; this only stops a runaway comprehension.
  private static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

  private RuleContext() {}

  /** A CEL environment with the context declared; immutable and safe to share between threads. */
  static Cel newCel() {
    return CelFactory.plannerCelBuilder()
        .setOptions(
            CelOptions.current()
                .enableHeterogeneousNumericComparisons(true) // the planner requires it
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(new ContextTypes())
        .addVar("action", ACTION)
        .addVar("actor", ACTOR)
        .addVar("customer", CUSTOMER)
        .addVar("channel", SimpleType.STRING)
        .addVar(HISTORY, HISTORY_TYPE)
        .build();
  }

  /**
   * The values of one request. Absent strings are empty, never null: CEL has no null string, and a
   * rule comparing {@code customer.segment == "vip"} should simply not match.
   */
  static Activation activation(ActionRequest request, BigDecimal amount, String currency, Object history) {
    Actor actor = request.actor();
    Customer customer = request.customer() == null ? NO_CUSTOMER : request.customer();
    return new Activation(
        new ContextStruct(
            ACTION,
            Map.of(
                "type", text(request.type()),
                "amount", amount.doubleValue(),
                "currency", text(currency),
                "params", celValue(request.params()))),
        new ContextStruct(
            ACTOR,
            Map.of(
                "type", actor.type().json(),
                "id", text(actor.id()),
                "roles", actor.roles())),
        new ContextStruct(
            CUSTOMER,
            Map.of(
                "id", text(customer.id()),
                "segment", text(customer.segment()),
                "verification", text(customer.verification()))),
        text(request.channel()),
        history);
  }

  /**
   * The variables of one request as CEL reads them. One resolver per request serves every rule:
   * {@code eval(Map)} would copy the activation for each rule, and a lambda per rule is garbage.
   */
  record Activation(Object action, Object actor, Object customer, String channel, Object history)
      implements CelVariableResolver {
    @Override
    public Optional<Object> find(String name) {
      return Optional.ofNullable(
          switch (name) {
            case "action" -> action;
            case "actor" -> actor;
            case "customer" -> customer;
            case "channel" -> channel;
            case HISTORY -> history;
            default -> null;
          });
    }
  }

  /**
   * A context struct as CEL's runtime takes it without conversion. CEL walks (and may copy) a plain
   * {@link Map} variable on every access to it and again on every result it unwraps, which made
   * that walking most of the cost of a rule check; a {@link StructValue} that is its own value is
   * used as it is, and fields are selected on demand.
   */
  static final class ContextStruct extends StructValue<String, ContextStruct> {
    private final StructType type;
    private final Map<String, Object> fields;

    ContextStruct(StructType type, Map<String, Object> fields) {
      this.type = type;
      this.fields = fields;
    }

    @Override
    public Object select(String field) {
      Object value = fields.get(field);
      if (value == null) {
        throw new IllegalArgumentException("no field '" + field + "' in " + type.name());
      }
      return value instanceof CelValue ? value : new Converted(value);
    }

    @Override
    public Optional<Object> find(String field) {
      return Optional.ofNullable(fields.get(field));
    }

    /** Itself: what CEL unwraps to must stay selectable without another conversion. */
    @Override
    public ContextStruct value() {
      return this;
    }

    @Override
    public boolean isZeroValue() {
      return fields.isEmpty();
    }

    @Override
    public CelType celType() {
      return type;
    }

    @Override
    public String toString() {
      return type.name() + fields;
    }
  }

  /**
   * A field value that is already in CEL's runtime form (64-bit ints, doubles, strings, lists of
   * them), marked so that CEL takes it as it is. CEL otherwise runs every selected value through a
   * chain of interface type checks (proto message, list, collection, map, ...) twice, and on JDK 17
   * those failing checks were the largest single cost of a rule check. CEL unwraps it to the plain
   * value at the end of the selection, so functions never see the marker.
   */
  private static final class Converted extends CelValue {
    private final Object value;

    Converted(Object value) {
      this.value = value;
    }

    @Override
    public Object value() {
      return value;
    }

    @Override
    public boolean isZeroValue() {
      return false;
    }

    @Override
    public CelType celType() {
      return SimpleType.DYN;
    }
  }

  /**
   * {@code history.*} as rules read it. Every catalog type is present in the per-type maps (zero
   * when it did not occur), so {@code history.customer.byType7d["apply_discount"].count} never
   * fails on a key that is merely absent.
   */
  static Object history(HistorySnapshot snapshot, Collection<String> actionTypes) {
    return history(snapshot, zeroByType(actionTypes));
  }

  /**
   * As {@link #history(HistorySnapshot, Collection)}, with the all-zero per-type map built once
   * ({@link #zeroByType}) instead of once per map per request.
   */
  static Object history(HistorySnapshot snapshot, MutableMapValue zeroByType) {
    Object actor24h = byType(snapshot.actor24h(), zeroByType);
    Tally actorTotal = Tally.ZERO;
    for (Tally tally : snapshot.actor24h().values()) {
      actorTotal = actorTotal.plus(tally);
    }
    return new ContextStruct(
        HISTORY_TYPE,
        Map.of(
            "customer",
            new ContextStruct(
                CUSTOMER_HISTORY,
                Map.of(
                    "refunds24h", aggregate(snapshot.customer24h().get("refund")),
                    "refunds7d", aggregate(snapshot.customer7d().get("refund")),
                    "refunds30d", aggregate(snapshot.customer30d().get("refund")),
                    "byType24h", byType(snapshot.customer24h(), zeroByType),
                    "byType7d", byType(snapshot.customer7d(), zeroByType),
                    "byType30d", byType(snapshot.customer30d(), zeroByType))),
            "actor",
            new ContextStruct(ACTOR_HISTORY, Map.of("actions24h", aggregate(actorTotal), "byType24h", actor24h)),
            "order",
            new ContextStruct(ORDER_HISTORY, Map.of("refunds", aggregate(snapshot.orderRefunds())))));
  }

  /** Each of {@code actionTypes} with a zero aggregate; never mutated, so one serves every request. */
  static MutableMapValue zeroByType(Collection<String> actionTypes) {
    Map<String, Object> zeros = new HashMap<>();
    actionTypes.forEach(type -> zeros.put(type, ZERO_AGGREGATE));
    return MutableMapValue.create(zeros);
  }

  // A MutableMapValue (never mutated) because CEL copies a plain Map on every access to it.
  private static MutableMapValue byType(Map<String, Tally> tallies, MutableMapValue zeroByType) {
    if (tallies.isEmpty()) {
      return zeroByType;
    }
    Map<Object, Object> byType = new HashMap<>(zeroByType);
    tallies.forEach((type, tally) -> byType.put(type, aggregate(tally)));
    return MutableMapValue.create(byType);
  }

  private static ContextStruct aggregate(Tally tally) {
    if (tally == null || (tally.count() == 0 && tally.sum().signum() == 0)) {
      return ZERO_AGGREGATE;
    }
    return new ContextStruct(AGGREGATE, Map.of("count", tally.count(), "sum", tally.sum().doubleValue()));
  }

  /**
   * Which parts of {@code history.*} a checked condition reads. A bare {@code history} that is not
   * selected into (unusual, e.g. passed to a macro) reads all of it.
   */
  static Set<HistoryScope> historyScopes(CelAbstractSyntaxTree ast) {
    EnumSet<HistoryScope> scopes = EnumSet.noneOf(HistoryScope.class);
    long[] bare = {0};
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(CelNavigableExpr::expr)
        .forEach(
            expr -> {
              if (expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(HISTORY)) {
                bare[0]++;
              } else if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT
                  && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
                  && expr.select().operand().ident().name().equals(HISTORY)) {
                bare[0]--;
                switch (expr.select().field()) {
                  case "customer" -> scopes.add(HistoryScope.CUSTOMER);
                  case "actor" -> scopes.add(HistoryScope.ACTOR);
                  case "order" -> scopes.add(HistoryScope.ORDER);
                  default -> bare[0]++;
                }
              }
            });
    return bare[0] > 0 ? EnumSet.allOf(HistoryScope.class) : scopes;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /**
   * JSON values as CEL expects them: 64-bit ints and doubles; null map entries are absent; maps
   * already in CEL's runtime form. Nothing mutates them.
   */
  private static Object celValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          converted.put(String.valueOf(k), celValue(v));
        }
      });
      // A map value CEL takes as it is: a plain Map is copied into an ImmutableMap on every access
      // to it (twice per selection), which made action.params the most expensive part of a rule.
      return MutableMapValue.create(converted);
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>(list.size());
      list.forEach(v -> converted.add(v == null ? NullValue.NULL_VALUE : celValue(v)));
      return converted;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
      return value;
    }
    return String.valueOf(value);
  }

  private static StructType struct(String name, ImmutableMap<String, CelType> fields) {
    return StructType.create(name, fields.keySet(), field -> Optional.ofNullable(fields.get(field)));
  }

  /** Lets the type checker resolve the fields of the context structs. */
  private static final class ContextTypes implements CelTypeProvider {
    private static final ImmutableMap<String, CelType> TYPES =
        ImmutableMap.of(
            ACTION.name(), ACTION,
            ACTOR.name(), ACTOR,
            CUSTOMER.name(), CUSTOMER,
            HISTORY_TYPE.name(), HISTORY_TYPE,
            CUSTOMER_HISTORY.name(), CUSTOMER_HISTORY,
            ACTOR_HISTORY.name(), ACTOR_HISTORY,
            ORDER_HISTORY.name(), ORDER_HISTORY,
            AGGREGATE.name(), AGGREGATE);

    @Override
    public ImmutableCollection<CelType> types() {
      return TYPES.values();
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(TYPES.get(typeName));
    }
  }
}
