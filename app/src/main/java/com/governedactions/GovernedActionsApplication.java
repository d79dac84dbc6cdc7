package com.governedactions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The whole service in one process: API, web console, worker, and in dev mode an embedded Temporal. */
@SpringBootApplication
public class GovernedActionsApplication {
  public static void main(String[] args) {
    if (CommandLineHelp.printedFor(args, System.out)) {
      return;
    }
    SpringApplication.run(GovernedActionsApplication.class, args);
  }
}
