package com.governedactions.worker;

import com.governedactions.connector.ConnectorActivitiesImpl;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import org.springframework.stereotype.Component;

/**
 * Lets a connector's heartbeats reach Temporal as often as it sends them. The SDK otherwise
 * forwards at most one heartbeat per 80% of the heartbeat timeout (8 s of the 10 s), which leaves a
 * long call 2 s of slack: a busy worker that sends one late loses the attempt to a heartbeat
 * timeout and the call is made again (safe, under the same idempotency key, but a second call all
 * the same). With this ceiling a live call's heartbeat lands every 2 s.
 */
@Component
class HeartbeatThrottle implements WorkerOptionsCustomizer {
  @Override
  public WorkerOptions.Builder customize(WorkerOptions.Builder options, String workerName, String taskQueue) {
    return options.setMaxHeartbeatThrottleInterval(ConnectorActivitiesImpl.HEARTBEAT_EVERY);
  }
}
