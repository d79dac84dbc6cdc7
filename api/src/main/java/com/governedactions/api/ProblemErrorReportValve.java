package com.governedactions.api;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers — a request it refuses before any servlet runs, such as a NUL, an
 * encoded '/' or a '<' in the path, or a request line over the size limit — as problem+json like
 * every other answer of the API, instead of Tomcat's HTML page. Installed as the host's error
 * report valve by {@link TomcatErrorPages}; says nothing about the server.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
  private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail = status == 400
        ? "The request is not valid HTTP for this server: its path, query or headers could not be read (an"
            + " invalid or control character in the path, an encoded '/', or a request line or headers over"
            + " 8 KiB). Percent-encode every id in a path or query, and keep the headers small."
        : "The server refused the request before handling it (" + title + ").";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write("{\"type\":\"" + ApiProblem.type(slug(status)) + "\",\"title\":\"" + title
            + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      log.debug("could not write the problem for a refused request", e);
    }
  }

  private static String slug(int status) {
    return status == 400 ? "bad-request" : "http-" + status;
  }
}
