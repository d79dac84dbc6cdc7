package com.governedactions.api.policy;

import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.SimulationReport;
import java.time.Instant;

/**
 * A draft policy replayed against the recorded requests of a range and compared with the active
 * policy: what {@code POST /api/v1/policy/simulate} answers and the console's policy editor shows
 * before saving. Changes nothing.
 */
public final class DraftSimulation {
  /** Drafts are never activated from here; the number only labels the compiled draft. */
  static final long DRAFT_VERSION = 0;
  public static final int DEFAULT_EXAMPLES = 3;

  private final PolicyCompiler compiler;
  private final ActivePolicy activePolicy;
  private final PolicySimulator simulator;

  public DraftSimulation(PolicyCompiler compiler, ActivePolicy activePolicy, PolicySimulator simulator) {
    this.compiler = compiler;
    this.activePolicy = activePolicy;
    this.simulator = simulator;
  }

  /**
   * @param from first creation time replayed, inclusive
   * @param to end of the range, exclusive
   * @throws PolicyValidationException when the draft does not compile; nothing runs
   */
  public SimulationReport simulate(String source, Instant from, Instant to, int examples) {
    CompiledPolicy draft = compiler.compile(source, DRAFT_VERSION);
    return simulator.simulate(draft, activePolicy.current(), from, to, examples);
  }
}
