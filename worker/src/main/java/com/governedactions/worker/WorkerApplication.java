package com.governedactions.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The worker alone, without the web server: the GovernedAction workflow and its activities (rules,
 * connectors, audit, directory) polling the {@code governed-actions} task queue. Production runs it
 * beside API-only processes ({@code governed.worker.enabled=false}) against a Temporal cluster.
 */
@SpringBootApplication(scanBasePackages = "com.governedactions")
public class WorkerApplication {
  public static void main(String[] args) {
    new SpringApplicationBuilder(WorkerApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.application.name=governed-actions-worker")
        .run(args);
  }
}
