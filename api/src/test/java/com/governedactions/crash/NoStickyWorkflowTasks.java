package com.governedactions.crash;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.context.annotation.Bean;

/**
 * Added to the worker JVM with {@code --spring.main.sources}; deliberately no stereotype, so no
 * component scan ever picks it up.
 *
 * <p>Why: a worker asks the service to send its workflow's next tasks to the worker's own sticky
 * queue. A real Temporal server moves such a task to the normal queue once it waits there longer
 * than the sticky schedule-to-start timeout (5 s), which is how a crashed worker's workflows reach
 * its replacement. The Java test server has no such timeout: a task on the dead worker's sticky
 * queue, and every query, would wait forever. A zero timeout makes the SDK ask for no sticky queue
 * at all (ReplayWorkflowTaskHandler), so every workflow task goes to the normal queue with the
 * full history, as after a sticky timeout on a real server.
 */
class NoStickyWorkflowTasks {
  @Bean
  TemporalOptionsCustomizer<WorkerOptions.Builder> noStickyTaskQueue() {
    return options -> options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
  }
}
