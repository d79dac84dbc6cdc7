package com.governedactions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code governed.api.max-body-size} with 413 before any of it is
 * parsed. A declared Content-Length is checked up front; a body of unknown length (chunked) is read
 * up to one byte past the limit, so a client cannot get around the limit by not declaring a length.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10) // after the bearer token is checked
class BodySizeLimitFilter extends OncePerRequestFilter {
  private final long limit;
  private final ProblemWriter problems;

  BodySizeLimitFilter(ApiProperties properties, ObjectMapper objectMapper) {
    this.limit = properties.maxBodySize().toBytes();
    this.problems = new ProblemWriter(objectMapper);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiPaths.isApi(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // RFC 9112: with a Transfer-Encoding the Content-Length does not count.
    boolean lengthUnknown =
        request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || request.getContentLengthLong() < 0;
    if (!lengthUnknown) {
      if (request.getContentLengthLong() > limit) {
        refuse(request, response);
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit + 1));
    if (body.length > limit) {
      refuse(request, response);
      return;
    }
    chain.doFilter(new BufferedBodyRequest(request, body), response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // The rest of an oversized body is not read: close the connection rather than drain it.
    response.setHeader(HttpHeaders.CONNECTION, "close");
    problems.write(request, response,
        new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
            "The request body is larger than " + limit + " bytes. Send a smaller body."));
  }

  /** The request with its body already read into memory (at most the limit). */
  private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already buffered; read it synchronously");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
