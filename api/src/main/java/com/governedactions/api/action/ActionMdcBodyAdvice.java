package com.governedactions.api.action;

import com.governedactions.action.ActionIds;
import com.governedactions.observability.ActionMdc;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A submission names its action (from its {@code requestId}) in the MDC as soon as its body is
 * read, so the lines logged while it is validated and started carry it. {@code ActionMdcFilter}
 * takes the fields away once the request is done.
 */
@ControllerAdvice
class ActionMdcBodyAdvice extends RequestBodyAdviceAdapter {
  @Override
  public boolean supports(
      MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
    return targetType == SubmitActionBody.class;
  }

  @Override
  public Object afterBodyRead(
      Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    if (body instanceof SubmitActionBody submission && ActionIds.isValidRequestId(submission.requestId())) {
      ActionMdc.enter(ActionIds.actionIdFor(submission.requestId())); // closed by ActionMdcFilter
    }
    return body;
  }
}
