package com.governedactions.api.console;

import com.governedactions.api.ApiProblem;
import com.governedactions.action.directory.PrincipalInfo;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** What the console's pages share: the role check, a refused form, and the filter forms. */
final class ConsoleForms {
  private ConsoleForms() {}

  /** A form sends its empty fields too; an empty field is no filter, not a wrong one. */
  static MultiValueMap<String, String> filled(MultiValueMap<String, String> query) {
    MultiValueMap<String, String> filled = new LinkedMultiValueMap<>();
    query.forEach((name, values) -> values.stream().filter(v -> v != null && !v.isBlank())
        .forEach(v -> filled.add(name, v)));
    return filled;
  }

  static String url(String path, MultiValueMap<String, String> query) {
    return UriComponentsBuilder.fromPath(path).queryParams(query).encode().build().toUriString();
  }

  /** Roles are checked on the server for every page and form; a refusal is a 403 page (ConsoleErrors). */
  static void requireAny(PrincipalInfo me, String what, List<String> roles) {
    if (!me.hasAnyRole(roles)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
          what + " needs one of the roles " + roles + "; '" + me.id() + "' has " + me.roles() + ".");
    }
  }

  /** A form the API's parser refused: its status, and its problems for the page's problem box. */
  static void refuse(ApiProblem problem, Model model, HttpServletResponse response) {
    response.setStatus(problem.status().value());
    model.addAttribute("problem", problem.getMessage());
    model.addAttribute("problems", problem.errors());
  }
}
