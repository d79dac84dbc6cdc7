package com.governedactions.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize larger request bodies under {@code /api} are refused with 413, chunked or not
 * @param temporalTimeout how long one API call waits for Temporal (start + rule check, a query, a
 *     decision) before answering 504; the client can repeat the same request safely
 */
@ConfigurationProperties("governed.api")
public record ApiProperties(DataSize maxBodySize, Duration temporalTimeout) {
  public ApiProperties {
    maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
    temporalTimeout = temporalTimeout == null ? Duration.ofSeconds(30) : temporalTimeout;
  }
}
