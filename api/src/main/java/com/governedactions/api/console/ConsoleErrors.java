package com.governedactions.api.console;

import com.governedactions.api.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refusal on a console page is a page in the API's words, not problem JSON. */
@ControllerAdvice(assignableTypes = {ConsoleController.class, ConsoleAuditController.class, ConsoleClaimController.class,
    ConsoleAutonomyController.class, ConsoleAlertsController.class, ConsoleOverviewController.class,
    ConsolePolicyController.class})
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ConsoleErrors {
  @ExceptionHandler(ApiProblem.class)
  String refused(ApiProblem problem, HttpServletResponse response, Model model) {
    response.setStatus(problem.status().value());
    model.addAttribute("status", problem.status().value());
    model.addAttribute("detail", problem.getMessage());
    return "console/error";
  }
}
