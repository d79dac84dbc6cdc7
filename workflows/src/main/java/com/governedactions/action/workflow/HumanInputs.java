package com.governedactions.action.workflow;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.workflow.Journal.Entry;
import com.governedactions.action.directory.DirectoryActivities;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import io.temporal.workflow.Workflow;
import java.util.Optional;

/**
 * The one path for every human input — approve, reject, confirm, cancel — whichever way it came in
 * (update, signal, REST, Slack): look up who sent it, let {@link SeparationOfDuties} refuse it or
 * {@link ActionProgress} apply it, and record the outcome before answering.
 */
final class HumanInputs {
  private final DirectoryActivities directory =
      Workflow.newLocalActivityStub(DirectoryActivities.class, ActionActivityOptions.DIRECTORY);
  private final ActionProgress progress;
  private final ActionRecorder recorder;

  HumanInputs(ActionProgress progress, ActionRecorder recorder) {
    this.progress = progress;
    this.recorder = recorder;
  }

  InputOutcome handle(HumanInput input) {
    boolean decision = input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.REJECT;
    PrincipalInfo who = decision && input.by() != null && !input.by().isBlank()
        ? directory.lookup(new PrincipalLookup(input.by()))
        : PrincipalInfo.unknown(input.by());
    // Checked after the look-up: the state may have moved on (a timer fired) while it ran.
    Optional<SeparationOfDuties.Verdict> refusal = SeparationOfDuties.check(progress.attempt(input, who));
    if (refusal.isPresent()) {
      // A confirmation refused for another text keeps the receipt it was checked against.
      boolean consent = refusal.get().refusal() == InputOutcome.Refusal.CONSENT_MISMATCH;
      recorder.record(Entry.refused(input, refusal.get()).withConsent(consent ? progress.consent() : null));
      recorder.flush();
      return InputOutcome.refused(refusal.get().refusal(), refusal.get().reason(), progress.view());
    }
    ActionStatus before = progress.status();
    Entry applied = progress.apply(input, ActionRecorder.now());
    if (progress.status() != before) {
      recorder.statusChanged();
    }
    recorder.record(applied);
    recorder.flush();
    if ((input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.CONFIRM)
        && Workflow.getVersion(ChangeIds.ANSWER_AFTER_INPUT_TAKES_EFFECT, Workflow.DEFAULT_VERSION, 1) == 1) {
      // The main loop wakes on this input but moves on only after its own steps (the re-check
      // before execution runs an activity); without waiting, the answer would still say
      // AWAITING_APPROVAL although the action goes on to execute.
      Workflow.await(() -> !progress.waitsOnMainLoop(input.kind(), before));
    }
    return InputOutcome.accepted(progress.view());
  }
}
