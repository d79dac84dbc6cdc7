package com.governedactions.api;

import com.governedactions.action.directory.PrincipalInfo;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the principal the bearer filter authenticated to {@code @CurrentPrincipal} parameters. */
class CurrentPrincipalResolver implements HandlerMethodArgumentResolver {
  static final String ATTRIBUTE = CurrentPrincipal.class.getName();

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(CurrentPrincipal.class)
        && PrincipalInfo.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object principal = webRequest.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (principal == null) {
      // Only reachable if a controller outside /api asks for a principal: a wiring mistake.
      throw new IllegalStateException(
          "no authenticated principal: @CurrentPrincipal works only under /api, behind the bearer filter");
    }
    return principal;
  }
}
